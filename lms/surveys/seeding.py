"""The demo's survey instruments: written in Portuguese, translated into Spanish through
wagtail-localize's own path (a translation source, a PO file filled in as a translator would,
``import_po`` and ``save_target``), so the keys and limits are synchronised, not copied by
hand. Idempotent: what exists is left alone."""

from __future__ import annotations

import uuid
from decimal import Decimal

from django.db import transaction
from wagtail.models import Locale
from wagtail_localize.models import Translation, TranslationSource
from wagtail_localize.strings import StringValue

from .models import Instrument, InstrumentKind

SOURCE, TARGET = "pt-br", "es"
ID_NAMESPACE = uuid.UUID("0c2b6f4e-3d8a-4b7e-a1f4-5e9d2c7b8a31")

# Each text as (pt-BR, es).
EMPLOYMENT = [
    ("employed", ("Empregado(a), com ou sem carteira", "Empleado(a), con o sin contrato")),
    (
        "self_employed",
        ("Trabalho por conta própria ou tenho negócio", "Trabajo por mi cuenta o tengo un negocio"),
    ),
    ("unemployed", ("Procurando trabalho", "Buscando trabajo")),
    ("studying", ("Estudando", "Estudiando")),
    ("home", ("Cuidando da casa ou da família", "Cuidando de la casa o de la familia")),
    ("other", ("Outra situação", "Otra situación")),
]
SKILLS = [
    ("communication", ("Falar e ouvir com clareza", "Hablar y escuchar con claridad")),
    ("teamwork", ("Trabalhar em equipe", "Trabajar en equipo")),
    ("planning", ("Planejar e cumprir o que planejei", "Planificar y cumplir lo que planifiqué")),
    ("confidence", ("Confiar em mim e nas minhas ideias", "Confiar en mí y en mis ideas")),
    ("problem_solving", ("Resolver problemas do dia a dia", "Resolver problemas del día a día")),
]
LOW = ("Preciso melhorar muito", "Necesito mejorar mucho")
HIGH = ("Faço muito bem", "Lo hago muy bien")

INSTRUMENTS = {
    InstrumentKind.BASELINE: (
        ("Como você está hoje", "Cómo estás hoy"),
        (
            "Antes de começar o curso, queremos saber como estão o seu trabalho, a sua renda e "
            "as suas habilidades. Leva uns 3 minutos. Não há resposta certa ou errada.",
            "Antes de empezar el curso, queremos saber cómo van tu trabajo, tus ingresos y tus "
            "habilidades. Toma unos 3 minutos. No hay respuestas correctas ni incorrectas.",
        ),
    ),
    InstrumentKind.ENDLINE: (
        ("Como você está ao terminar o curso", "Cómo estás al terminar el curso"),
        (
            "Parabéns por concluir! As mesmas perguntas do início mostram o que mudou.",
            "¡Felicitaciones por terminar! Las mismas preguntas del inicio muestran qué cambió.",
        ),
    ),
    InstrumentKind.FOLLOW_UP: (
        ("Como você está agora", "Cómo estás ahora"),
        (
            "Passaram-se alguns meses desde o curso. Conte como estão o seu trabalho, a sua "
            "renda e as suas habilidades: isso mostra o que o programa mudou de verdade.",
            "Pasaron algunos meses desde el curso. Cuéntanos cómo van tu trabajo, tus ingresos "
            "y tus habilidades: así vemos lo que el programa cambió de verdad.",
        ),
    ),
}


