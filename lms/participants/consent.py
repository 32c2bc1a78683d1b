"""Consent to follow-up data collection and the profile it guards.

One consent model serves the whole platform (``lms.accounts.ConsentRecord``): this module
records kind ``follow_up`` and reads kind ``guardian`` (recorded by the facilitator under
``lms.privacy``). Nothing of the profile is stored without an active follow-up consent, and for
someone under 18 without an active guardian's consent as well; withdrawing stops collection
(the profile is no longer changed and surveys stop asking) while what was given stays, read
only in aggregates. Every consent given or withdrawn goes into the audit trail."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from lms.accounts.consent import consent_active, consent_record, person_is_minor
from lms.accounts.models import ConsentRecord, User
from lms.audit.services import consent_record as audit_consent

from .models import ParticipantProfile

FOLLOW_UP = ConsentRecord.Kind.FOLLOW_UP
# The version of the follow-up consent text shown on the profile screens: raise it whenever
# that text changes in substance (recorded with each consent).
FOLLOW_UP_TEXT_VERSION = "follow-up-1"

PROFILE_FIELDS = (
    "gender",
    "municipality",
    "area",
    "schooling",
    "employment_status",
    "business_sector",
    "business_level",
    "business_formal",
)


class ConsentRequired(Exception):
    """Profile data offered without the consent that allows storing it."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def follow_up_consent(*, person: User) -> ConsentRecord | None:
    return consent_active(person=person, kind=FOLLOW_UP)


def guardian_consent_needed(*, person: User) -> bool:
    """Under 18 and no guardian's consent on record: only the facilitator can unblock it."""
    return person_is_minor(person=person) and (
        consent_active(person=person, kind=ConsentRecord.Kind.GUARDIAN) is None
    )


def collection_allowed(*, person: User) -> bool:
    """May follow-up data about this person be collected now (profile, surveys)?"""
    return follow_up_consent(person=person) is not None and not guardian_consent_needed(
        person=person
    )


def profile_not_asked_yet(*, person: User) -> bool:
    """Never consented nor filled in a profile: enrolling or joining leads to the profile."""
    return not (
        ConsentRecord.objects.filter(person=person, kind=FOLLOW_UP).exists()
        or ParticipantProfile.objects.filter(person=person).exists()
    )


def follow_up_consent_give(
    *, person: User, recorded_by: User, guardian_name: str = ""
) -> ConsentRecord:
    """Record the consent (given by the person, or recorded by their facilitator). A minor's
    needs the guardian's consent first; giving it again while active records nothing new."""
    if guardian_consent_needed(person=person):
        raise ConsentRequired(_guardian_first())
    current = follow_up_consent(person=person)
    if current is not None:
        return current
    record = consent_record(
        person=person,
        kind=FOLLOW_UP,
        recorded_by=recorded_by,
        guardian_name=guardian_name,
        notice_version=FOLLOW_UP_TEXT_VERSION,
    )
    audit_consent(
        subject=person,
        purpose=FOLLOW_UP,
        given=True,
        actor=recorded_by if recorded_by.pk != person.pk else None,
    )
    return record


def follow_up_consent_withdraw(*, person: User, withdrawn_by: User) -> int:
    """Withdraw every active follow-up consent; returns how many were active."""
    count = ConsentRecord.objects.filter(
        person=person, kind=FOLLOW_UP, withdrawn_at__isnull=True
    ).update(withdrawn_at=timezone.now())
    if count:
        audit_consent(
            subject=person,
            purpose=FOLLOW_UP,
            given=False,
            actor=withdrawn_by if withdrawn_by.pk != person.pk else None,
        )
    return count


def profile_save(
    *, person: User, data: dict[str, Any], recorded_by: User, birth_year: int | None = None
) -> ParticipantProfile:
    """Store the profile (validated by ``ProfileForm``), only under an active consent. A new
    birth year counts for the check: one that makes the person a minor needs the guardian."""
    previous_year = person.birth_year
    if birth_year is not None:
        person.birth_year = birth_year
    if not collection_allowed(person=person):
        person.birth_year = previous_year
        raise ConsentRequired(
            _guardian_first() if guardian_consent_needed(person=person) else _consent_first()
        )
    with transaction.atomic():
        profile = ParticipantProfile.objects.filter(person=person).first() or ParticipantProfile(
            person=person
        )
        for field in PROFILE_FIELDS:
            if field in data:
                setattr(profile, field, data[field])
        profile.recorded_by = recorded_by
        profile.save()
        if person.birth_year != previous_year:
            person.save(update_fields=["birth_year"])
    return profile


def _consent_first() -> str:
    return gettext("Nothing was saved: consent to follow-up data collection is needed first.")


def _guardian_first() -> str:
    return gettext(
        "Nothing was saved: under 18, a parent's or guardian's consent recorded by the "
        "facilitator is needed first."
    )
