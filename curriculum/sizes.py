"""Sizes as learners read them before a video or a file costs them any data."""

from __future__ import annotations

from decimal import ROUND_UP, Decimal

from django.utils import formats
from django.utils.translation import gettext as _

_MEGABYTE = Decimal(1_000_000)  # as phones and mobile plans count data: 1 MB = 10^6 bytes
_TENTH = Decimal("0.1")


def megabytes(size_bytes: int | None) -> str:
    """``size_bytes`` in megabytes with one decimal, in the active language's format
    ("4,2 MB" in pt-BR and es), rounded up so a learner is never told less than it costs;
    "" when the size is unknown."""
    if size_bytes is None or size_bytes < 0:
        return ""
    value = (Decimal(size_bytes) / _MEGABYTE).quantize(_TENTH, rounding=ROUND_UP)
    value = max(value, _TENTH) if size_bytes else value
    return _("%(size)s MB") % {"size": formats.number_format(value, decimal_pos=1)}
