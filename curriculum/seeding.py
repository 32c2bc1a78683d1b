"""Building the demo curricula from ``demo_content/``.

The Portuguese pages are created first; the Spanish pages are wagtail-localize translations
of them (a ``Translation`` per page, filled from a PO file), exactly as an author's translation
would be. So they share ``translation_key`` and block ids, later edits to the source can be
synced, and the structure (minutes, pass marks, correct options) stays in one place.

Everything here is idempotent: what already exists is left alone.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.text import slugify
from wagtail.models import Locale, Page, Site
from wagtail_localize.models import Translation, TranslationSource
from wagtail_localize.strings import StringValue

from curriculum import demo_video
from curriculum.demo_content.calculators import calculator_blocks
from curriculum.demo_content.schema import validate_session
from curriculum.models import (
    CataloguePage,
    CurriculumPage,
    ModulePage,
    SessionPage,
    Video,
    VideoCaption,
)

CONTENT_DIR = Path(__file__).resolve().parent / "demo_content"
SOURCE = "pt-br"
TARGET = "es"
CURRICULA = ("personal", "enterprise")
ID_NAMESPACE = uuid.UUID("6f0c8f3e-6a51-4b8e-9d0a-1c5d7e2a9b10")

LABELS = {
    SOURCE: {"key_points": "Pontos-chave"},
    TARGET: {"key_points": "Puntos clave"},
}
CATALOGUE = {
    SOURCE: {
        "title": "Rumo",
        "summary": (
            "Aprenda no seu ritmo, no celular, e encontre o seu grupo nos encontros presenciais."
        ),
    },
    TARGET: {
        "title": "Rumo",
        "summary": (
            "Aprende a tu ritmo, en el celular, y encuentra a tu grupo "
            "en las sesiones presenciales."
        ),
    },
}
QUESTION_TYPES = {
    "single": "single_choice",
    "multiple": "multiple_choice",
    "true_false": "true_false",
    "numeric": "numeric",
}


class DemoContentError(Exception):
    """A demo content file does not have the expected shape."""


@dataclass
class SeedReport:
    created: list[str] = field(default_factory=list)
    existing: int = 0

    def add(self, label: str, created: bool) -> None:
        if created:
            self.created.append(label)
        else:
            self.existing += 1


Log = Callable[[str], None]


def _noop(_: str) -> None:
    return None


# --- Stream data ------------------------------------------------------------------------


class _Ids:
    """Deterministic block ids: the same session gets the same ids on every machine."""

    def __init__(self, key: str) -> None:
        self.key = key

    def __call__(self, *path: object) -> str:
        return str(uuid.uuid5(ID_NAMESPACE, ":".join([self.key, *map(str, path)])))


def _list(ids: _Ids, prefix: str, items: list[Any]) -> list[dict]:
    return [{"type": "item", "value": value, "id": ids(prefix, n)} for n, value in enumerate(items)]


def _question(ids: _Ids, n: int, q: dict) -> dict:
    kind = QUESTION_TYPES[q["kind"]]
    value: dict[str, Any] = {"prompt": q["prompt"], "explanation": q.get("explanation", "")}
    if kind == "numeric":
        value.update(
            answer=str(q["answer"]),
            tolerance=str(q.get("tolerance", 0)),
            unit=q.get("unit", ""),
            feedback_correct=q.get("feedback_correct", ""),
            feedback_incorrect=q.get("feedback_incorrect", ""),
        )
    else:
        options = [
            {
                "text": o["text"],
                "correct": bool(o.get("correct")),
                "feedback": o.get("feedback", ""),
            }
            for o in q["options"]
        ]
        value["options"] = _list(ids, f"q{n}:option", options)
    return {"type": kind, "value": value, "id": ids("q", n)}


def learner_stream(data: dict, lang: str, video: Video | None) -> list[dict]:
    loc = data[lang]
    ids = _Ids(data["key"])
    stream: list[dict] = []
    if video is not None:
        stream.append(
            {
                "type": "video",
                "value": {"video": video.pk, "caption": loc["video_caption"], "required": True},
                "id": ids("video"),
            }
        )
    stream.append({"type": "text", "value": loc["lesson"], "id": ids("lesson")})
    for level, text in sorted((loc.get("level_variants") or {}).items()):
        stream.append(
            {
                "type": "level_variant",
                "value": {"level": level, "text": text},
                "id": ids("level", level),
            }
        )
    for n, example in enumerate(loc.get("examples") or []):
        body = f"## {example['title']}\n\n{example['body']}"
        stream.append({"type": "text", "value": body, "id": ids("example", n)})
        stream += calculator_blocks(data, lang, ids, currency=example["currency"])
    stream.append(
        {
            "type": "key_points",
            "value": {
                "heading": LABELS[lang]["key_points"],
                "points": _list(ids, "point", loc["key_points"]),
            },
            "id": ids("key_points"),
        }
    )
    if loc.get("take_home"):
        stream.append({"type": "take_home", "value": loc["take_home"], "id": ids("take_home")})
    stream.append(
        {
            "type": "reflection",
            "value": {"prompt": loc["reflection"], "required": True},
            "id": ids("reflection"),
        }
    )
    quiz = loc["quiz"]
    stream.append(
        {
            "type": "quiz",
            "value": {
                "title": quiz["title"],
                "pass_mark": quiz.get("pass_mark", 75),
                "questions": [_question(ids, n, q) for n, q in enumerate(quiz["questions"])],
                "required": True,
            },
            "id": ids("quiz"),
        }
    )
    return stream


def guide_stream(data: dict, lang: str) -> list[dict]:
    guide = data[lang].get("guide") or {}
    ids = _Ids(data["key"])
    stream: list[dict] = []
    if guide.get("objectives"):
        stream.append(
            {
                "type": "objectives",
                "value": _list(ids, "objective", guide["objectives"]),
                "id": ids("objectives"),
            }
        )
    if guide.get("materials"):
        stream.append(
            {
                "type": "materials",
                "value": _list(ids, "material", guide["materials"]),
                "id": ids("materials"),
            }
        )
    for n, item in enumerate(guide.get("agenda") or []):
        value = {
            "title": item["title"],
            "minutes": item["minutes"],
            "method": item["method"],
            "instructions": item["instructions"],
            "tips": item.get("tips", ""),
        }
        stream.append({"type": "agenda_item", "value": value, "id": ids("agenda", n)})
    if guide.get("notes"):
        stream.append({"type": "note", "value": {"text": guide["notes"]}, "id": ids("note")})
    return stream


def _string_pairs(source: Any, target: Any) -> Iterator[tuple[str, str]]:
    """Walk two streams of the same shape and pair up their texts."""
    if isinstance(source, str) and isinstance(target, str):
        yield source, target
    elif isinstance(source, dict) and isinstance(target, dict):
        for name, value in source.items():
            if name not in ("id", "type") and name in target:
                yield from _string_pairs(value, target[name])
    elif isinstance(source, list) and isinstance(target, list):
        for a, b in zip(source, target, strict=False):
            yield from _string_pairs(a, b)


# --- Pages and translations --------------------------------------------------------------


def _locale(code: str) -> Locale:
    locale, _ = Locale.objects.get_or_create(language_code=code)
    return locale


def _publish(page: Page) -> None:
    page.save_revision().publish()


def _child(parent: Page, model: type[Page], slug: str, **fields: Any) -> tuple[Page, bool]:
    existing = model.objects.child_of(parent).filter(slug=slug).first()
    if existing is not None:
        return existing, False
    page = model(slug=slug, locale_id=parent.locale_id, **fields)
    parent.add_child(instance=page)
    _publish(page)
    return page, True


def _as_segment(text: str) -> str:
    # wagtail-localize stores plain-text segments as escaped HTML with <br> for newlines.
    return StringValue.from_plaintext(text).data


def translate_page(
    page: Page, pairs: dict[str, str], locale: Locale, *, require_all: bool = False
) -> tuple[Page, bool]:
    """Create (once) the wagtail-localize translation of ``page`` into ``locale``.

    ``pairs`` maps source texts to their translations. A text without one keeps the source
    text (wagtail-localize's fallback) unless ``require_all`` is set.
    """
    existing = page.get_translation_or_none(locale)
    if existing is not None:
        return existing, False
    source, _ = TranslationSource.get_or_create_from_instance(page)
    translation, _ = Translation.objects.get_or_create(
        source=source, target_locale=locale, defaults={"enabled": True}
    )
    segments = {_as_segment(a): _as_segment(b) for a, b in pairs.items() if a}
    po = translation.export_po()
    missing = []
    for entry in po:
        entry.msgstr = segments.get(entry.msgid, "")
        if not entry.msgstr and entry.msgctxt != "slug":
            missing.append(entry.msgctxt)
    if missing and require_all:
        raise DemoContentError(
            f"{page.title}: no {locale.language_code} text for {', '.join(missing[:5])}"
        )
    translation.import_po(po)
    translation.save_target(publish=True)
    return page.get_translation(locale), True


def _page_pairs(source: dict, target: dict, *fields: str) -> dict[str, str]:
    pairs = {source[name]: target[name] for name in fields if source.get(name)}
    pairs[slugify(source["title"])] = slugify(target["title"])
    return pairs


def site_setup(log: Log = _noop) -> CataloguePage:
    """Locales, the catalogue (home) page in both languages, and the default site."""
    source_locale, target_locale = _locale(SOURCE), _locale(TARGET)
    root = Page.get_first_root_node()
    if root is None:  # a database emptied by hand or by a flush: rebuild the tree's root
        root = Page.add_root(instance=Page(title="Root", slug="root", locale=source_locale))
    catalogue = CataloguePage.objects.child_of(root).filter(locale=source_locale).first()
    if catalogue is None:
        text = CATALOGUE[SOURCE]
        catalogue, _ = _child(root, CataloguePage, slugify(text["title"]), **text)
        catalogue = CataloguePage.objects.get(pk=catalogue.pk)
        log(f"created catalogue page {catalogue.title}")
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        site = Site(hostname="localhost", port=80, is_default_site=True, site_name="Rumo")
    if site.root_page_id != catalogue.pk:
        old_root = site.root_page if site.pk else None
        site.root_page = catalogue
        site.save()
        # Wagtail's placeholder welcome page is not content; anything else is kept.
        if (
            old_root is not None
            and type(old_root.specific) is Page
            and not old_root.get_children().exists()
        ):
            old_root.delete()
    pairs = _page_pairs(CATALOGUE[SOURCE], CATALOGUE[TARGET], "title", "summary")
    pairs[catalogue.slug] = catalogue.slug
    translate_page(catalogue, pairs, target_locale, require_all=True)
    return catalogue


def load_demo_file(path: Path) -> dict:
    data = json.loads(path.read_text(encoding="utf-8"))
    if path.name != "curriculum.json":
        errors = validate_session(data)
        if errors:
            raise DemoContentError(f"{path.name}: " + "; ".join(errors))
    return data


def _session_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.glob("*.json") if p.name != "curriculum.json")


def _make_video(data: dict) -> Video:
    from curriculum.transcoding import video_transcode

    source, target = data[SOURCE], data[TARGET]
    title = f"{source['title']} ({data['key']})"
    video = Video.objects.filter(title=title).first()
    if video is None:
        clip = demo_video.title_card_clip(
            heading=f"Rumo · {data['key'].upper()}", lines=[source["title"], target["title"]]
        )
        video = Video(title=title, duration_seconds=demo_video.CLIP_SECONDS)
        video.file.save(f"{data['key']}.mp4", ContentFile(clip), save=False)
        video.save()
        for lang in (SOURCE, TARGET):
            vtt = demo_video.webvtt([data[lang]["video_caption"]])
            caption = VideoCaption(
                video=video, language=lang, sort_order=0 if lang == SOURCE else 1
            )
            caption.file.save(f"{data['key']}-{lang}.vtt", ContentFile(vtt.encode()), save=True)
    if video.status != Video.Status.READY:
        # Here rather than by the worker, so the demo plays small renditions as soon as the
        # seed has run (older demo videos included); the task queued by the save then finds
        # the video ready and returns.
        video_transcode(video_id=video.pk)
        video.refresh_from_db()
    return video


def seed_curriculum(
    name: str, catalogue: CataloguePage, *, with_video: bool, limit: int | None, log: Log
) -> SeedReport:
    folder = CONTENT_DIR / name
    meta = load_demo_file(folder / "curriculum.json")
    target_locale = _locale(TARGET)
    report = SeedReport()
    src, tgt = meta[SOURCE], meta[TARGET]
    curriculum, created = _child(
        catalogue,
        CurriculumPage,
        slugify(src["title"]),
        kind=meta["kind"],
        title=src["title"],
        audience=src["audience"],
        summary=src["summary"],
    )
    report.add(curriculum.title, created)
    translate_page(
        curriculum,
        _page_pairs(src, tgt, "title", "audience", "summary"),
        target_locale,
        require_all=True,
    )
    modules: dict[int, ModulePage] = {}
    for module_meta in meta["modules"]:
        msrc, mtgt = module_meta[SOURCE], module_meta[TARGET]
        module, created = _child(
            curriculum,
            ModulePage,
            slugify(msrc["title"]),
            number=module_meta["number"],
            refresher=module_meta.get("refresher", False),
            title=msrc["title"],
            summary=msrc["summary"],
        )
        report.add(module.title, created)
        translate_page(
            module, _page_pairs(msrc, mtgt, "title", "summary"), target_locale, require_all=True
        )
        modules[module_meta["number"]] = module
    files = _session_files(folder)
    for path in files[:limit] if limit else files:
        data = load_demo_file(path)
        module = modules[data["module"]]
        src = data[SOURCE]
        slug = slugify(src["title"])
        session = SessionPage.objects.child_of(module).filter(slug=slug).first()
        if session is None:
            with transaction.atomic():
                session = _create_session(module, data, with_video=with_video)
                _translate_session(session, data, target_locale)
            report.add(session.title, True)
            log(f"created session {data['key']}: {session.title}")
        else:
            report.add(session.title, False)
            _translate_session(session, data, target_locale)
    return report


def _create_session(module: ModulePage, data: dict, *, with_video: bool) -> SessionPage:
    src = data[SOURCE]
    video = _make_video(data) if with_video else None
    session, _ = _child(
        module,
        SessionPage,
        slugify(src["title"]),
        title=src["title"],
        summary=src["summary"],
        number=data["number"],
        planned_minutes=data.get("planned_minutes", 0),
        self_paced_minutes=data["self_paced_minutes"],
        levels=data.get("levels", []),
        body=learner_stream(data, SOURCE, video),
        facilitator_guide=guide_stream(data, SOURCE),
    )
    return session


def _translate_session(session: SessionPage, data: dict, locale: Locale) -> None:
    if session.get_translation_or_none(locale) is not None:
        return
    video = (
        session.body[0].value["video"]
        if session.body and session.body[0].block_type == "video"
        else None
    )
    pairs = _page_pairs(data[SOURCE], data[TARGET], "title", "summary")
    for source, target in (
        (learner_stream(data, SOURCE, video), learner_stream(data, TARGET, video)),
        (guide_stream(data, SOURCE), guide_stream(data, TARGET)),
    ):
        pairs.update(_string_pairs(source, target))
    translate_page(session, pairs, locale, require_all=True)


def seed_curricula(
    *, with_video: bool = True, limit: int | None = None, log: Log = _noop
) -> SeedReport:
    """Seed both demo curricula. ``limit`` caps the sessions per curriculum (for tests)."""
    catalogue = site_setup(log)
    report = SeedReport()
    for name in CURRICULA:
        part = seed_curriculum(name, catalogue, with_video=with_video, limit=limit, log=log)
        report.created += part.created
        report.existing += part.existing
    return report
