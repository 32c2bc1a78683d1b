"""Reversed URLs, kept per process: a page with a dozen links otherwise spends more time in
``reverse`` than in some of its queries. A URL depends only on the view name, its arguments,
the active language (the URL prefix), the script prefix and the URLconf, so all of them are
the key; the URLconf does not change while a process runs."""

from __future__ import annotations

from functools import lru_cache

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.translation import get_language


@lru_cache(maxsize=4096)
def _reversed(viewname: str, args: tuple, language: str | None, prefix: str, urlconf: str) -> str:
    return reverse(viewname, args=args, urlconf=urlconf)


def url_for(viewname: str, *args: int | str) -> str:
    """``reverse(viewname, args=args)`` for the active language, remembered."""
    urlconf = get_urlconf() or settings.ROOT_URLCONF
    return _reversed(viewname, args, get_language(), get_script_prefix(), urlconf)
