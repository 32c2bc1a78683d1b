"""Reading the business book. Every read starts from the business or its owner, so a page
can never show another person's book; monthly results come from the month summaries (one
query, however many entries the book holds)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, F, Q, QuerySet
from django.utils import timezone

from .models import Business, Entry, EntryRevision, MonthSummary, Product
from .services import month_shift, month_start

DEFAULT_MONTHS = 12


@dataclass(frozen=True)
class MonthResult:
    """One month of a business, in minor units of its currency."""

    month: date
    sales: int
    cost_of_goods: int
    expenses: int
    household_expenses: int
    draws: int
    injections: int
    purchases: int
    entries: int
    sales_with_product: int
    cash_at_end: int  # everything in minus everything out since the book began

    @property
    def gross_margin(self) -> int:
        return self.sales - self.cost_of_goods

    @property
    def profit(self) -> int:
        """The business's profit; the owner's take-home is kept out of it."""
        return self.gross_margin - self.expenses

    @property
    def margin_percent(self) -> float | None:
        """Gross margin as a share of sales, for display only (never summed)."""
        return None if self.sales <= 0 else 100 * self.gross_margin / self.sales

    @property
    def break_even_sales(self) -> int | None:
        """The sales that pay this month's expenses (the business's fixed costs) at this
        month's margin, rounded up to the currency's smallest unit; None when there is no
        positive margin to pay them with."""
        if self.sales <= 0 or self.gross_margin <= 0:
            return None
        # expenses ÷ (margin ÷ sales), in integers: ceil(expenses × sales ÷ margin).
        return -(-self.expenses * self.sales // self.gross_margin)


def book_months(
    *, business: Business, months: int = DEFAULT_MONTHS, until: date | None = None
) -> list[MonthResult]:
    """The last ``months`` months up to ``until`` (default: this month), oldest first, with
    empty months filled in, and the cash at the end of each: one query."""
    return _months(MonthSummary.objects.filter(business=business), months=months, until=until)


def book_months_of_owner(
    *, owner, months: int = DEFAULT_MONTHS, until: date | None = None
) -> list[MonthResult]:
    """Like ``book_months`` for the owner's business, found in the same query; an empty list
    when the person keeps no book."""
    if not owner.is_authenticated:
        return []
    summaries = MonthSummary.objects.filter(business__owner=owner)
    return _months(summaries, months=months, until=until, empty_if_none=True)


def _months(
    summaries, *, months: int, until: date | None, empty_if_none: bool = False
) -> list[MonthResult]:
    last = month_start(until or timezone.localdate())
    first = month_shift(last, -(months - 1))
    rows = list(summaries.filter(month__lte=last).order_by("month"))
    if empty_if_none and not rows:
        return []
    cash = 0  # before the first month shown: every earlier month's cash flow
    by_month: dict[date, MonthSummary] = {}
    for row in rows:
        if row.month < first:
            cash += row.cash_flow
        else:
            by_month[row.month] = row
    results = []
    for offset in range(months):
        month = month_shift(first, offset)
        row = by_month.get(month)
        if row is None:
            results.append(_empty(month, cash_at_end=cash))
        else:
            cash += row.cash_flow
            results.append(_result(row, cash_at_end=cash))
    return results


def _result(row: MonthSummary, *, cash_at_end: int) -> MonthResult:
    return MonthResult(
        month=row.month,
        sales=row.sales,
        cost_of_goods=row.cost_of_goods,
        expenses=row.expenses,
        household_expenses=row.household_expenses,
        draws=row.draws,
        injections=row.injections,
        purchases=row.purchases,
        entries=row.entries,
        sales_with_product=row.sales_with_product,
        cash_at_end=cash_at_end,
    )


def _empty(month: date, *, cash_at_end: int) -> MonthResult:
    return MonthResult(month, 0, 0, 0, 0, 0, 0, 0, 0, 0, cash_at_end)


def book_month(*, business: Business, month: date) -> MonthResult:
    """One month's results (with the cash at its end)."""
    return book_months(business=business, months=1, until=month)[0]


def business_of(*, owner) -> Business | None:
    """The owner's business, or None when they have not started a book."""
    if not owner.is_authenticated:
        return None
    return Business.objects.filter(owner=owner).first()


def entry_of(*, business: Business, pk: int) -> Entry | None:
    """One entry of this business (deleted ones too: their page shows the history)."""
    return Entry.objects.filter(business=business, pk=pk).select_related("product").first()


def entry_history(*, entry: Entry) -> list[EntryRevision]:
    return list(entry.revisions.all())


@dataclass(frozen=True)
class BookMonth:
    month: date
    summary: MonthSummary
    entries: list[Entry]
    low_stock: list[Product]


def month_entries(*, business: Business, month: date) -> QuerySet[Entry]:
    month = month_start(month)
    next_month = month_shift(month, 1)
    return (
        Entry.objects.filter(
            business=business,
            occurred_on__gte=month,
            occurred_on__lt=next_month,
            deleted_at__isnull=True,
        )
        .select_related("product")
        .annotate(
            corrections=Count(
                "revisions", filter=Q(revisions__action=EntryRevision.Action.CORRECTED)
            )
        )
        .order_by("-occurred_on", "-pk")
    )


def book_home_month(*, business: Business, month: date) -> BookMonth:
    """The book's home: the month's totals (from its summary row), its live entries and the
    products running low: three queries whatever the number of entries."""
    month = month_start(month)
    summary = MonthSummary.objects.filter(business=business, month=month).first()
    if summary is None:
        summary = MonthSummary(business=business, month=month)
    low = list(Product.objects.filter(business=business, active=True, stock__lte=F("low_stock_at")))
    return BookMonth(
        month=month,
        summary=summary,
        entries=list(month_entries(business=business, month=month)),
        low_stock=low,
    )


def products_of(*, business: Business, active: bool = True) -> QuerySet[Product]:
    return Product.objects.filter(business=business, active=active)
