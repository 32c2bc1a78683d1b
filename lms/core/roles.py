"""Role names, as Django groups, and the checks views use.

A person's role is the group they belong to; one person may hold several roles.
"""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser


class Role(StrEnum):
    LEARNER = "Learners"
    FACILITATOR = "Facilitators"
    AUTHOR = "Curriculum authors"
    REVIEWER = "Curriculum reviewers"
    MANAGER = "Programme managers"

    @property
    def label(self) -> str:
        return str(ROLE_LABELS[self])


ROLE_LABELS = {
    Role.LEARNER: _("Learner"),
    Role.FACILITATOR: _("Facilitator"),
    Role.AUTHOR: _("Curriculum author"),
    Role.REVIEWER: _("Curriculum reviewer"),
    Role.MANAGER: _("Programme manager"),
}


def user_roles(*, user: AbstractBaseUser | AnonymousUser) -> frozenset[str]:
    """The names of the role groups ``user`` belongs to: one query, then kept on the user
    object for the rest of the request (a page asks several times)."""
    if not user.is_authenticated:
        return frozenset()
    roles = getattr(user, "_rumo_roles", None)
    if roles is None:
        roles = frozenset(user.groups.values_list("name", flat=True))
        user._rumo_roles = roles
    return roles


def user_has_role(*, user: AbstractBaseUser | AnonymousUser, role: Role) -> bool:
    if not user.is_authenticated:
        return False
    return user.is_superuser or role.value in user_roles(user=user)


def user_may_facilitate(*, user: AbstractBaseUser | AnonymousUser) -> bool:
    """Facilitators and programme managers (and superusers) use the facilitation area."""
    return user_has_role(user=user, role=Role.FACILITATOR) or user_has_role(
        user=user, role=Role.MANAGER
    )


STAFF_ROLES = frozenset({Role.FACILITATOR, Role.AUTHOR, Role.REVIEWER, Role.MANAGER})


def user_is_learner(*, user: AbstractBaseUser | AnonymousUser) -> bool:
    """Learners hold the learner role, or no role at all: sign-up gives none, and an
    account made for work (facilitator, author, manager, superuser) is not a learner's
    unless it also holds the learner role."""
    if not user.is_authenticated:
        return False
    roles = user_roles(user=user)
    if Role.LEARNER.value in roles:
        return True
    return not user.is_superuser and not roles & {role.value for role in STAFF_ROLES}


def user_may_author(*, user: AbstractBaseUser | AnonymousUser) -> bool:
    """Curriculum authors and reviewers (and superusers) work in Wagtail's admin."""
    return user_has_role(user=user, role=Role.AUTHOR) or user_has_role(
        user=user, role=Role.REVIEWER
    )
