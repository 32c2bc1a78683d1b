"""Writing the business book: businesses, entries (record, correct, delete) and the month
summaries they keep up to date. Every write checks its inputs before the database sees them
and raises ``BookInputError`` with a message fit to show the owner."""

from __future__ import annotations

import uuid
from datetime import date, datetime, timedelta

from django.db import IntegrityError, transaction
from django.db.models import Case, Count, F, Q, Sum, When
from django.utils import timezone
from django.utils.translation import gettext as _

from lms.accounts.models import User

from .models import (
    MAX_NAME,
    MAX_NOTE,
    Business,
    Entry,
    EntryRevision,
    MonthSummary,
    Product,
    StockMove,
)
from .money import MAX_ENTRY, minor_units
from .sectors import CATEGORY_LABELS, EntryKind, Sector, categories_for

# How far back an entry may be dated: a notebook from last year can still be copied in.
MAX_PAST = timedelta(days=3 * 366)
MAX_QUANTITY = 100_000


class BookInputError(ValueError):
    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


def month_start(day: date) -> date:
    return day.replace(day=1)


def month_shift(month: date, months: int) -> date:
    """The first day of the month ``months`` after (or before) ``month``'s."""
    index = month.year * 12 + month.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def business_create(*, owner, name: str, sector: str, country: str) -> Business:
    name = (name or "").strip()
    if not name or len(name) > MAX_NAME:
        raise BookInputError(
            _("Give the business a name of up to %(limit)s characters.") % {"limit": MAX_NAME},
            field="name",
        )
    if sector not in Sector.values:
        raise BookInputError(_("Choose the business's sector."), field="sector")
    if country not in User.Country.values:
        raise BookInputError(_("Choose the country where the business works."), field="country")
    business, _created = Business.objects.get_or_create(
        owner=owner, defaults={"name": name, "sector": sector, "country": country}
    )
    return business


def _check_entry(
    *,
    business: Business,
    kind: str,
    amount: int,
    occurred_on: date,
    category: str,
    note: str,
    product: Product | None,
    quantity: int | None,
    today: date,
) -> None:
    if kind not in EntryKind.values:
        raise BookInputError(_("Choose what kind of entry this is."), field="kind")
    if isinstance(amount, bool) or not isinstance(amount, int) or amount <= 0:
        raise BookInputError(_("Enter an amount greater than zero."), field="amount")
    if amount > minor_units(MAX_ENTRY, currency=business.currency):
        raise BookInputError(
            _("This amount is too large for one entry. Check for extra zeros."), field="amount"
        )
    if not isinstance(occurred_on, date) or isinstance(occurred_on, datetime):
        raise BookInputError(_("Enter a valid date."), field="occurred_on")
    if occurred_on > today:
        raise BookInputError(_("The date cannot be in the future."), field="occurred_on")
    if occurred_on < today - MAX_PAST:
        raise BookInputError(_("The date is more than three years ago."), field="occurred_on")
    if category not in CATEGORY_LABELS or category not in categories_for(
        sector=business.sector, kind=kind
    ):
        raise BookInputError(_("Choose one of the categories offered."), field="category")
    if not isinstance(note, str) or len(note) > MAX_NOTE or "\x00" in note:
        raise BookInputError(
            _("Keep the note under %(limit)s characters.") % {"limit": MAX_NOTE}, field="note"
        )
    if product is not None:
        if product.business_id != business.pk or not product.active:
            raise BookInputError(_("Choose one of your products."), field="product")
        if kind not in (EntryKind.SALE, EntryKind.PURCHASE):
            raise BookInputError(_("Only sales and purchases move stock."), field="product")
        if (
            isinstance(quantity, bool)
            or not isinstance(quantity, int)
            or not 0 < quantity <= MAX_QUANTITY
        ):
            raise BookInputError(
                _("Enter how many units, from 1 to %(limit)s.") % {"limit": MAX_QUANTITY},
                field="quantity",
            )
    elif quantity is not None:
        raise BookInputError(_("Choose the product the quantity is of."), field="product")


