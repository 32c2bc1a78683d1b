"""What other screens show of a participant's standing: the graduate's certificate on My path,
and the facilitator's "on track" mark on the group dashboard (read once per group)."""

from __future__ import annotations

from dataclasses import dataclass

from django import template

from lms.participants.consent import follow_up_consent
from lms.participants.models import Certificate, ParticipantProfile, ParticipantStatus
from lms.participants.selectors import certificate_of, statuses_for_group

register = template.Library()


@register.simple_tag(takes_context=True)
def my_certificate(context, curriculum_key) -> Certificate | None:
    """The signed-in learner's certificate in one curriculum (one query per course shown)."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return None
    return certificate_of(person=user, curriculum_key=curriculum_key)


@dataclass(frozen=True)
class GroupStanding:
    graduated: list[tuple[str, ParticipantStatus]]
    on_track: list[tuple[str, ParticipantStatus | None]]
    behind: list[tuple[str, ParticipantStatus | None]]

    @property
    def total(self) -> int:
        return len(self.graduated) + len(self.on_track) + len(self.behind)


@register.simple_tag
def group_standing(matrix, group) -> GroupStanding:
    """The dashboard's members sorted into graduated, on track to graduate and not on track
    (yet): one query whatever the group's size, names in the matrix's order."""
    statuses = statuses_for_group(group=group)
    graduated, on_track, behind = [], [], []
    for row in matrix.rows:
        status = statuses.get(row.learner_id)
        if status is not None and status.graduated_at is not None:
            graduated.append((row.name, status))
        elif status is not None and status.on_track:
            on_track.append((row.name, status))
        else:
            behind.append((row.name, status))
    return GroupStanding(graduated=graduated, on_track=on_track, behind=behind)


@dataclass(frozen=True)
class LearnerStanding:
    status: ParticipantStatus | None
    consent: object | None  # the active follow-up consent
    has_profile: bool
    may_edit: bool  # the viewer is one of the group's facilitators


@register.simple_tag
def learner_standing(group, person, viewer) -> LearnerStanding:
    """The facilitator's learner page: standing in the group's curriculum, consent, profile."""
    return LearnerStanding(
        status=ParticipantStatus.objects.filter(
            person=person, curriculum_key=group.curriculum_key
        ).first(),
        consent=follow_up_consent(person=person),
        has_profile=ParticipantProfile.objects.filter(person=person).exists(),
        may_edit=group.facilitators.filter(pk=viewer.pk).exists(),
    )
