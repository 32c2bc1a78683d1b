"""Business calculators for lessons: pure functions, no models, no requests, no I/O.

Money is a Decimal rounded half-up to the currency's smallest unit (CLP has no cents) before
any figure is shown or used again, so the numbers a learner sees always add up. Percentages
are rounded to hundredths for the same reason.

``curriculum/static/curriculum/calculators.js`` repeats the parsing, formulas, rounding and
formats to give results while the learner types; change both together. The tests pin shared
examples so that a drift shows up on the server side at least.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.utils.formats import get_format
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Currency:
    code: str
    symbol: str
    decimals: int
    group: str
    decimal_mark: str

    @property
    def quantum(self) -> Decimal:
        return Decimal(1).scaleb(-self.decimals)


# Each country's receipt conventions, whatever the interface language: a Peruvian reading
# Spanish still expects "S/ 1,234.56", a Chilean "$ 1.234".
CURRENCIES: dict[str, Currency] = {
    "BRL": Currency("BRL", "R$", 2, ".", ","),
    "CLP": Currency("CLP", "$", 0, ".", ","),
    "PEN": Currency("PEN", "S/", 2, ",", "."),
}

CASH_FLOW_MONTHS = 6
# Far above any micro business (a billion pesos is about a million dollars); beyond it a
# learner has almost surely typed extra zeros, and the layout stays readable on a phone.
MAX_AMOUNT = Decimal(1_000_000_000)
MAX_INPUT_LENGTH = 40
PERCENT_QUANTUM = Decimal("0.01")
MARKUP_QUANTUM = Decimal("0.1")

# One place for every message, so the block can hand the same texts to the browser script.
MESSAGES = {
    "invalid": _("Enter a number, like 1500."),
    "negative": _("This number cannot be negative."),
    "too_large": _("This number is too large. Check for extra zeros."),
    "positive": _("Enter a number greater than zero."),
    "margin_range": _("Enter a margin below 100: the profit can never be the whole price."),
    "loss": _(
        "At this price each sale loses money or makes none, so you never break even. "
        "Raise the price or lower the variable cost."
    ),
    "growth_range": _("Enter a growth between -100 and 100."),
    "runs_out": _("Your cash runs out in month %(month)s: the balance falls to %(balance)s."),
    "stays_positive": _("Your balance never falls below zero in these six months."),
}


class CalculatorInputError(ValueError):
    """A learner's input that cannot be used, with a message fit to show them.

    ``field`` names the input at fault, or is None when the inputs only fail together.
    """

    def __init__(self, key: str, *, field: str | None = None):
        self.key = key
        self.message = MESSAGES[key]
        self.field = field
        super().__init__(key)


@dataclass(frozen=True)
class PriceResult:
    unit_cost: Decimal
    margin_percent: Decimal
    price: Decimal
    profit: Decimal
    markup_percent: Decimal


@dataclass(frozen=True)
class BreakEvenResult:
    contribution: Decimal
    units: int
    sales: Decimal


@dataclass(frozen=True)
class CashFlowMonth:
    month: int
    cash_in: Decimal
    cash_out: Decimal
    net: Decimal
    closing: Decimal


@dataclass(frozen=True)
class CashFlowResult:
    months: tuple[CashFlowMonth, ...]

    @property
    def first_negative(self) -> CashFlowMonth | None:
        return next((month for month in self.months if month.closing < 0), None)


# --- Calculations --------------------------------------------------------------------------


def price_calculate(*, unit_cost: Decimal, margin_percent: Decimal, currency: str) -> PriceResult:
    """The selling price that leaves ``margin_percent`` of itself as profit.

    Margin is on the price (what shopkeepers are taught to protect); markup on the cost is
    shown too because it is what they add when pricing by hand.
    """
    money = CURRENCIES[currency]
    cost = _money(unit_cost, money)
    margin = _percent(margin_percent)
    if cost <= 0:
        raise CalculatorInputError("positive", field="cost")
    if margin < 0:
        raise CalculatorInputError("negative", field="margin")
    if margin >= 100:
        raise CalculatorInputError("margin_range", field="margin")
    price = _money(cost * 100 / (100 - margin), money)
    profit = price - cost
    markup = (profit * 100 / cost).quantize(MARKUP_QUANTUM, rounding=ROUND_HALF_UP)
    return PriceResult(
        unit_cost=cost, margin_percent=margin, price=price, profit=profit, markup_percent=markup
    )


def break_even_calculate(
    *, fixed_costs: Decimal, price: Decimal, variable_cost: Decimal, currency: str
) -> BreakEvenResult:
    """Units (rounded up: half a sale does not exist) whose margins pay a month's fixed costs."""
    money = CURRENCIES[currency]
    fixed = _money(fixed_costs, money)
    unit_price = _money(price, money)
    variable = _money(variable_cost, money)
    for name, amount in (("fixed", fixed), ("price", unit_price), ("variable", variable)):
        if amount < 0:
            raise CalculatorInputError("negative", field=name)
    contribution = unit_price - variable
    if contribution <= 0:
        raise CalculatorInputError("loss")
    whole, remainder = divmod(fixed, contribution)
    units = int(whole) + (1 if remainder else 0)
    return BreakEvenResult(contribution=contribution, units=units, sales=units * unit_price)


