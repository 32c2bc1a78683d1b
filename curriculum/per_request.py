"""Values read once per request.

A page asks for the content version five or six times while it is drawn (the route, the
curriculum of a session, its view restrictions, the language switch, the kept article): each
time a round trip to the shared cache. Inside a request the first answer is kept for the rest
of it, so a request sees one content version from start to end; outside a request (Celery
tasks, commands, the shell) nothing is kept and every call asks the cache, as before.

Kept per thread and per asyncio task (``asgiref.local.Local``); ``request_started`` opens the
memo and ``request_finished`` closes it (Django sends both for every request, the test
client's included).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from asgiref.local import Local
from django.core.signals import request_finished, request_started

T = TypeVar("T")

_memo = Local()


def _open(**_kwargs) -> None:
    _memo.values = {}


def _close(**_kwargs) -> None:
    _memo.values = None


request_started.connect(_open, dispatch_uid="curriculum_per_request_open")
request_finished.connect(_close, dispatch_uid="curriculum_per_request_close")


def once_per_request(name: str, read: Callable[[], T]) -> T:
    """``read()``'s answer, kept under ``name`` until the request ends; outside a request,
    ``read()`` every time."""
    values = getattr(_memo, "values", None)
    if values is None:
        return read()
    if name not in values:
        values[name] = read()
    return values[name]


def forget(name: str) -> None:
    """The value changed during this request (a page published from the admin): the next
    call reads it again."""
    values = getattr(_memo, "values", None)
    if values is not None:
        values.pop(name, None)