def _snapshot(entry: Entry) -> dict:
    return {
        "kind": entry.kind,
        "amount": entry.amount,
        "occurred_on": entry.occurred_on.isoformat(),
        "category": entry.category,
        "note": entry.note,
        "product": entry.product_id,
        "quantity": entry.quantity,
    }


def _move_stock(*, entry: Entry, sign: int) -> None:
    """Apply (sign 1) or take back (sign -1) the stock move an entry makes."""
    if entry.product_id is None or not entry.quantity:
        return
    delta = entry.quantity if entry.kind == EntryKind.PURCHASE else -entry.quantity
    Product.objects.filter(pk=entry.product_id).update(stock=F("stock") + sign * delta)
    if sign > 0:
        StockMove.objects.create(
            product_id=entry.product_id,
            entry=entry,
            reason=StockMove.Reason.SALE
            if entry.kind == EntryKind.SALE
            else StockMove.Reason.PURCHASE,
            quantity=delta,
            occurred_on=entry.occurred_on,
        )
    else:
        StockMove.objects.filter(entry=entry).delete()


def _cost_of_goods(*, kind: str, product: Product | None, quantity: int | None) -> int:
    if kind == EntryKind.SALE and product is not None and quantity:
        return product.unit_cost * quantity
    return 0


def _entry_fields(
    *,
    business: Business,
    kind: str,
    amount: int,
    occurred_on: date,
    category: str,
    note: str,
    product: Product | None,
    quantity: int | None,
) -> dict:
    """The columns of an entry from what the owner gave, checked (``BookInputError``)."""
    note = (note or "").strip() if isinstance(note, str) else note
    _check_entry(
        business=business, kind=kind, amount=amount, occurred_on=occurred_on,
        category=category, note=note, product=product, quantity=quantity,
        today=timezone.localdate(),
    )  # fmt: skip
    return {
        "kind": kind,
        "amount": amount,
        "occurred_on": occurred_on,
        "category": category,
        "note": note,
        "product": product,
        "quantity": quantity if product is not None else None,
        "cost_of_goods": _cost_of_goods(kind=kind, product=product, quantity=quantity),
    }


def entry_record(
    *,
    business: Business,
    kind: str,
    amount: int,
    occurred_on: date,
    category: str,
    note: str = "",
    product: Product | None = None,
    quantity: int | None = None,
    client_id: uuid.UUID | None = None,
    changed_at: datetime | None = None,
) -> tuple[Entry, bool]:
    """Record one entry; returns ``(entry, created)``. The same ``client_id`` twice stores
    one entry (the second call returns the first)."""
    if client_id is not None:
        existing = Entry.objects.filter(client_id=client_id).first()
        if existing is not None:
            if existing.business_id != business.pk:
                raise BookInputError(_("This entry belongs to another book."))
            return existing, False
    fields = _entry_fields(
        business=business, kind=kind, amount=amount, occurred_on=occurred_on,
        category=category, note=note, product=product, quantity=quantity,
    )  # fmt: skip
    try:
        with transaction.atomic():
            entry = Entry.objects.create(
                business=business,
                client_id=client_id or uuid.uuid4(),
                changed_at=changed_at or timezone.now(),
                **fields,
            )
            EntryRevision.objects.create(
                entry=entry,
                action=EntryRevision.Action.CREATED,
                snapshot=_snapshot(entry),
            )
            _move_stock(entry=entry, sign=1)
            month_summary_refresh(business=business, month=month_start(occurred_on))
            Business.objects.filter(pk=business.pk).update(last_recorded_at=timezone.now())
    except IntegrityError:
        # The same client id arrived twice at once: the other request stored it.
        existing = Entry.objects.filter(client_id=client_id).first() if client_id else None
        if existing is None:
            raise
        return existing, False
    return entry, True