def cash_flow_calculate(
    *,
    opening_cash: Decimal,
    monthly_sales: Decimal,
    monthly_costs: Decimal,
    growth_percent: Decimal = Decimal(0),
    currency: str,
) -> CashFlowResult:
    """Six months of cash in and out. Sales grow by ``growth_percent`` from the second month
    (rounded each month, as a learner would on paper); costs stay flat."""
    money = CURRENCIES[currency]
    balance = _money(opening_cash, money)
    sales = _money(monthly_sales, money)
    costs = _money(monthly_costs, money)
    growth = _percent(growth_percent)
    if sales < 0:
        raise CalculatorInputError("negative", field="sales")
    if costs < 0:
        raise CalculatorInputError("negative", field="costs")
    if not -100 <= growth <= 100:
        raise CalculatorInputError("growth_range", field="growth")
    months = []
    for month in range(1, CASH_FLOW_MONTHS + 1):
        if month > 1:
            sales = _money(sales * (100 + growth) / 100, money)
        net = sales - costs
        balance += net
        months.append(
            CashFlowMonth(month=month, cash_in=sales, cash_out=costs, net=net, closing=balance)
        )
    return CashFlowResult(months=tuple(months))


# --- Reading what learners type -------------------------------------------------------------

_CURRENCY_MARKS = re.compile(r"R\$|S/\.?|CLP|BRL|PEN|\$|%", re.IGNORECASE)
_DIGITS_WITH_SEPARATORS = re.compile(r"[0-9]+(?:[., ][0-9]+)*")
_SEPARATOR = re.compile(r"[., ]")
_LEADING_GROUP = re.compile(r"[1-9][0-9]{0,2}")


def language_decimal_mark(language: str) -> str:
    """The decimal mark of the interface language (Django's locale formats)."""
    return get_format("DECIMAL_SEPARATOR", lang=language)


