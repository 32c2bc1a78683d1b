"""A group's dashboard: the progress matrix, the next and last sessions, the most missed
questions."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from lms.cohorts.models import LearnerGroup

from ..selectors import group_matrix
from .access import group_view
from .lookups import _sessions


@group_view
@require_GET
def group_dashboard(request: HttpRequest, group: LearnerGroup) -> HttpResponse:
    sessions = _sessions(group)
    matrix = group_matrix(group=group, session_outlines=sessions)
    upcoming = next(
        (c for c in matrix.columns if c.date is not None and c.date >= matrix.today), None
    )
    last_held = next((c for c in reversed(matrix.columns) if c.held), None)
    # The latest sessions first, each with its three most missed questions; the labels are
    # written here once rather than by a template tag per question.
    share = _("%(wrong)s of %(answered)s wrong (%(percent)s%%)")  # translated once
    difficult = []
    for column in reversed(matrix.columns):
        questions = [q for q in matrix.difficult.get(column.session_key, ()) if q.wrong][:3]
        if questions:
            difficult.append(
                (
                    column,
                    [
                        (
                            q,
                            share
                            % {"wrong": q.wrong, "answered": q.answered, "percent": q.percent},
                        )
                        for q in questions
                    ],
                )
            )
    return render(
        request,
        "facilitation/group_dashboard.html",
        {
            "group": group,
            "matrix": matrix,
            "upcoming": upcoming,
            "last_held": last_held,
            "difficult": difficult,
            "join_url": request.build_absolute_uri(
                reverse("learner:join", kwargs={"code": group.join_code})
            ),
        },
    )
