"""Role names, as Django groups, and the checks views use.

A person's role is the group they belong to; one person may hold several roles.
"""

from __future__ import annotations

import uuid
from enum import StrEnum
from typing import TYPE_CHECKING

from django.core.cache import cache
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


ROLES_VERSION_KEY = "core:roles-version"
# A ceiling on staleness where a change cannot reach the cache (a local-memory cache in one
# process while another changes a role).
ROLES_CACHE_SECONDS = 600


def user_roles(*, user: AbstractBaseUser | AnonymousUser) -> frozenset[str]:
    """The names of the role groups ``user`` belongs to: kept on the user object for the
    rest of the request (a page asks several times), and in the cache under the roles
    version, which every change of a membership or of a group replaces (``roles_changed``);
    one query when the cache has none."""
    if not user.is_authenticated:
        return frozenset()
    roles = getattr(user, "_rumo_roles", None)
    if roles is None:
        version = cache.get_or_set(ROLES_VERSION_KEY, _version_new, ROLES_CACHE_SECONDS)
        # The account, not only its row id: SQLite may give a deleted account's id to the
        # next one (and rows deleted with an account send no membership signal).
        joined = getattr(user, "date_joined", None)
        key = f"core:roles:{version}:{user.pk}:{joined.timestamp() if joined else ''}"
        roles = cache.get(key)
        if not isinstance(roles, frozenset):
            roles = frozenset(user.groups.values_list("name", flat=True))
            cache.set(key, roles, ROLES_CACHE_SECONDS)
        user._rumo_roles = roles
    return roles


def _version_new() -> str:
    return uuid.uuid4().hex


def roles_changed() -> None:
    """Someone's roles changed (a membership added or removed, a group renamed or deleted):
    every role set kept under the previous version is read from the database again."""
    cache.set(ROLES_VERSION_KEY, _version_new(), ROLES_CACHE_SECONDS)


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
