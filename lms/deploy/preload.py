"""What gunicorn's master loads before forking its workers (``gunicorn.conf.py``,
``pre_fork``), so that the workers share it instead of each loading its own copy at its first
request: the URLs with every view module and each language's translation catalogue.
Compiling Rumo's templates there too was measured and saved nothing (README, "Processes and
memory"), so templates stay with the workers' cached loader."""

from __future__ import annotations


def worker_state_preload() -> None:
    """Import every URL and view module and load each language's catalogue."""
    from django.conf import settings
    from django.urls import get_resolver
    from django.utils import translation

    get_resolver().url_patterns  # noqa: B018 (the property imports every URL and view module)
    for code, _name in settings.LANGUAGES:
        with translation.override(code):  # activating a language loads its catalogue
            pass
