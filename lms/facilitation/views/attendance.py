"""Taking attendance for one scheduled session (a form, or JSON for the page's script), and
undoing the last change."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from lms.accounts.models import User
from lms.cohorts.models import AttendanceStatus, LearnerGroup, ScheduledSession
from lms.cohorts.services import CohortError, attendance_record, attendance_undo_latest
from lms.core.inputs import id_parse

from ..selectors import register_for
from .access import group_view
from .lookups import _scheduled, _sessions


def _wants_json(request: HttpRequest) -> bool:
    return "application/json" in request.headers.get("Accept", "")


def _register_json(group: LearnerGroup, scheduled: ScheduledSession) -> dict:
    register = register_for(scheduled=scheduled, changes=0)
    return {
        "statuses": {str(line.learner_id): line.status for line in register.lines},
        "recorded": register.recorded,
        "total": len(register.lines),
        "can_undo": register.can_undo,
    }


@group_view
@never_cache
@require_http_methods(["GET", "POST"])
def attendance(request: HttpRequest, group: LearnerGroup, scheduled_id: int) -> HttpResponse:
    scheduled = _scheduled(group, scheduled_id)
    if request.method == "POST":
        status = request.POST.get("status", "")
        learner_id = id_parse(request.POST.get("learner"))
        learner = User.objects.filter(pk=learner_id).first() if learner_id else None
        error = ""
        if status not in AttendanceStatus.values or learner is None:
            error = _("Choose a learner and a status.")
        else:
            try:
                attendance_record(
                    scheduled=scheduled, learner=learner, status=status, recorded_by=request.user
                )
            except CohortError as exc:
                error = exc.message
        if _wants_json(request):
            if error:
                return JsonResponse({"error": error}, status=400)
            return JsonResponse(_register_json(group, scheduled))
        if error:
            messages.error(request, error)
        url = reverse("facilitation:attendance", args=[group.pk, scheduled.pk])
        return redirect(f"{url}#l-{learner.pk}" if learner and not error else url)
    titles = {s.key: s.title for s in _sessions(group)}
    return render(
        request,
        "facilitation/attendance.html",
        {
            "group": group,
            "register": register_for(scheduled=scheduled),
            "title": titles.get(scheduled.session_key, ""),
            "statuses": AttendanceStatus.choices,
        },
    )


@group_view
@require_POST
def attendance_undo(request: HttpRequest, group: LearnerGroup, scheduled_id: int) -> HttpResponse:
    scheduled = _scheduled(group, scheduled_id)
    try:
        attendance_undo_latest(scheduled=scheduled, undone_by=request.user)
    except CohortError as error:
        if _wants_json(request):
            return JsonResponse({"error": error.message}, status=400)
        messages.error(request, error.message)
    else:
        if not _wants_json(request):
            messages.success(request, _("The last change is undone."))
    if _wants_json(request):
        return JsonResponse(_register_json(group, scheduled))
    return redirect("facilitation:attendance", group.pk, scheduled.pk)
