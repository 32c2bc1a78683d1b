"""Mentoring between workshops: the owner chooses a mentor among the facilitators of their
groups and agrees that the mentor sees the business's monthly results (never single
entries); the mentor writes follow-up notes and agreed actions and opens a WhatsApp
conversation through a plain link. Nothing is sent by Rumo.

Consent is a ``ConsentRecord`` of kind MENTORING: withdrawn, the mentor sees nothing."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from urllib.parse import quote

from django.db import transaction
from django.db.models import Exists, OuterRef, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from lms.accounts.consent import consent_active, consent_record
from lms.accounts.models import ConsentRecord, User
from lms.cohorts.models import LearnerGroup

from .models import MAX_ACTION, MAX_MENTOR_TEXT, AgreedAction, Business, MentorNote
from .services import BookInputError

QUIET_AFTER = timedelta(days=14)
CALLING_CODES = {"BR": "55", "CL": "56", "PE": "51"}
MAX_DUE = timedelta(days=366)


def mentor_choices(*, owner: User) -> QuerySet[User]:
    """The facilitators of the groups the owner belongs to."""
    groups = LearnerGroup.objects.filter(memberships__learner=owner).values("pk")
    return (
        User.objects.filter(is_active=True, facilitated_groups__in=groups)
        .distinct()
        .order_by("first_name", "username")
    )


def mentoring_consent(*, business: Business) -> ConsentRecord | None:
    return consent_active(person=business.owner, kind=ConsentRecord.Kind.MENTORING)


def mentoring_start(*, business: Business, mentor: User) -> Business:
    """The owner names a mentor and agrees that they see the monthly results."""
    if not mentor_choices(owner=business.owner).filter(pk=mentor.pk).exists():
        raise BookInputError(_("Choose one of your group's facilitators."), field="mentor")
    with transaction.atomic():
        if mentoring_consent(business=business) is None:
            consent_record(
                person=business.owner, kind=ConsentRecord.Kind.MENTORING, recorded_by=business.owner
            )
        business.mentor = mentor
        business.save(update_fields=["mentor"])
    return business


def mentoring_stop(*, business: Business) -> Business:
    """Consent withdrawn: the mentor no longer sees the business; notes stay with the owner's
    book."""
    with transaction.atomic():
        ConsentRecord.objects.filter(
            person=business.owner, kind=ConsentRecord.Kind.MENTORING, withdrawn_at__isnull=True
        ).update(withdrawn_at=timezone.now())
        business.mentor = None
        business.save(update_fields=["mentor"])
    return business


def mentored_businesses(*, mentor: User) -> QuerySet[Business]:
    """The businesses this mentor may see: named mentor and the owner's consent standing.
    Quietest first (never recorded, then longest since the last entry)."""
    consenting = ConsentRecord.objects.filter(
        person=OuterRef("owner"), kind=ConsentRecord.Kind.MENTORING, withdrawn_at__isnull=True
    )
    return (
        Business.objects.filter(mentor=mentor)
        .filter(Exists(consenting))
        .select_related("owner")
        .order_by("last_recorded_at", "name", "pk")
    )


def mentored_business(*, mentor: User, pk: int) -> Business:
    business = mentored_businesses(mentor=mentor).filter(pk=pk).first()
    if business is None:
        raise Http404
    return business


def business_is_quiet(*, business: Business, now=None) -> bool:
    """Nothing recorded for two weeks (or ever)."""
    now = now or timezone.now()
    return business.last_recorded_at is None or business.last_recorded_at < now - QUIET_AFTER


@dataclass(frozen=True)
class Mentee:
    business: Business
    quiet: bool


def mentees(*, mentor: User) -> list[Mentee]:
    now = timezone.now()
    return [
        Mentee(business=b, quiet=business_is_quiet(business=b, now=now))
        for b in mentored_businesses(mentor=mentor)
    ]


def _text(value: object, *, limit: int) -> str:
    if not isinstance(value, str) or "\x00" in value or not value.strip():
        raise BookInputError(_("Write something first."), field="text")
    value = value.strip()
    if len(value) > limit:
        raise BookInputError(
            _("Keep it under %(limit)s characters.") % {"limit": limit}, field="text"
        )
    return value


def mentor_note_add(*, business: Business, author: User, text: str) -> MentorNote:
    return MentorNote.objects.create(
        business=business, author=author, text=_text(text, limit=MAX_MENTOR_TEXT)
    )


def agreed_action_add(*, business: Business, author: User, text: str, due_on: date) -> AgreedAction:
    text = _text(text, limit=MAX_ACTION)
    today = timezone.localdate()
    if not isinstance(due_on, date):
        raise BookInputError(_("Enter a valid date."), field="due_on")
    if due_on < today:
        raise BookInputError(_("The date cannot be in the past."), field="due_on")
    if due_on > today + MAX_DUE:
        raise BookInputError(_("Choose a date within the next year."), field="due_on")
    return AgreedAction.objects.create(business=business, author=author, text=text, due_on=due_on)


def agreed_action_done(*, action: AgreedAction, done: bool = True) -> AgreedAction:
    action.done_at = timezone.now() if done else None
    action.save(update_fields=["done_at"])
    return action


def whatsapp_number(*, business: Business) -> str | None:
    """The owner's phone as WhatsApp wants it (digits with the country's calling code), or
    None when no number is recorded."""
    phone = business.owner.phone or ""
    digits = "".join(ch for ch in phone if ch.isdigit())
    if len(digits) < 8:
        return None
    if phone.strip().startswith("+"):
        return digits
    return CALLING_CODES.get(business.country, "") + digits.lstrip("0")


def whatsapp_link(*, business: Business, mentor: User) -> str | None:
    """A plain https://wa.me link that opens a conversation with a message prefilled in the
    owner's language; the mentor edits and sends it from their own phone."""
    number = whatsapp_number(business=business)
    if number is None:
        return None
    owner = business.owner
    with override(owner.preferred_language or "pt-br"):
        text = _(
            "Hello %(owner)s, this is %(mentor)s, your mentor from the programme. "
            "How is %(business)s going this month? Shall we look at your business book together?"
        ) % {
            "owner": owner.first_name or owner.username,
            "mentor": mentor.first_name or mentor.username,
            "business": business.name,
        }
    return f"https://wa.me/{number}?text={quote(text)}"