def parse_amount(text: str, *, language: str, allow_negative: bool = False) -> Decimal:
    """A number as a learner types it: "1.234,56", "1,234.56", "1 234,56", "R$ 12,50", "30%".

    The last separator is the decimal mark when both "." and "," appear. A lone "." or ","
    followed by exactly three digits groups thousands: no currency here has three decimals,
    and Brazilians and Chileans write "1.234" where Peruvians write "1,234". Only in a
    language that writes decimals with "." (English, for authors) does a lone "." stay decimal.
    Raises CalculatorInputError; the exact value is returned, rounding is the caller's.
    """
    cleaned = text.strip()
    if len(cleaned) > MAX_INPUT_LENGTH:
        raise CalculatorInputError("invalid")
    cleaned = _CURRENCY_MARKS.sub("", cleaned).strip()
    negative = cleaned[:1] in ("-", "−")
    if negative:
        cleaned = cleaned[1:].strip()
    cleaned = re.sub(r"\s+", " ", cleaned)
    if not re.search("[0-9]", cleaned):
        raise CalculatorInputError("invalid")
    if cleaned[0] in ".,":
        cleaned = "0" + cleaned
    if cleaned[-1] in ".,":
        cleaned = cleaned[:-1]
    if not _DIGITS_WITH_SEPARATORS.fullmatch(cleaned):
        raise CalculatorInputError("invalid")

    groups = _SEPARATOR.split(cleaned)
    separators = _SEPARATOR.findall(cleaned)
    last = separators[-1] if separators else ""
    lone_thousands = (
        not any(mark in separators[:-1] for mark in ".,")
        and len(groups[-1]) == 3
        and not (last == "." and language_decimal_mark(language) == ".")
        and _is_grouping(groups, separators)
    )
    has_fraction = last in (".", ",") and separators.count(last) == 1 and not lone_thousands
    whole = groups[:-1] if has_fraction else groups
    whole_separators = separators[:-1] if has_fraction else separators
    if whole_separators and not _is_grouping(whole, whole_separators):
        raise CalculatorInputError("invalid")

    fraction = groups[-1] if has_fraction else "0"
    value = Decimal(f"{'-' if negative else ''}{''.join(whole)}.{fraction}")
    if value < 0 and not allow_negative:
        raise CalculatorInputError("negative")
    if abs(value) >= MAX_AMOUNT:
        raise CalculatorInputError("too_large")
    return value


def _is_grouping(groups: list[str], separators: list[str]) -> bool:
    return (
        len(set(separators)) == 1
        and bool(_LEADING_GROUP.fullmatch(groups[0]))
        and all(len(group) == 3 for group in groups[1:])
    )


# --- Showing numbers -----------------------------------------------------------------------


def format_amount(value: Decimal, *, currency: str, grouping: bool = True) -> str:
    """The number alone, as that country prints it: "1.234,56" (BRL), "1,234.56" (PEN)."""
    money = CURRENCIES[currency]
    value = _money(value, money)
    integer, _dot, fraction = f"{abs(value):f}".partition(".")
    if grouping:
        integer = _group(integer, money.group)
    text = integer + (money.decimal_mark + fraction if fraction else "")
    return f"-{text}" if value < 0 else text


def format_money(value: Decimal, *, currency: str, language: str | None = None) -> str:
    """ "R$ 1.234,56", "$ 1.234", "S/ 1,234.56"; "-R$ 5,00" when negative.

    ``language`` is accepted and deliberately ignored: people read money the way their
    country's receipts print it, whatever language the interface is in.
    """
    symbol = CURRENCIES[currency].symbol
    text = f"{symbol} {format_amount(abs(value), currency=currency)}"
    return f"-{text}" if _money(value, CURRENCIES[currency]) < 0 else text


def format_percent(value: Decimal, *, currency: str) -> str:
    """One decimal at most, with the decimal mark of the country whose money is shown."""
    money = CURRENCIES[currency]
    value = value.quantize(MARKUP_QUANTUM, rounding=ROUND_HALF_UP)
    integer, _dot, fraction = f"{abs(value):f}".partition(".")
    text = _group(integer, money.group) + (money.decimal_mark + fraction if fraction != "0" else "")
    return f"-{text}%" if value < 0 else f"{text}%"


def format_count(value: int, *, currency: str) -> str:
    """A whole number grouped like that country's money: "1.234" (BRL, CLP), "1,234" (PEN)."""
    text = _group(str(abs(value)), CURRENCIES[currency].group)
    return f"-{text}" if value < 0 else text


def format_input(value: Decimal, *, currency: str) -> str:
    """A value to pre-fill an input: no grouping, so it reads back the same in any language."""
    text = f"{value:f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text.replace(".", CURRENCIES[currency].decimal_mark)


def _group(digits: str, separator: str) -> str:
    head = len(digits) % 3 or 3
    return separator.join(
        [digits[:head]] + [digits[i : i + 3] for i in range(head, len(digits), 3)]
    )


def _money(value: Decimal, money: Currency) -> Decimal:
    return value.quantize(money.quantum, rounding=ROUND_HALF_UP)


def _percent(value: Decimal) -> Decimal:
    return value.quantize(PERCENT_QUANTUM, rounding=ROUND_HALF_UP)
