"""Messages shown in the language of the page that shows them.

A message is usually queued in one request and shown by the next one, and the two can be in
different languages: logging in on a Portuguese page lands a Spanish speaker on her Spanish
path, and signing up on a Portuguese page after picking Spanish does the same. A message
translated when it was queued would then be the one Portuguese line on a Spanish page.

So a message given as a lazy translation (``gettext_lazy``) or as a :class:`Localised` is
stored in every language of the site, and the one of the page being rendered is picked
when the messages are read. Stored messages stay plain strings, so the cookie and session
backends keep working unchanged. Plain strings are shown as they were queued.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator

from django.conf import settings
from django.contrib.messages.storage.base import Message
from django.contrib.messages.storage.fallback import FallbackStorage
from django.utils import translation
from django.utils.functional import Promise

_MARK = "\x1erumo-localised:"


class Localised:
    """A message to be written in each language: ``render`` is called once per language
    with that language active, e.g. ``Localised(lambda: _("Hello %(name)s") % {...})``."""

    def __init__(self, render: Callable[[], str]) -> None:
        self.render = render


def localised_text(render: Callable[[], str]) -> str:
    """``render()`` in every language of the site, packed into one storable string; empty
    when every language renders nothing."""
    texts = {}
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            texts[code] = str(render())
    if not any(texts.values()):
        return ""
    return _MARK + json.dumps(texts, ensure_ascii=False)


def text_for_language(message: str, language: str | None) -> str:
    """The text of a stored message for ``language`` (or the site's default language)."""
    if not isinstance(message, str) or not message.startswith(_MARK):
        return message
    texts = json.loads(message[len(_MARK) :])
    for code in (language, settings.LANGUAGE_CODE):
        if code in texts:
            return texts[code]
    return next(iter(texts.values()), "")


class LocalisedMessageStorage(FallbackStorage):
    """Django's default storage (a cookie, then the session) that keeps lazy and
    :class:`Localised` messages in every language and reads them in the current one."""

    def add(self, level, message, extra_tags=""):
        if isinstance(message, Promise):
            lazy = message
            message = localised_text(lambda: str(lazy))
        elif isinstance(message, Localised):
            message = localised_text(message.render)
        return super().add(level, message, extra_tags)

    def __iter__(self) -> Iterator[Message]:
        language = translation.get_language()
        for message in super().__iter__():
            text = text_for_language(message.message, language)
            if text is message.message:
                yield message
            else:
                yield Message(message.level, text, extra_tags=message.extra_tags)