def _questions(lang: int) -> list[tuple[str, dict]]:
    """(block type, value) for every question, in language 0 (pt-BR) or 1 (es)."""

    def text(pair: tuple[str, str]) -> str:
        return pair[lang]

    money_help = (
        "Se não souber o valor exato, escreva um valor aproximado.",
        "Si no sabes el valor exacto, escribe un valor aproximado.",
    )
    questions = [
        (
            "money",
            {
                "key": "monthly_income",
                "prompt": text(
                    (
                        "Quanto você ganhou no último mês, somando todos os seus trabalhos?",
                        "¿Cuánto ganaste el último mes, sumando todos tus trabajos?",
                    )
                ),
                "help_text": text(money_help),
                "business_only": False,
                "maximum": Decimal(50_000_000),
            },
        ),
        (
            "choice",
            {
                "key": "employment_status",
                "prompt": text(
                    (
                        "Qual é a sua situação de trabalho hoje?",
                        "¿Cuál es tu situación laboral hoy?",
                    )
                ),
                "help_text": "",
                "business_only": False,
                "options": [
                    {
                        "type": "item",
                        "value": {"value": value, "label": text(label)},
                        "id": str(uuid.uuid5(ID_NAMESPACE, f"employment_status:{value}")),
                    }
                    for value, label in EMPLOYMENT
                ],
            },
        ),
        (
            "money",
            {
                "key": "monthly_sales",
                "prompt": text(
                    (
                        "Quanto o seu negócio vendeu no último mês?",
                        "¿Cuánto vendió tu negocio el último mes?",
                    )
                ),
                "help_text": text(money_help),
                "business_only": True,
                "maximum": Decimal(100_000_000),
            },
        ),
        (
            "count",
            {
                "key": "employees_full_time",
                "prompt": text(
                    (
                        "Quantas pessoas trabalham no negócio em tempo integral (sem contar você)?",
                        "¿Cuántas personas trabajan en el negocio a tiempo completo "
                        "(sin contarte)?",
                    )
                ),
                "help_text": "",
                "business_only": True,
                "maximum": 500,
            },
        ),
        (
            "count",
            {
                "key": "employees_part_time",
                "prompt": text(
                    (
                        "E quantas trabalham meio período?",
                        "¿Y cuántas trabajan medio tiempo?",
                    )
                ),
                "help_text": "",
                "business_only": True,
                "maximum": 500,
            },
        ),
    ]
    for name, label in SKILLS:
        questions.append(
            (
                "rating",
                {
                    "key": f"soft_skill_{name}",
                    "prompt": text(label),
                    "help_text": "",
                    "business_only": False,
                    "low_label": text(LOW),
                    "high_label": text(HIGH),
                },
            )
        )
    return questions


def _stream(kind: str, lang: int) -> list[dict]:
    return [
        {
            "type": block_type,
            "value": value,
            "id": str(uuid.uuid5(ID_NAMESPACE, f"{kind}:{value['key']}")),
        }
        for block_type, value in _questions(lang)
    ]


def _pairs(value_pt, value_es):
    """Pair the texts of two streams of the same shape."""
    if isinstance(value_pt, str) and isinstance(value_es, str):
        yield value_pt, value_es
    elif isinstance(value_pt, dict):
        for name, item in value_pt.items():
            # Keys and stored values are synchronised, never translated.
            if name not in ("key", "id", "type") and name in value_es:
                yield from _pairs(item, value_es[name])
    elif isinstance(value_pt, list):
        for a, b in zip(value_pt, value_es, strict=True):
            yield from _pairs(a, b)


def _segment(text: str) -> str:
    return StringValue.from_plaintext(text).data


def instrument_translate(
    *, instrument: Instrument, pairs: dict[str, str], locale: Locale
) -> Instrument:
    """Translate ``instrument`` into ``locale`` as a translator's PO import would."""
    source, _created = TranslationSource.get_or_create_from_instance(instrument)
    translation, _created = Translation.objects.get_or_create(
        source=source, target_locale=locale, defaults={"enabled": True}
    )
    po = translation.export_po()
    segments = {_segment(a): _segment(b) for a, b in pairs.items()}
    for entry in po:
        entry.msgstr = segments.get(entry.msgid, "")
    translation.import_po(po)
    translation.save_target(publish=True)
    return instrument.get_translation(locale)


def instruments_seed() -> list[Instrument]:
    """The baseline, endline and follow-up instruments in pt-BR, each with its es translation."""
    source = Locale.objects.get_or_create(language_code=SOURCE)[0]
    target = Locale.objects.get_or_create(language_code=TARGET)[0]
    made = []
    for kind, (title, intro) in INSTRUMENTS.items():
        with transaction.atomic():
            instrument = Instrument.objects.filter(kind=kind, locale=source).first()
            if instrument is None:
                instrument = Instrument(
                    kind=kind,
                    title=title[0],
                    intro=intro[0],
                    questions=_stream(kind, 0),
                    locale=source,
                )
                instrument.save()
                instrument.save_revision()
            if instrument.get_translation_or_none(target) is None:
                pairs = {title[0]: title[1], intro[0]: intro[1]}
                pairs.update(_pairs([v for _t, v in _questions(0)], [v for _t, v in _questions(1)]))
                instrument_translate(instrument=instrument, pairs=pairs, locale=target)
            made.append(instrument)
    return made
