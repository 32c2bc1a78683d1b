"""Reads about programmes: who manages which."""

from __future__ import annotations

from django.db.models import QuerySet

from lms.accounts.models import User
from lms.core.roles import Role, user_has_role

from .models import Programme


def user_may_manage_programmes(*, user: User) -> bool:
    """Superusers and programme managers."""
    return user_has_role(user=user, role=Role.MANAGER)


def programmes_managed_by(*, user: User) -> QuerySet[Programme]:
    """Every programme for a superuser; a programme manager's country's programmes (every
    programme for a manager without a country, as with groups); nothing for anyone else."""
    if not user.is_authenticated:
        return Programme.objects.none()
    if user.is_superuser:
        return Programme.objects.all()
    if not user_has_role(user=user, role=Role.MANAGER):
        return Programme.objects.none()
    if user.country:
        return Programme.objects.filter(country=user.country)
    return Programme.objects.all()
