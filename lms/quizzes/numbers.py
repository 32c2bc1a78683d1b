"""Numbers as learners type them: "1.234,56" in Brazil and Chile, "1,234.56" or "1234.56"
elsewhere, sometimes with a currency sign."""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

_CURRENCY = re.compile(r"(R\$|S/\.?|US\$|\$|CLP|PEN|BRL)", re.IGNORECASE)
_THOUSANDS_ONLY = re.compile(r"^\d{1,3}(\.\d{3})+$")


class NumberFormatError(ValueError):
    pass


def parse_decimal(text: str, *, language: str) -> Decimal:
    """Parse a number typed in ``language``'s conventions (pt-br and es use a decimal comma).

    When both separators appear, the last one is the decimal separator. A lone comma is a
    decimal comma. A lone dot is a decimal point, except in pt-br/es when it only groups
    thousands ("1.234" is one thousand two hundred and thirty-four there).
    """
    cleaned = _CURRENCY.sub("", text or "").replace("\u00a0", "").replace(" ", "").strip()
    negative = cleaned.startswith("-")
    cleaned = cleaned.lstrip("+-")
    if not cleaned or not re.fullmatch(r"[\d.,]+", cleaned) or not re.search(r"\d", cleaned):
        raise NumberFormatError(text)
    comma_decimal = language.lower().startswith(("pt", "es"))
    if "," in cleaned and "." in cleaned:
        decimal_sep = "," if cleaned.rfind(",") > cleaned.rfind(".") else "."
        thousands_sep = "." if decimal_sep == "," else ","
        cleaned = cleaned.replace(thousands_sep, "").replace(decimal_sep, ".")
    elif "," in cleaned:
        if cleaned.count(",") > 1:
            cleaned = cleaned.replace(",", "")  # 1,234,567
        elif not comma_decimal and re.fullmatch(r"\d{1,3},\d{3}", cleaned):
            cleaned = cleaned.replace(",", "")  # 1,234 in English
        else:
            cleaned = cleaned.replace(",", ".")
    elif "." in cleaned and (
        cleaned.count(".") > 1 or (comma_decimal and _THOUSANDS_ONLY.match(cleaned))
    ):
        cleaned = cleaned.replace(".", "")
    try:
        value = Decimal(cleaned)
    except InvalidOperation as exc:
        raise NumberFormatError(text) from exc
    return -value if negative else value
