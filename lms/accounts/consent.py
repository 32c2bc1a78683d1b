"""Consent records: the privacy notice accepted at sign-up, a guardian's consent for a
learner under 18 (recorded by the group's facilitator), consent to follow-up data collection.
A later feature (programme results) reuses the same records."""

from __future__ import annotations

from django.utils import timezone

from .models import ConsentRecord, User

# The privacy notice's version: raise it whenever the notice's text changes in substance.
NOTICE_VERSION = "1.0"
ADULT_AGE = 18


def person_is_minor(*, person: User) -> bool:
    """Under 18 this year, counted from the year of birth (someone born this year 18 years ago
    counts as an adult all year: a year is all Rumo asks for)."""
    if person.birth_year is None:
        return False
    return timezone.localdate().year - person.birth_year < ADULT_AGE


def consent_active(*, person: User, kind: str) -> ConsentRecord | None:
    return (
        ConsentRecord.objects.filter(person=person, kind=kind, withdrawn_at__isnull=True)
        .order_by("-recorded_at", "-pk")
        .first()
    )


def guardian_consent_missing(*, person: User) -> bool:
    """True for a minor without a guardian's consent on record: until it is recorded, their
    data is shown to nobody but themselves."""
    return person_is_minor(person=person) and (
        consent_active(person=person, kind=ConsentRecord.Kind.GUARDIAN) is None
    )


def consent_record(
    *,
    person: User,
    kind: str,
    recorded_by: User | None,
    guardian_name: str = "",
    notice_version: str = NOTICE_VERSION,
) -> ConsentRecord:
    return ConsentRecord.objects.create(
        person=person,
        kind=kind,
        notice_version=notice_version,
        guardian_name=guardian_name[:150],
        recorded_by=recorded_by,
    )
