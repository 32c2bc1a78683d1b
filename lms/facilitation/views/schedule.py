"""A group's schedule: plan it again from a weekly pattern, or change single dates."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from lms.cohorts.models import LearnerGroup, ScheduledSession
from lms.cohorts.services import CohortError, schedule_generate, scheduled_session_reschedule
from lms.core.inputs import date_in_range

from ..forms import ScheduleForm
from .access import group_view
from .lookups import _sessions


@group_view
@require_http_methods(["GET", "POST"])
def schedule(request: HttpRequest, group: LearnerGroup) -> HttpResponse:
    sessions = _sessions(group)
    titles = {s.key: s.title for s in sessions}
    planned = list(ScheduledSession.objects.filter(group=group))
    pattern = ScheduleForm(
        request.POST if request.POST.get("action") == "pattern" else None,
        initial={
            "first_date": timezone.localdate(),
            "weekdays": sorted({s.date.weekday() for s in planned}),
            "starts_at": next((s.starts_at for s in planned if s.starts_at), None),
        },
    )
    errors: dict[int, str] = {}
    if request.method == "POST" and request.POST.get("action") == "pattern":
        if pattern.is_valid():
            data = pattern.cleaned_data
            try:
                schedule_generate(
                    group=group,
                    session_keys=[(s.key, s.number) for s in sessions],
                    first_date=data["first_date"],
                    weekdays=data["weekdays"],
                    starts_at=data["starts_at"],
                )
            except CohortError as error:
                pattern.add_error(None, error.message)
            else:
                messages.success(request, _("The schedule is planned again."))
                return redirect("facilitation:schedule", group.pk)
    elif request.method == "POST":
        changed = []
        for scheduled in planned:
            raw = request.POST.get(f"date-{scheduled.pk}", "")[:10]
            try:
                new = date_in_range(parse_date(raw)) if raw else None
            except ValueError:
                new = None
            if new is None:
                errors[scheduled.pk] = _("Enter a valid date.")
            elif new != scheduled.date:
                changed.append((scheduled, new))
        if not errors:
            for scheduled, new in changed:
                scheduled_session_reschedule(scheduled=scheduled, date=new)
            messages.success(
                request,
                ngettext("%(count)s date changed.", "%(count)s dates changed.", len(changed))
                % {"count": len(changed)},
            )
            return redirect("facilitation:schedule", group.pk)
    rows = [(s, titles.get(s.session_key, ""), errors.get(s.pk, "")) for s in planned]
    return render(
        request,
        "facilitation/schedule.html",
        {"group": group, "rows": rows, "pattern": pattern},
        status=400 if errors or pattern.errors else 200,
    )
