"""Applying a phone's cash-book events (``book_entry``): whatever order a create, its
corrections and its deletion arrive in, the book ends as if they had arrived in the order
they were made. Split from ``services.py``, which dispatches every kind of event here."""

from __future__ import annotations

import uuid

from lms.accounts.models import User
from lms.business.models import Business, Entry, EntryRevision, Product
from lms.business.money import MoneyInputError, amount_parse
from lms.business.services import BookInputError, entry_correct, entry_delete, entry_record

from .errors import EventRefused
from .events import EventIn
from .models import SyncEvent

Outcome = SyncEvent.Outcome


def _book_values(business: Business, data: dict) -> dict:
    try:
        amount = amount_parse(data["amount"], currency=business.currency, language=data["language"])
    except MoneyInputError as error:
        raise EventRefused(error.message) from error
    product = None
    if data["product"] is not None:
        product = Product.objects.filter(business=business, pk=data["product"]).first()
        if product is None:
            raise EventRefused("unknown product")
    return {
        "kind": data["kind"],
        "amount": amount,
        "occurred_on": data["occurred_on"],
        "category": data["category"],
        "note": data["note"],
        "product": product,
        "quantity": data["quantity"],
    }


def book_target(action: str, client_id: uuid.UUID) -> str:
    """The sync row's ``target`` for a correction or deletion of the entry ``client_id``."""
    return f"book_{action}:{client_id}"


def _book_corrected(user: User, entry: Entry, event: EventIn) -> bool:
    """Whether a correction (on the page, or queued) is in place: corrections compare their
    times with each other only, and always win over the create."""
    return (
        entry.revisions.filter(action=EntryRevision.Action.CORRECTED).exists()
        or SyncEvent.objects.filter(
            user=user,
            target=book_target("correct", entry.client_id),
            outcome=Outcome.APPLIED,
        )
        .exclude(id=event.id)
        .exists()
    )


def _book_entry_create(
    user: User, business: Business, event: EventIn, *, values: dict
) -> tuple[Entry, bool]:
    """Create the entry the event names (once); if a deletion of it arrived first, the new
    entry is deleted at once, at the deletion's time, so a late create never brings it back."""
    entry, created = entry_record(
        business=business,
        client_id=event.payload["client_id"],
        changed_at=event.occurred_at,
        **values,
    )
    if created:
        deletion = (
            SyncEvent.objects.filter(
                user=user, target=book_target("delete", event.payload["client_id"])
            )
            .exclude(id=event.id)
            .order_by("occurred_at")
            .first()
        )
        if deletion is not None:
            entry = entry_delete(entry=entry, changed_at=deletion.occurred_at)
    return entry, created


def book_entry_apply(user: User, event: EventIn, sessions: object) -> str:
    """Whatever order a create, its corrections and its deletion arrive in, the book ends as
    if they had arrived in the order they were made: a correction of an entry not here yet
    creates it with the corrected values (it carries every field; the create is then
    ignored), a correction wins over the create and the latest correction over the others, and
    a deletion wins over every correction; a
    deletion of an entry not here yet is held (its event's ``target``) and deletes the entry
    the moment it arrives."""
    data = event.payload
    business = Business.objects.filter(owner=user).first()
    if business is None:
        raise EventRefused("no business book")
    try:
        if data["action"] == "create":
            _entry, created = _book_entry_create(
                user, business, event, values=_book_values(business, data)
            )
            return Outcome.APPLIED if created else Outcome.SUPERSEDED
        entry = Entry.objects.filter(client_id=data["client_id"]).first()
        if entry is not None and entry.business_id != business.pk:
            raise EventRefused("unknown entry")
        if data["action"] == "delete":
            if entry is None:  # the create is still on its way: held until it comes
                return Outcome.APPLIED
            if entry.deleted_at is not None:
                return Outcome.SUPERSEDED
            entry_delete(entry=entry, changed_at=event.occurred_at)
            return Outcome.APPLIED
        if entry is None:
            _book_entry_create(user, business, event, values=_book_values(business, data))
            return Outcome.APPLIED
        if entry.deleted_at is not None:
            return Outcome.SUPERSEDED  # the deletion is in place
        if (
            entry.changed_at is not None
            and entry.changed_at > event.occurred_at
            and _book_corrected(user, entry, event)
        ):
            return Outcome.SUPERSEDED  # a later correction is in place
        entry_correct(entry=entry, changed_at=event.occurred_at, **_book_values(business, data))
    except BookInputError as error:
        raise EventRefused(error.message) from error
    return Outcome.APPLIED
