"""Finding English on a page that should be all Portuguese or all Spanish."""

from __future__ import annotations

import re
from functools import cache
from html.parser import HTMLParser
from pathlib import Path

import polib

# Words from the English interface texts that have no place on a pt-BR or es page.
ENGLISH = re.compile(
    r"\b(sign in|sign up|log in|password|username|forgot|e-?mail address|remember me|"
    r"already have|create my account|send|save)\b",
    re.IGNORECASE,
)
TEXT_ATTRIBUTES = ("placeholder", "aria-label", "title", "alt")


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.texts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self._skip += 1
        for name, value in attrs:
            if name in TEXT_ATTRIBUTES and value:
                self.texts.append(value)

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip and data.strip():
            self.texts.append(" ".join(data.split()))


def visible_texts(html: str) -> list[str]:
    parser = _Text()
    parser.feed(html)
    return parser.texts


@cache
def english_messages() -> frozenset[str]:
    """Every English source text of Rumo's, allauth's and Django's catalogues whose
    translations differ from it: seen on a page, it was not translated."""
    import allauth
    import django

    catalogues = [
        Path("locale/pt_BR/LC_MESSAGES/django.po"),
        Path(allauth.__file__).parent / "locale/pt_BR/LC_MESSAGES/django.po",
        Path(django.__file__).parent / "conf/locale/pt_BR/LC_MESSAGES/django.po",
    ]
    found = set()
    for path in catalogues:
        for entry in polib.pofile(str(path)):
            if entry.msgstr and entry.msgstr != entry.msgid and len(entry.msgid) > 3:
                found.add(entry.msgid.strip().rstrip(":"))
    return frozenset(found)


def english_on_page(html: str) -> list[str]:
    texts = visible_texts(html)
    return [
        text for text in texts if ENGLISH.search(text) or text.rstrip(":") in english_messages()
    ]
