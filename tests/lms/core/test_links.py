"""Remembered URLs are the URLs ``reverse`` gives, for the active language and URLconf."""

import pytest
from django.test import override_settings
from django.urls import NoReverseMatch, reverse
from django.utils import translation

from lms.core.links import url_for

urlpatterns = []  # an empty URLconf, for the last test


def test_same_as_reverse_in_each_language():
    for language in ("pt-br", "es"):
        with translation.override(language):
            assert url_for("facilitation:schedule", 7) == reverse("facilitation:schedule", args=[7])
            assert url_for("facilitation:schedule", 7).startswith(f"/{language}/")
    with translation.override("es"):
        assert url_for("facilitation:attendance", 7, 9) == reverse(
            "facilitation:attendance", args=[7, 9]
        )


def test_another_urlconf_is_not_answered_from_memory():
    with translation.override("pt-br"):
        assert url_for("facilitation:groups") == reverse("facilitation:groups")  # remembered
        with override_settings(ROOT_URLCONF=__name__), pytest.raises(NoReverseMatch):
            url_for("facilitation:groups")
