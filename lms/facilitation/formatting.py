"""How the dashboard and its exports write numbers: one function, so that the screen and the
CSV cannot drift apart."""

from __future__ import annotations

from decimal import Decimal

from django.utils import formats


def number_text(value: int | float | Decimal | None, decimal_separator: str | None = None) -> str:
    """``80`` → "80", ``Decimal("66.70")`` → "66,7" (pt-BR, es) or "66.7" (en); None → ""."""
    if value is None:
        return ""
    if isinstance(value, int):
        return str(value)
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    separator = decimal_separator or formats.get_format("DECIMAL_SEPARATOR")
    return text.replace(".", separator)
