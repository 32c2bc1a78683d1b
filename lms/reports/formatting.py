"""How the report writes numbers, on screen and in the CSV: one function, so they cannot
drift apart."""

from __future__ import annotations

from decimal import Decimal

from django.utils import formats


def cell_text(value: str | int | Decimal | None, decimal_separator: str | None = None) -> str:
    """``12`` → "12", ``Decimal("66.50")`` → "66,5" (pt-BR, es); None → ""; text as it is."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, int):
        return str(value)
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    separator = decimal_separator or formats.get_format("DECIMAL_SEPARATOR")
    return text.replace(".", separator)
