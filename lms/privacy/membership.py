"""Ending a membership: a learner leaves a group, or one of its facilitators removes them.

The membership row goes (so every list of members, the dashboard and the register stop
showing the person) and a ``MembershipEnding`` keeps the history. Attendance, progress and
quiz rows are not touched: they are the learner's record, and the figures of sessions already
held do not change."""

from __future__ import annotations

from django.db import transaction

from lms.cohorts.models import LearnerGroup, Membership

from .models import MembershipEnding


@transaction.atomic
def membership_end(
    *, group: LearnerGroup, learner, ended_by, reason: str
) -> MembershipEnding | None:
    """End ``learner``'s membership of ``group``; None when they were not a member (ending
    twice changes nothing)."""
    membership = Membership.objects.select_for_update().filter(group=group, learner=learner).first()
    if membership is None:
        return None
    ending = MembershipEnding.objects.create(
        group=group,
        learner=learner,
        joined_at=membership.joined_at,
        ended_by=ended_by,
        reason=reason,
    )
    membership.delete()
    return ending


def membership_leave(*, membership: Membership) -> MembershipEnding | None:
    return membership_end(
        group=membership.group,
        learner=membership.learner,
        ended_by=membership.learner,
        reason=MembershipEnding.Reason.LEFT,
    )


def membership_remove(*, group: LearnerGroup, learner, facilitator) -> MembershipEnding | None:
    return membership_end(
        group=group, learner=learner, ended_by=facilitator, reason=MembershipEnding.Reason.REMOVED
    )
