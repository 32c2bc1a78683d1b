"""The monthly results as files: the month (its totals, then its entries) or the twelve
months up to it, as CSV and XLSX, with the numbers the screen shows.

Amounts are written as plain numbers in the currency's unit (``1234,56`` for R$ 1.234,56 on
a pt-BR or es download, so a spreadsheet reads them as numbers) with the currency in the
column's title. Text the owner typed (a note, a product's name, the business's name) is
guarded against formula injection with the same rule as the programme reports' exports."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.utils import formats
from django.utils.translation import gettext as _

from curriculum.calculators import CURRENCIES

from .models import Business, Entry
from .money import from_minor
from .sectors import CATEGORY_LABELS, EntryKind
from .selectors import MonthResult
from .services import month_shift

# A text cell starting with one of these is run as a formula by spreadsheets (the same
# list as lms.reports.exports, which this app may not import: reports is a higher layer).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class Money:
    """An amount in minor units, written as a number in the currency's unit."""

    amount: int
    currency: str


@dataclass(frozen=True)
class Sheet:
    title: str
    header: list[str]
    rows: list[list[object]]  # str | int | Money | date | None


def safe_text(text: str) -> str:
    return f"'{text}" if text.startswith(FORMULA_START) else text


def totals_rows(result: MonthResult, *, currency: str) -> list[list[object]]:
    def money(amount: int | None) -> Money | None:
        return None if amount is None else Money(amount, currency)

    return [
        [_("Sales"), money(result.sales)],
        [_("Cost of goods"), money(result.cost_of_goods)],
        [_("Expenses"), money(result.expenses)],
        [_("Profit"), money(result.profit)],
        [_("Money taken home"), money(result.draws)],
        [_("Money put in"), money(result.injections)],
        [_("Cash at the end of the month"), money(result.cash_at_end)],
        [_("Break-even sales"), money(result.break_even_sales)],
    ]


def month_sheets(*, business: Business, result: MonthResult, entries: list[Entry]) -> list[Sheet]:
    currency = business.currency
    kinds = dict(EntryKind.choices)
    totals = Sheet(
        title=_("Totals"),
        header=[_("Month"), f"{_('Amount')} ({currency})"],
        rows=[[result.month.strftime("%Y-%m")], *totals_rows(result, currency=currency)],
    )
    lines = Sheet(
        title=_("Entries"),
        header=[
            _("Date"),
            _("Kind"),
            _("Category"),
            _("Product"),
            _("Quantity"),
            f"{_('Amount')} ({currency})",
            f"{_('Cost of goods')} ({currency})",
            _("Note"),
        ],
        rows=[
            [
                e.occurred_on,
                str(kinds.get(e.kind, e.kind)),
                str(CATEGORY_LABELS.get(e.category, e.category)),
                e.product.name if e.product_id else "",
                e.quantity,
                Money(e.amount, currency),
                Money(e.cost_of_goods, currency),
                e.note,
            ]
            for e in entries
        ],
    )
    return [totals, lines]


def year_sheets(*, business: Business, months: list[MonthResult]) -> list[Sheet]:
    currency = business.currency
    header = [_("Month")] + [
        f"{label} ({currency})" for label, _value in totals_rows(months[0], currency=currency)
    ]
    rows = [
        [m.month.strftime("%Y-%m")] + [value for _label, value in totals_rows(m, currency=currency)]
        for m in months
    ]
    return [Sheet(title=_("Monthly results"), header=header, rows=rows)]


def month_entries(*, business: Business, month: date) -> list[Entry]:
    """The month's live entries, oldest first: one query."""
    next_month = month_shift(month, 1)
    return list(
        Entry.objects.filter(
            business=business,
            occurred_on__gte=month,
            occurred_on__lt=next_month,
            deleted_at__isnull=True,
        )
        .select_related("product")
        .order_by("occurred_on", "pk")
    )


def _number(money: Money) -> Decimal:
    return from_minor(money.amount, currency=money.currency)


def _csv_cell(value: object, separator: str) -> str:
    if value is None:
        return ""
    if isinstance(value, Money):
        places = CURRENCIES[value.currency].decimals
        return f"{_number(value):.{places}f}".replace(".", separator)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, int):
        return str(value)
    return safe_text(str(value))


def sheets_csv(sheets: list[Sheet], *, heading: str) -> str:
    """UTF-8 with a byte-order mark; ";" between columns where the decimal mark is a comma."""
    separator = formats.get_format("DECIMAL_SEPARATOR")
    delimiter = ";" if separator == "," else ","
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\n")
    writer.writerow([safe_text(heading)])
    for sheet in sheets:
        writer.writerow([])
        writer.writerow([sheet.title])
        writer.writerow(sheet.header)
        for row in sheet.rows:
            writer.writerow([_csv_cell(v, separator) for v in row])
    return "\ufeff" + buffer.getvalue()


def sheets_xlsx(sheets: list[Sheet], *, heading: str) -> bytes:
    """One sheet per table, the heading in its first row; numbers stay numbers (exact
    decimals), text stays text."""
    from openpyxl import Workbook  # only the downloads need it
    from openpyxl.cell import WriteOnlyCell

    book = Workbook(write_only=True)
    for sheet in sheets:
        page = book.create_sheet(title=sheet.title[:31])

        def cell(value, page=page):
            if isinstance(value, Money):
                number = WriteOnlyCell(page, value=_number(value))
                places = CURRENCIES[value.currency].decimals
                number.number_format = "#,##0" + ("." + "0" * places if places else "")
                return number
            if isinstance(value, date):
                dated = WriteOnlyCell(page, value=value)
                dated.number_format = "yyyy-mm-dd"
                return dated
            if isinstance(value, str):
                text = WriteOnlyCell(page, value=value)
                text.data_type = "s"  # "=…" stays text
                return text
            return value

        page.append([cell(heading)])
        page.append([cell(h) for h in sheet.header])
        for row in sheet.rows:
            page.append([cell(v) for v in row])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
