"""Facilitator notes about a learner or a session: adding and deleting them."""

from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lms.accounts.models import User
from lms.cohorts.models import LearnerGroup, ScheduledSession
from lms.cohorts.services import CohortError
from lms.core.inputs import id_parse

from ..forms import NoteForm
from ..models import FacilitatorNote
from ..services import note_about_learner_create, note_about_session_create, note_delete
from .access import group_view


@group_view
@require_POST
def note_add(request: HttpRequest, group: LearnerGroup) -> HttpResponse:
    form = NoteForm(request.POST)
    about_learner = bool(request.POST.get("learner"))
    learner_id = id_parse(request.POST.get("learner"))
    session_key = _uuid_or_none(request.POST.get("session", ""))
    if (about_learner and learner_id is None) or (not about_learner and session_key is None):
        raise Http404
    back = request.POST.get("back", "")
    if back not in {"session", "learner"}:
        back = "learner" if learner_id else "session"
    try:
        if not form.is_valid():
            raise CohortError(
                " ".join(form.errors.get("text", [_("Write something in the note.")]))
            )
        if learner_id:
            person = User.objects.filter(pk=learner_id).first()
            if person is None:
                raise Http404
            note_about_learner_create(
                group=group, learner=person, author=request.user, text=form.cleaned_data["text"]
            )
        else:
            key = session_key
            note_about_session_create(
                group=group, session_key=key, author=request.user, text=form.cleaned_data["text"]
            )
    except CohortError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Note saved."))
    return _back_to(request, group, back, learner_id, session_key)


def _uuid_or_none(value: str) -> UUID | None:
    try:
        return UUID(value[:64])
    except ValueError:
        return None


def _back_to(
    request, group, back: str, learner_id: int | None, session_key: UUID | None
) -> HttpResponse:
    if back == "learner" and learner_id:
        return redirect(reverse("facilitation:learner", args=[group.pk, learner_id]) + "#notes")
    scheduled = (
        ScheduledSession.objects.filter(group=group, session_key=session_key).first()
        if session_key
        else None
    )
    if scheduled is not None:
        return redirect(
            reverse("facilitation:session_mode", args=[group.pk, scheduled.pk]) + "#notes"
        )
    return redirect("facilitation:group", group.pk)


@group_view
@require_POST
def note_remove(request: HttpRequest, group: LearnerGroup, note_id: int) -> HttpResponse:
    note = FacilitatorNote.objects.filter(group=group, pk=note_id).first()
    if note is None:
        raise Http404
    try:
        note_delete(note=note, user=request.user)
    except CohortError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Note deleted."))
    return _back_to(
        request,
        group,
        "learner" if note.learner_id else "session",
        note.learner_id,
        note.session_key,
    )
