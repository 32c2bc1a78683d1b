"""Money in the business book: whole numbers of the currency's smallest unit (centavos,
céntimos; pesos for CLP, which has no cents), never floating point.

Reading and printing reuse the calculators' rules (``curriculum.calculators``): amounts are
read as the owner types them in their country's format and printed as that country's
receipts print them, whatever the interface language.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from curriculum.calculators import CURRENCIES, CalculatorInputError, format_money, parse_amount

COUNTRY_CURRENCY = {"BR": "BRL", "CL": "CLP", "PE": "PEN"}
# A micro business's single entry above this is a typing slip (a billion pesos is about a
# million dollars); in minor units it still fits a 64-bit integer with room for sums.
MAX_ENTRY = Decimal(100_000_000)


class MoneyInputError(ValueError):
    """An amount that cannot be recorded; ``message`` is fit to show the owner."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def minor_units(value: Decimal, *, currency: str) -> int:
    """``Decimal('12.345')`` → ``1235`` for BRL: rounded half up to the smallest unit, as
    receipts round."""
    decimals = CURRENCIES[currency].decimals
    return int((value.scaleb(decimals)).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def from_minor(amount: int, *, currency: str) -> Decimal:
    return Decimal(amount).scaleb(-CURRENCIES[currency].decimals)


def amount_parse(text: str, *, currency: str, language: str) -> int:
    """What the owner typed → minor units. Raises MoneyInputError with a message to show:
    empty, not a number, negative, zero or above ``MAX_ENTRY``."""
    from django.utils.translation import gettext as _

    if not isinstance(text, str) or not text.strip():
        raise MoneyInputError(_("Enter the amount, like 1500."))
    try:
        value = parse_amount(text, language=language)
    except CalculatorInputError as error:
        raise MoneyInputError(str(error.message)) from error
    if value > MAX_ENTRY:
        raise MoneyInputError(_("This amount is too large for one entry. Check for extra zeros."))
    amount = minor_units(value, currency=currency)
    if amount <= 0:
        raise MoneyInputError(_("Enter an amount greater than zero."))
    return amount


def money_format(amount: int, *, currency: str) -> str:
    """Minor units → "R$ 1.234,56", "$ 1.234", "S/ 1,234.56"."""
    return format_money(from_minor(amount, currency=currency), currency=currency)
