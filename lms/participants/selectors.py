from __future__ import annotations

from uuid import UUID

from curriculum.models import CurriculumPage
from lms.accounts.models import User
from lms.cohorts.models import Enrolment, LearnerGroup, Membership

from .models import Certificate, ParticipantProfile, ParticipantStatus


def person_is_entrepreneur(*, person: User) -> bool:
    """Enrolled in an enterprise curriculum: the profile asks about the business."""
    keys = Enrolment.objects.filter(learner=person).values("curriculum_key")
    return CurriculumPage.objects.filter(
        translation_key__in=keys, kind=CurriculumPage.Kind.ENTERPRISE
    ).exists()


def profile_of(*, person: User) -> ParticipantProfile | None:
    return ParticipantProfile.objects.filter(person=person).first()


def certificate_of(*, person: User, curriculum_key: UUID) -> Certificate | None:
    return Certificate.objects.filter(person=person, curriculum_key=curriculum_key).first()


def certificate_by_code(*, code: str) -> Certificate | None:
    if not (16 <= len(code) <= 32) or not code.replace("-", "").replace("_", "").isalnum():
        return None
    return Certificate.objects.filter(code=code).select_related("person").first()


def group_member_for_facilitator(
    *, facilitator: User, group_id: int, learner_id: int
) -> tuple[LearnerGroup, User] | None:
    """The group and the member when the viewer is one of the group's facilitators."""
    group = LearnerGroup.objects.filter(pk=group_id, facilitators=facilitator.pk).first()
    if group is None:
        return None
    membership = (
        Membership.objects.filter(group=group, learner_id=learner_id)
        .select_related("learner")
        .first()
    )
    return (group, membership.learner) if membership else None


def statuses_for_group(*, group: LearnerGroup) -> dict[int, ParticipantStatus]:
    """Each member's standing in the group's curriculum, by learner id: one query."""
    rows = ParticipantStatus.objects.filter(
        curriculum_key=group.curriculum_key,
        person__memberships__group=group,
    )
    return {row.person_id: row for row in rows}
