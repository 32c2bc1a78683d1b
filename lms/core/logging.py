"""Logging filters."""

from __future__ import annotations

import logging

from django.core.exceptions import PermissionDenied, SuspiciousOperation

EXPECTED_REFUSALS = (PermissionDenied, SuspiciousOperation)


class ExpectedRefusalFilter(logging.Filter):
    """A request refused on purpose is worth one line in the log, not a traceback: a
    learner opening a facilitator's page (``PermissionDenied``, logged by django.request as
    "Forbidden (Permission denied): <path>") or a malformed request (``SuspiciousOperation``,
    logged by django.security). The record keeps its message; only the exception goes.
    Every other error keeps its traceback."""

    def filter(self, record: logging.LogRecord) -> bool:
        exc_info = record.exc_info
        if exc_info and isinstance(exc_info[1], EXPECTED_REFUSALS):
            record.exc_info = None
            record.exc_text = None
        return True


class OutageFilter(logging.Filter):
    """A store that is down fails every operation of every request: each failure is worth one
    line naming the store and the error, not a traceback (``lms.cache``: django-redis reports
    each cache operation it turned into a miss)."""

    def __init__(self, what: str = "cache unavailable, read as empty") -> None:
        super().__init__()
        self.what = what

    def filter(self, record: logging.LogRecord) -> bool:
        exc_info = record.exc_info
        if exc_info and exc_info[1] is not None:
            error = exc_info[1]
            record.msg = f"{self.what}: {type(error).__name__}: {error}"
            record.args = ()
            record.exc_info = None
            record.exc_text = None
        return True
