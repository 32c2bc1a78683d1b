from __future__ import annotations

from uuid import UUID

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import Q, QuerySet

from lms.accounts.models import User
from lms.core.roles import Role, user_roles

from .models import Enrolment, JoinRequest, LearnerGroup, Membership


def enrolments_for_learner(*, learner: User) -> list[Enrolment]:
    return list(Enrolment.objects.filter(learner=learner).order_by("created_at"))


def enrolment_get(*, learner: User, curriculum_key: UUID) -> Enrolment | None:
    return Enrolment.objects.filter(learner=learner, curriculum_key=curriculum_key).first()


def groups_visible_to(*, user: AbstractBaseUser | AnonymousUser) -> QuerySet[LearnerGroup]:
    """Superusers see every group; programme managers the groups of their country (every
    group when they have none) and those they facilitate; facilitators the groups they
    facilitate; everyone else none. It takes both the assignment and the role: someone
    assigned to a group whose facilitator role was taken away sees none of it (as if the
    group were someone else's)."""
    groups = LearnerGroup.objects.order_by("-start_date", "name", "pk")
    if not user.is_authenticated:
        return groups.none()
    if user.is_superuser:
        return groups
    if Role.MANAGER.value in user_roles(user=user):
        if not user.country:
            return groups
        # A subquery, not a join: OR-ed with the country, a join would repeat a group once
        # per facilitator.
        facilitated = LearnerGroup.facilitators.through.objects.filter(user_id=user.pk)
        return groups.filter(
            Q(country=user.country) | Q(pk__in=facilitated.values("learnergroup_id"))
        )
    if Role.FACILITATOR.value not in user_roles(user=user):
        return groups.none()
    # A join on one user's rows: one row per group (a facilitator is listed once per group).
    return groups.filter(facilitators=user.pk)


def group_for_user_or_none(
    *, user: AbstractBaseUser | AnonymousUser, group_id: int | str
) -> LearnerGroup | None:
    """The group if ``user`` may see it; None both when it does not exist and when it is
    someone else's (a view answers 404 either way, revealing nothing)."""
    try:
        group_id = int(group_id)
    except (TypeError, ValueError):
        return None
    try:
        return groups_visible_to(user=user).order_by().get(pk=group_id)
    except LearnerGroup.DoesNotExist:
        return None


def group_members(*, group: LearnerGroup) -> list[Membership]:
    """The group's memberships with their learners, in name order."""
    return list(Membership.objects.filter(group=group).in_name_order())


def memberships_for_learner(*, learner: User) -> list[Membership]:
    return list(
        Membership.objects.filter(learner=learner)
        .select_related("group")
        .order_by("-group__start_date", "group__name")
    )


def join_requests_for_group(*, group: LearnerGroup) -> list[JoinRequest]:
    """The group's pending joins, oldest first, with their learners."""
    return list(JoinRequest.objects.filter(group=group).select_related("learner"))


def join_request_of_group(*, group: LearnerGroup, request_id: int | str) -> JoinRequest | None:
    try:
        request_id = int(request_id)
    except (TypeError, ValueError):
        return None
    return JoinRequest.objects.filter(group=group, pk=request_id).select_related("learner").first()
