"""One learner's page in a group, and the learner account screens: a new account, a new
password, an import from a CSV file."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from lms.accounts.models import User
from lms.cohorts.models import LearnerGroup
from lms.cohorts.services import (
    CohortError,
    learner_account_create,
    learner_password_reset,
    learners_import_csv,
)
from lms.core.inputs import id_in_range

from ..forms import ImportForm, LearnerAccountForm, NoteForm
from ..selectors import group_matrix, learner_detail
from .access import group_view
from .lookups import _sessions


@group_view
@require_GET
def learner(request: HttpRequest, group: LearnerGroup, learner_id: int) -> HttpResponse:
    if not id_in_range(learner_id):
        raise Http404
    sessions = _sessions(group)
    detail = learner_detail(group=group, learner_id=learner_id, session_outlines=sessions)
    if detail is None:
        raise Http404
    titles = {s.key: f"{s.number}. {s.title}" for s in sessions}
    # The learner's row of the dashboard: the risk reasons and attendance that lead the page
    # are the same as the dashboard's.
    matrix = group_matrix(group=group, session_outlines=sessions)
    row = next(r for r in matrix.rows if r.learner_id == detail.membership.learner_id)
    held = [(c, cell) for c, cell in zip(matrix.columns, row.cells, strict=True) if c.held]
    return render(
        request,
        "facilitation/learner.html",
        {
            "group": group,
            "detail": detail,
            "row": row,
            "held": held,
            "person": detail.membership.learner,
            "sessions": [(s, detail.progress.get(s.key)) for s in sessions],
            "titles": titles,
            "note_form": NoteForm(),
        },
    )


@group_view
@never_cache
@require_http_methods(["GET", "POST"])
def learner_new(request: HttpRequest, group: LearnerGroup) -> HttpResponse:
    form = LearnerAccountForm(request.POST or None)
    created = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user, password = learner_account_create(
                group=group,
                username=data["username"],
                first_name=data["first_name"],
                last_name=data["last_name"],
                created_by=request.user,
            )
        except CohortError as error:
            form.add_error(None, error.message)
        else:
            created = {"user": user, "password": password}
            form = LearnerAccountForm()
    return render(
        request,
        "facilitation/learner_new.html",
        {"group": group, "form": form, "created": created},
        status=400 if form.errors else 200,
    )


@group_view
@never_cache
@require_POST
def learner_password(request: HttpRequest, group: LearnerGroup, learner_id: int) -> HttpResponse:
    person = User.objects.filter(pk=learner_id).first()
    if person is None:
        raise Http404
    try:
        password = learner_password_reset(group=group, learner=person, reset_by=request.user)
    except CohortError as error:
        # The page says why, and that nothing changed.
        return render(
            request,
            "facilitation/password.html",
            {"group": group, "person": person, "refused": error.message},
            status=403,
        )
    return render(
        request,
        "facilitation/password.html",
        {"group": group, "person": person, "password": password},
    )


@group_view
@never_cache
@require_http_methods(["GET", "POST"])
def learners_import(request: HttpRequest, group: LearnerGroup) -> HttpResponse:
    form = ImportForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        report = learners_import_csv(
            group=group, csv_text=form.cleaned_data["file"], created_by=request.user
        )
    return render(
        request,
        "facilitation/import.html",
        {"group": group, "form": form, "report": report},
        status=400 if form.errors or (report and not report.ok) else 200,
    )
