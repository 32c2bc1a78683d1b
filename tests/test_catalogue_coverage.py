"""Every string marked for translation in the code and templates is in both catalogues.

``compile_catalogues --check`` proves the entries that are in the .po files are translated; this
test proves no marked string is missing from them. It extracts the messages the way a developer
would (Django's ``makemessages``, which needs GNU gettext's ``xgettext``) into a copy of
``locale/`` and fails on any entry that comes out untranslated there."""

import shutil
from pathlib import Path

import polib
import pytest
from django.core.management import call_command
from django.test import override_settings

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="GNU gettext is not installed")
def test_every_marked_string_is_translated(tmp_path, monkeypatch):
    # makemessages writes next to the sources it reads, so it runs over a copy of them.
    for package in ("lms", "curriculum"):
        shutil.copytree(
            ROOT / package,
            tmp_path / package,
            ignore=shutil.ignore_patterns("__pycache__", "migrations", "demo_content"),
        )
    locale = tmp_path / "locale"
    shutil.copytree(ROOT / "locale", locale, ignore=shutil.ignore_patterns("*.mo"))
    monkeypatch.chdir(tmp_path)
    with override_settings(LOCALE_PATHS=[locale]):
        call_command(
            "makemessages",
            locale=["pt_BR", "es"],
            domain="django",
            ignore_patterns=["locale/*"],
            no_location=True,
            no_obsolete=True,
            verbosity=0,
        )
    missing = {}
    for language in ("pt_BR", "es"):
        catalogue = polib.pofile(str(locale / language / "LC_MESSAGES" / "django.po"))
        gaps = catalogue.untranslated_entries() + catalogue.fuzzy_entries()
        if gaps:
            missing[language] = sorted(entry.msgid for entry in gaps)
    assert not missing, f"Strings marked for translation but missing from locale/: {missing}"
