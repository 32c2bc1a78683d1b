"""Who may open the facilitation screens: the decorators every view starts with."""

from __future__ import annotations

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest

from lms.cohorts.selectors import group_for_user_or_none
from lms.core.roles import user_may_facilitate


def may_facilitate(user) -> bool:
    """Who may open the facilitation area and create groups: facilitators and managers."""
    return user_may_facilitate(user=user)


def staff_area(view):
    """Login, then the facilitator or manager role, else 403."""

    @login_required
    @wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs):
        if not may_facilitate(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped


def group_view(view):
    """Login, then a group the user may see (``group_id`` in the URL), else 404."""

    @login_required
    @wraps(view)
    def wrapped(request: HttpRequest, group_id: int, *args, **kwargs):
        group = group_for_user_or_none(user=request.user, group_id=group_id)
        if group is None:
            raise Http404
        return view(request, group, *args, **kwargs)

    return wrapped