def entry_correct(
    *,
    entry: Entry,
    kind: str,
    amount: int,
    occurred_on: date,
    category: str,
    note: str = "",
    product: Product | None = None,
    quantity: int | None = None,
    changed_at: datetime | None = None,
) -> Entry:
    """Change an entry; what it said before is kept in its history. ``changed_at`` is when
    the owner made the change (the phone's time for a queued one; now by default)."""
    if entry.deleted_at is not None:
        raise BookInputError(_("This entry was deleted."))
    business = entry.business
    fields = _entry_fields(
        business=business, kind=kind, amount=amount, occurred_on=occurred_on,
        category=category, note=note, product=product, quantity=quantity,
    )  # fmt: skip
    with transaction.atomic():
        entry = Entry.objects.select_for_update().get(pk=entry.pk)
        EntryRevision.objects.create(
            entry=entry,
            action=EntryRevision.Action.CORRECTED,
            snapshot=_snapshot(entry),
        )
        _move_stock(entry=entry, sign=-1)
        old_month = month_start(entry.occurred_on)
        for name, value in fields.items():
            setattr(entry, name, value)
        entry.changed_at = changed_at or timezone.now()
        entry.save()
        _move_stock(entry=entry, sign=1)
        for month in {old_month, month_start(occurred_on)}:
            month_summary_refresh(business=business, month=month)
        Business.objects.filter(pk=business.pk).update(last_recorded_at=timezone.now())
    return entry


def entry_delete(*, entry: Entry, changed_at: datetime | None = None) -> Entry:
    """Take an entry out of the book; the row and its history stay."""
    with transaction.atomic():
        entry = Entry.objects.select_for_update().get(pk=entry.pk)
        if entry.deleted_at is not None:
            return entry
        EntryRevision.objects.create(
            entry=entry,
            action=EntryRevision.Action.DELETED,
            snapshot=_snapshot(entry),
        )
        _move_stock(entry=entry, sign=-1)
        entry.deleted_at = timezone.now()
        entry.changed_at = changed_at or entry.deleted_at
        entry.save(update_fields=["deleted_at", "changed_at", "updated_at"])
        month_summary_refresh(business=entry.business, month=month_start(entry.occurred_on))
    return entry


def month_summary_refresh(*, business: Business, month: date) -> MonthSummary:
    """Rewrite one month's totals from its live entries: one aggregate query and one write.

    Cost of goods is what sales took out of stock plus purchases bought for use rather than
    for stock (ingredients, materials: purchases without a product), so a business that does
    not count stock still sees a fair profit.
    """
    month = month_start(month)
    next_month = month_shift(month, 1)
    live = Entry.objects.filter(
        business=business,
        occurred_on__gte=month,
        occurred_on__lt=next_month,
        deleted_at__isnull=True,
    )

    def total(condition: Q, field: str = "amount") -> Sum:
        return Sum(Case(When(condition, then=F(field)), default=0))

    totals = live.aggregate(
        sales=total(Q(kind=EntryKind.SALE)),
        sold_cost=total(Q(kind=EntryKind.SALE), "cost_of_goods"),
        purchases=total(Q(kind=EntryKind.PURCHASE)),
        used_purchases=total(Q(kind=EntryKind.PURCHASE, product__isnull=True)),
        expenses=total(Q(kind=EntryKind.EXPENSE)),
        household=total(Q(kind=EntryKind.EXPENSE, category="household")),
        draws=total(Q(kind=EntryKind.DRAW)),
        injections=total(Q(kind=EntryKind.INJECTION)),
        entries=Count("pk"),
        sales_with_product=Count("pk", filter=Q(kind=EntryKind.SALE, product__isnull=False)),
    )
    values = {
        "sales": totals["sales"] or 0,
        "cost_of_goods": (totals["sold_cost"] or 0) + (totals["used_purchases"] or 0),
        "purchases": totals["purchases"] or 0,
        "expenses": totals["expenses"] or 0,
        "household_expenses": totals["household"] or 0,
        "draws": totals["draws"] or 0,
        "injections": totals["injections"] or 0,
        "entries": totals["entries"] or 0,
        "sales_with_product": totals["sales_with_product"] or 0,
    }
    summary, _created = MonthSummary.objects.update_or_create(
        business=business, month=month, defaults=values
    )
    return summary
