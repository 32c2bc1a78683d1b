"""Session mode: what the facilitator runs a session from (agenda, guide, notes)."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import get_language
from django.views.decorators.http import require_GET

from curriculum import api as curriculum_api
from lms.cohorts.models import AttendanceRecord, LearnerGroup

from ..forms import NoteForm
from ..selectors import session_notes
from .access import group_view
from .lookups import _scheduled


@group_view
@require_GET
def session_mode(request: HttpRequest, group: LearnerGroup, scheduled_id: int) -> HttpResponse:
    scheduled = _scheduled(group, scheduled_id)
    page = curriculum_api.session_for_key(
        session_key=scheduled.session_key, language=get_language()
    )
    if page is None:
        raise Http404
    agenda = curriculum_api.session_agenda(session=page)
    guide = [b for b in page.facilitator_guide if b.block_type != "agenda_item"]
    recorded = AttendanceRecord.objects.filter(scheduled=scheduled).count()
    return render(
        request,
        "facilitation/session_mode.html",
        {
            "group": group,
            "scheduled": scheduled,
            "session": page,
            "agenda": agenda,
            "total_minutes": sum(item.minutes for item in agenda),
            "guide": guide,
            "notes": session_notes(group=group, session_key=scheduled.session_key),
            "note_form": NoteForm(),
            "recorded": recorded,
            "members": group.memberships.count(),
        },
    )
