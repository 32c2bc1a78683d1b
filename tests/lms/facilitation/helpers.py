from __future__ import annotations

from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import translation

from lms.core.roles import Role
from tests.factories import UserFactory


def with_role(role: Role, **fields):
    user = UserFactory(**fields)
    user.groups.add(Group.objects.get(name=role.value))
    return user


def url(name: str, *args, language: str = "pt-br") -> str:
    with translation.override(language):
        return reverse(name, args=args)


def pt(message: str, **params) -> str:
    """``message`` as a pt-BR page shows it (pages under /pt-br/ speak Portuguese)."""
    with translation.override("pt-br"):
        text = translation.gettext(message)
    return text % params if params else text
