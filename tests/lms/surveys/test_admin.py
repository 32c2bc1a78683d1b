"""Instruments in Wagtail's admin: listed, editable, and their Spanish translation is made by
wagtail-localize's snippet translation."""

from __future__ import annotations

from django.urls import reverse

from lms.surveys.models import Instrument


def test_admin_lists_and_edits_instruments(client, superuser, instruments):
    client.force_login(superuser)
    listing = client.get(reverse("wagtailsnippets_surveys_instrument:list"))
    assert listing.status_code == 200
    assert "Como você está hoje" in listing.content.decode()
    source = Instrument.objects.get(kind="baseline", locale__language_code="pt-br")
    edit = client.get(reverse("wagtailsnippets_surveys_instrument:edit", args=[source.pk]))
    assert edit.status_code == 200
    assert "monthly_income" in edit.content.decode()


def test_spanish_instrument_is_a_wagtail_localize_translation(instruments):
    from wagtail_localize.models import Translation

    es = Instrument.objects.get(kind="follow_up", locale__language_code="es")
    translation = Translation.objects.get(
        target_locale=es.locale, source__object_id=es.translation_key
    )
    assert translation.enabled
