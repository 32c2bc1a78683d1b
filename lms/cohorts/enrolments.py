"""Enrolling learners in curricula."""

from __future__ import annotations

from uuid import UUID

from django.db import IntegrityError, transaction

from lms.accounts.models import User

from .models import (
    Enrolment,
)

# --- Enrolments ----------------------------------------------------------------------------


def enrolment_create(*, learner: User, curriculum_key: UUID, level: int | None = None) -> Enrolment:
    """Enrol ``learner`` (once) in a curriculum; a given level replaces the previous one."""
    try:
        with transaction.atomic():
            enrolment, created = Enrolment.objects.get_or_create(
                learner=learner, curriculum_key=curriculum_key, defaults={"level": level}
            )
    except IntegrityError:  # a concurrent request enrolled first
        enrolment, created = (
            Enrolment.objects.get(learner=learner, curriculum_key=curriculum_key),
            False,
        )
    if not created and level is not None and enrolment.level != level:
        enrolment.level = level
        enrolment.save(update_fields=["level", "updated_at"])
    return enrolment
