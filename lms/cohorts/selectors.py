from __future__ import annotations

from uuid import UUID

from lms.accounts.models import User

from .models import Enrolment


def enrolments_for_learner(*, learner: User) -> list[Enrolment]:
    return list(Enrolment.objects.filter(learner=learner).order_by("created_at"))


def enrolment_get(*, learner: User, curriculum_key: UUID) -> Enrolment | None:
    return Enrolment.objects.filter(learner=learner, curriculum_key=curriculum_key).first()
