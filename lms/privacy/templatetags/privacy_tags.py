"""What the facilitator's learner page shows about a learner's privacy: whether a guardian's
consent is needed and recorded, and whether the viewer may remove the learner."""

from __future__ import annotations

from dataclasses import dataclass

from django import template
from django.contrib.auth import get_user_model

from curriculum import api as curriculum_api
from lms.accounts.consent import consent_active, person_is_minor
from lms.accounts.models import ConsentRecord
from lms.cohorts.models import LearnerGroup

register = template.Library()


@dataclass(frozen=True)
class LearnerPrivacy:
    minor: bool
    guardian_consent: ConsentRecord | None
    may_remove: bool  # the viewer is one of the group's facilitators

    @property
    def consent_missing(self) -> bool:
        return self.minor and self.guardian_consent is None


@register.simple_tag
def learner_privacy(group: LearnerGroup, person, viewer) -> LearnerPrivacy:
    return LearnerPrivacy(
        minor=person_is_minor(person=person),
        guardian_consent=consent_active(person=person, kind=ConsentRecord.Kind.GUARDIAN),
        may_remove=group.facilitators.filter(pk=viewer.pk).exists(),
    )


@register.simple_tag(takes_context=True)
def reflection_readers(context, page) -> list[str]:
    """The names of the people who read a reflection the signed-in learner shares on this
    session page: the facilitators of the learner's groups on the page's curriculum, whose
    learner page lists shared reflections. (Programme managers who oversee those groups can
    open the same page; the template says so.)"""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return []
    # Once per page, however many reflection blocks it has (the query count stays flat).
    cache = request.__dict__.setdefault("_reflection_readers", {})
    if page.pk not in cache:
        cache[page.pk] = _readers(user=user, page=page)
    return cache[page.pk]


def _readers(*, user, page) -> list[str]:
    curriculum_key = curriculum_api.session_outline(session=page).curriculum_key
    facilitators = (
        get_user_model()
        .objects.filter(
            facilitated_groups__curriculum_key=curriculum_key,
            facilitated_groups__memberships__learner=user,
        )
        .distinct()
        .order_by("first_name", "last_name", "username")
    )
    return [person.get_full_name() or person.username for person in facilitators]
