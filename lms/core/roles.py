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


def user_has_role(*, user: AbstractBaseUser | AnonymousUser, role: Role) -> bool:
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    return user.groups.filter(name=role.value).exists()
