"""Reading the business book for its owner: every read starts from the owner, so a page can
never show another person's book."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Count, F, Q, QuerySet

from .models import Business, Entry, EntryRevision, MonthSummary, Product
from .services import month_start


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
    next_month = (month + timedelta(days=32)).replace(day=1)
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


def book_month(*, business: Business, month: date) -> BookMonth:
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
