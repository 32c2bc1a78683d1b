"""The owner's monthly results: which month the page shows (read from ``?month=YYYY-MM``,
never trusted) and the plain-words reading of its break-even point. Numbers come from
``selectors.book_months`` (one query over the month summaries, however many entries)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext as _

from curriculum.calculators import CURRENCIES

from .money import money_format
from .selectors import MonthResult
from .services import month_start

MONTH_PATTERN = re.compile(r"([0-9]{4})-([0-9]{2})", re.ASCII)
EARLIEST_YEAR = 2000


@dataclass(frozen=True)
class ChosenMonth:
    month: date
    problem: str = ""  # why the month asked for was not shown, fit to show the owner


def month_parse(*, text: object, today: date) -> ChosenMonth:
    """``"2026-03"`` → March 2026. Anything else (garbage, a month before 2000, a month not
    yet come) falls back to this month with a message: never an error page."""
    current = month_start(today)
    if text is None or text == "":
        return ChosenMonth(current)
    found = MONTH_PATTERN.fullmatch(text) if isinstance(text, str) and len(text) == 7 else None
    if found is None:
        return ChosenMonth(current, _("That month could not be read, so this month is shown."))
    year, number = int(found[1]), int(found[2])
    if not 1 <= number <= 12 or year < EARLIEST_YEAR:
        return ChosenMonth(current, _("That month could not be read, so this month is shown."))
    chosen = date(year, number, 1)
    if chosen > current:
        return ChosenMonth(current, _("That month has not come yet, so this month is shown."))
    return ChosenMonth(chosen)


def margin_percent_whole(result: MonthResult) -> int | None:
    """Gross margin as a whole percentage of sales, rounded half up, in integers."""
    if result.sales <= 0:
        return None
    return (200 * result.gross_margin + result.sales) // (2 * result.sales)


def break_even_text(result: MonthResult, *, currency: str) -> list[str]:
    """The break-even point in plain words: what the month needed, what it sold."""
    sales = money_format(result.sales, currency=currency)
    expenses = money_format(result.expenses, currency=currency)
    if result.sales == 0 and result.expenses == 0 and result.cost_of_goods == 0:
        return [_("Nothing was sold or spent this month, so there is no break-even point.")]
    if result.sales <= 0:
        return [
            _(
                "There were no sales this month, so there is no margin to work out a "
                "break-even point. Your expenses were %(expenses)s."
            )
            % {"expenses": expenses}
        ]
    if result.break_even_sales is None:
        return [
            _(
                "This month your goods cost as much as or more than you sold them for: there "
                "was no margin, so no amount of sales could cover your expenses. Look at your "
                "prices and what you pay for your goods."
            )
        ]
    if result.expenses == 0:
        return [_("There were no expenses this month, so every sale with a margin was profit.")]
    needed = money_format(result.break_even_sales, currency=currency)
    lines = [
        _(
            "For every %(hundred)s you sold, %(margin)s was left after paying for the goods "
            "(a margin of %(percent)s %%)."
        )
        % {
            "hundred": money_format(100 * _unit(currency), currency=currency),
            "margin": money_format(
                (100 * _unit(currency) * result.gross_margin) // result.sales, currency=currency
            ),
            "percent": margin_percent_whole(result),
        },
        _(
            "You needed %(needed)s of sales to cover your expenses of %(expenses)s; "
            "you sold %(sales)s."
        )
        % {"needed": needed, "expenses": expenses, "sales": sales},
    ]
    gap = result.sales - result.break_even_sales
    if gap >= 0:
        lines.append(
            _("You sold %(amount)s more than your break-even point.")
            % {"amount": money_format(gap, currency=currency)}
        )
    else:
        lines.append(
            _("You were %(amount)s short of your break-even point.")
            % {"amount": money_format(-gap, currency=currency)}
        )
    return lines


def _unit(currency: str) -> int:
    """Minor units in one whole unit of the currency (100 centavos, 1 peso)."""
    return 10 ** CURRENCIES[currency].decimals
