"""Usernames nobody can disguise as another: normalised to Unicode NFKC (full-width
"ａｎａ" is "ana", "²" is "2") and written in one alphabet. A Cyrillic "а" in a Latin name, or
a name whose every letter is a Greek or Cyrillic twin of a Latin one, is refused. Used by
sign-up (the account adapter) and by the accounts facilitators create (one by one or from a
CSV file)."""

from __future__ import annotations

import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# Greek and Cyrillic letters drawn like Latin ones (Unicode's confusables, the common part).
LATIN_LOOKALIKES = frozenset(
    "АВЕЅІЈКМНОРСТХУаеоурсхѕіјԁһӏԛԝүкмнтв"  # Cyrillic
    "ΑΒΕΖΗΙΚΜΝΟΡΤΥΧαοιρνκυτ"  # Greek
)


def username_normalise(value: str) -> str:
    """The username as stored and compared: NFKC, without surrounding spaces."""
    return unicodedata.normalize("NFKC", value).strip()


def _script(ch: str) -> str:
    """The writing system a letter or digit belongs to, from its Unicode name ("LATIN SMALL
    LETTER A", "CYRILLIC SMALL LETTER A", "ARABIC-INDIC DIGIT THREE"); ASCII is Latin."""
    if ch.isascii():
        return "LATIN"
    try:
        return unicodedata.name(ch).split(" ", 1)[0]
    except ValueError:  # a code point with no name (unassigned or private use)
        return "?"


def validate_username_script(value: str) -> None:
    """Refuse a username mixing alphabets, or written only in Latin lookalikes. Digits in
    ASCII and the punctuation usernames allow (. @ + - _) go with any alphabet."""
    # Letters, and digits other than ASCII ones ("٣" and "३" belong to their scripts).
    scripts = {_script(ch) for ch in value if ch.isalnum() and not (ch.isdigit() and ch.isascii())}
    if len(scripts) > 1 or "?" in scripts:
        raise ValidationError(
            _("Write the username in one alphabet, without letters from another one."),
            code="mixed_scripts",
        )
    letters = [ch for ch in value if ch.isalpha()]
    if scripts - {"LATIN"} and letters and all(ch in LATIN_LOOKALIKES for ch in letters):
        raise ValidationError(
            _("This username looks like one written in Latin letters. Write it in Latin letters."),
            code="lookalike",
        )
