"""Instruments: authored in pt-BR, translated into es through wagtail-localize, keys stable."""

from __future__ import annotations

import pytest
from wagtail.blocks import StreamBlockValidationError

from lms.surveys.blocks import QuestionStreamBlock
from lms.surveys.models import Instrument, InstrumentKind, RoundKind
from lms.surveys.seeding import instruments_seed
from lms.surveys.selectors import instrument_for


@pytest.fixture
def instruments(catalogue):
    return instruments_seed()


def _keys(instrument: Instrument) -> list[str]:
    return [child.value["key"] for child in instrument.questions]


def test_seed_makes_three_instruments_in_both_languages(instruments):
    assert Instrument.objects.filter(locale__language_code="pt-br").count() == 3
    assert Instrument.objects.filter(locale__language_code="es").count() == 3
    for source in instruments:
        es = source.get_translation(source.locale.__class__.objects.get(language_code="es"))
        assert es.translation_key == source.translation_key
        assert es.kind == source.kind
        assert _keys(es) == _keys(source)
        assert es.title != source.title
        assert [c.id for c in es.questions] == [c.id for c in source.questions]


def test_seed_is_idempotent(instruments):
    again = instruments_seed()
    assert [i.pk for i in again] == [i.pk for i in instruments]
    assert Instrument.objects.count() == 6


def test_spanish_questions_are_translated_and_keys_synchronised(instruments):
    pt = instrument_for(round_kind=RoundKind.MONTH_6, language="pt-br")
    es = instrument_for(round_kind=RoundKind.MONTH_6, language="es")
    assert [q.key for q in es.questions] == [q.key for q in pt.questions]
    by_key = {q.key: q for q in es.questions}
    assert by_key["monthly_income"].prompt.startswith("¿Cuánto ganaste")
    status = by_key["employment_status"]
    assert ("unemployed", "Buscando trabajo") in status.options
    assert by_key["monthly_sales"].business_only
    assert by_key["employees_full_time"].maximum == 500
    skills = [q for q in es.questions if q.kind == "rating"]
    assert 4 <= len(skills) <= 6
    assert all(q.key.startswith("soft_skill_") for q in skills)


def test_source_change_syncs_to_translation_keeping_keys(instruments):
    """An author rewords a pt-BR question; the Spanish version is re-synced by
    wagtail-localize and the keys stay where they were."""
    from wagtail.models import Locale
    from wagtail_localize.models import Translation, TranslationSource

    source = next(i for i in instruments if i.kind == InstrumentKind.FOLLOW_UP)
    stream = source.questions.raw_data
    stream[0]["value"]["prompt"] = "Quanto você recebeu no mês passado?"
    source.questions = stream
    source.save()
    translation_source, _ = TranslationSource.update_or_create_from_instance(source)
    Translation.objects.get(source=translation_source).save_target(publish=True)
    es = source.get_translation(Locale.objects.get(language_code="es"))
    es.refresh_from_db()
    assert _keys(es) == _keys(source)


def test_falls_back_to_source_language(instruments):
    Instrument.objects.filter(locale__language_code="es").delete()
    es = instrument_for(round_kind=RoundKind.BASELINE, language="es")
    assert es is not None and es.title == "Como você está hoje"


def _stream_value(*questions):
    block = QuestionStreamBlock()
    return block.to_python([{"type": t, "value": v} for t, v in questions])


def _rating(key):
    return ("rating", {"key": key, "prompt": "P", "low_label": "l", "high_label": "h"})


def test_duplicate_keys_are_refused():
    block = QuestionStreamBlock()
    with pytest.raises(StreamBlockValidationError):
        block.clean(_stream_value(_rating("soft_skill_a"), _rating("soft_skill_a")))


def test_known_key_with_the_wrong_kind_is_refused():
    block = QuestionStreamBlock()
    with pytest.raises(StreamBlockValidationError):
        block.clean(
            _stream_value(("count", {"key": "monthly_income", "prompt": "P", "maximum": 5}))
        )


def test_rating_key_must_name_a_soft_skill():
    block = QuestionStreamBlock()
    with pytest.raises(StreamBlockValidationError):
        block.clean(_stream_value(_rating("happiness")))
    assert block.clean(_stream_value(_rating("soft_skill_teamwork")))
