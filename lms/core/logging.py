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
