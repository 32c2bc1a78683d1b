"""Applying synced events: each one once, through the same services as the pages' forms.

The phone sends what it queued, in slices, again and again until the server answers that it
holds each event. So an event may come twice, late, or after events that happened later:
- an event's id is stored with what it did, in the same transaction; a second delivery finds
  it and changes nothing;
- what must not depend on arrival order does not: progress and video positions only move
  forward and watched parts are merged; completions stay; every quiz attempt is stored (and
  scored here, never on the phone) once, and the best score is kept; reflections, the life
  plan, each of its steps (a removal included) and attendance taps keep the latest by the
  time they happened (``occurred_at``);
- a cash-book entry is created once by the id the phone gave it (``client_id``); a
  correction applies only if no later correction is in place (the owner's change times, the
  phone's clock for queued ones): the last writer wins; a correction wins over the create and
  a deletion over any correction; a correction or deletion that arrives before its entry's
  create is not lost (see ``_book_entry``);
- an event of another user is refused and not stored: the phone keeps it for its owner.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.db.models import Q

from curriculum import api as curriculum_api
from curriculum.data import SessionOutline
from curriculum.models import SessionPage
from lms.accounts.models import User
from lms.cohorts.errors import CohortError
from lms.cohorts.models import ScheduledSession
from lms.cohorts.selectors import group_for_user_or_none
from lms.cohorts.services import attendance_record
from lms.portfolio.services import (
    LifePlanStepLimit,
    StepFields,
    life_plan_save,
    life_plan_step_save,
    reflection_save,
)
from lms.progress.services import block_progress_record
from lms.quizzes.services import QuizSubmissionError, quiz_attempt_submit

from .book_entries import book_entry_apply, book_target
from .errors import EventRefused
from .events import EventError, EventIn, batch_events, event_parse
from .models import SyncEvent

Outcome = SyncEvent.Outcome


@dataclass
class SyncResult:
    held: list[uuid.UUID] = field(default_factory=list)  # stored now or before: forget them
    refused: dict[uuid.UUID, str] = field(default_factory=dict)  # never will be: forget them
    not_yours: list[uuid.UUID] = field(default_factory=list)  # keep them for their owner
    unreadable: int = 0  # events without a readable id


class _Sessions:
    """Session pages and outlines looked up once per batch."""

    def __init__(self) -> None:
        self._cache: dict[int, tuple[SessionPage, SessionOutline] | None] = {}

    def get(self, page_id: int) -> tuple[SessionPage, SessionOutline]:
        if page_id not in self._cache:
            page = curriculum_api.session_live(page_id=page_id)
            self._cache[page_id] = (
                (page, curriculum_api.session_outline(session=page)) if page else None
            )
        found = self._cache[page_id]
        if found is None:
            raise EventRefused("unknown session")
        return found


def _tracked(outline: SessionOutline, block_id: str, kinds: set[str]) -> None:
    ref = next((b for b in outline.tracked if b.id == block_id), None)
    if ref is None or ref.kind not in kinds:
        raise EventRefused("unknown block")


def _video(user: User, event: EventIn, sessions: _Sessions) -> str:
    data = event.payload
    _page, outline = sessions.get(data["session"])
    _tracked(outline, data["block_id"], {"video"})
    block_progress_record(
        learner=user,
        outline=outline,
        block_id=data["block_id"],
        progress=data["progress"],
        position_seconds=data["position"],
        watched=data["watched"],
        furthest_position=True,
    )
    return Outcome.APPLIED


def _block(user: User, event: EventIn, sessions: _Sessions) -> str:
    data = event.payload
    _page, outline = sessions.get(data["session"])
    # Quizzes complete by being scored and reflections by being written, never by a claim.
    _tracked(outline, data["block_id"], {"resource"})
    if data["complete"]:
        block_progress_record(
            learner=user, outline=outline, block_id=data["block_id"], complete=True
        )
    return Outcome.APPLIED


def _reflection(user: User, event: EventIn, sessions: _Sessions) -> str:
    data = event.payload
    page, outline = sessions.get(data["session"])
    prompt = next(
        (
            b.value["prompt"]
            for b in page.body
            if b.id == data["block_id"] and b.block_type == "reflection"
        ),
        None,
    )
    if prompt is None:
        raise EventRefused("unknown block")
    reflection_save(
        learner=user,
        outline=outline,
        block_id=data["block_id"],
        prompt=prompt,
        text=data["text"],
        shared=data["shared"],
        written_at=event.occurred_at,
    )
    return Outcome.APPLIED


def _quiz(user: User, event: EventIn, sessions: _Sessions) -> str:
    data = event.payload
    page, outline = sessions.get(data["session"])
    quiz = curriculum_api.session_quiz(session=page, block_id=data["block_id"])
    if quiz is None:
        raise EventRefused("unknown quiz")
    try:
        quiz_attempt_submit(
            learner=user,
            outline=outline,
            quiz=quiz,
            responses=data["responses"],
            token=event.id,
            language=page.locale.language_code,
        )
    except QuizSubmissionError as error:
        raise EventRefused(error.message) from error
    return Outcome.APPLIED


def _life_plan(user: User, event: EventIn, sessions: _Sessions) -> str:
    _plan, changed = life_plan_save(
        learner=user, fields=event.payload, written_at=event.occurred_at
    )
    return Outcome.APPLIED if changed else Outcome.SUPERSEDED


def _life_plan_step(user: User, event: EventIn, sessions: _Sessions) -> str:
    data = event.payload
    fields = (
        None
        if data["removed"]
        else StepFields(
            description=data["description"],
            due_date=data["due_date"],
            done=data["done"],
            order=data["order"],
        )
    )
    try:
        _step, changed = life_plan_step_save(
            learner=user, key=data["step"], fields=fields, written_at=event.occurred_at
        )
    except LifePlanStepLimit as error:
        raise EventRefused("too many steps") from error
    return Outcome.APPLIED if changed else Outcome.SUPERSEDED


def _attendance_target(data: dict) -> str:
    return f"attendance:{data['scheduled']}:{data['learner']}"


def _attendance(user: User, event: EventIn, sessions: _Sessions) -> str:
    data = event.payload
    group = group_for_user_or_none(user=user, group_id=data["group"])
    scheduled = (
        ScheduledSession.objects.filter(group=group, pk=data["scheduled"]).first()
        if group
        else None
    )
    learner = User.objects.filter(pk=data["learner"]).first()
    if scheduled is None or learner is None:
        raise EventRefused("unknown group, session or learner")
    later = SyncEvent.objects.filter(
        Q(occurred_at__gt=event.occurred_at) | Q(occurred_at=event.occurred_at, id__gt=event.id),
        target=_attendance_target(data),
        outcome=Outcome.APPLIED,
    ).exclude(id=event.id)
    if later.exists():  # a later tap for this learner is already in place
        return Outcome.SUPERSEDED
    try:
        attendance_record(
            scheduled=scheduled, learner=learner, status=data["status"], recorded_by=user
        )
    except CohortError as error:
        raise EventRefused(error.message) from error
    return Outcome.APPLIED


_APPLY = {
    "video_progress": _video,
    "block_progress": _block,
    "reflection": _reflection,
    "quiz_submit": _quiz,
    "life_plan": _life_plan,
    "life_plan_step": _life_plan_step,
    "attendance": _attendance,
    "book_entry": book_entry_apply,
}


def sync_event_apply(*, user: User, event: EventIn, sessions: _Sessions | None = None) -> bool:
    """Apply one checked event of ``user`` unless the server holds it already. Returns
    whether it was applied now; raises ``EventRefused`` (and saves nothing) when it cannot
    apply."""
    sessions = sessions or _Sessions()
    target = ""
    if event.kind == "attendance":
        target = _attendance_target(event.payload)
    elif event.kind == "book_entry" and event.payload["action"] != "create":
        target = book_target(event.payload["action"], event.payload["client_id"])
    try:
        with transaction.atomic():
            # Stored first: a second delivery racing this one waits on the key, then finds it.
            row = SyncEvent.objects.create(
                id=event.id,
                user=user,
                kind=event.kind,
                occurred_at=event.occurred_at,
                target=target,
                outcome=Outcome.APPLIED,
            )
            outcome = _APPLY[event.kind](user, event, sessions)
            if outcome != Outcome.APPLIED:
                row.outcome = outcome
                row.save(update_fields=["outcome"])
    except IntegrityError:
        if SyncEvent.objects.filter(id=event.id, user=user).exists():
            return False
        raise
    return True


def sync_batch_apply(*, user: User, events: list[object]) -> SyncResult:
    """Apply a phone's batch (raw, unchecked JSON values) for the logged-in ``user``: each
    event checked, refused alone when it is bad, applied once in the order the events
    happened. The result says which ids the server holds, so the phone forgets only those."""
    result = SyncResult()
    mine: dict[uuid.UUID, EventIn] = {}
    for raw in events:
        try:
            event = event_parse(raw)
        except EventError as error:
            if error.event_id is None:
                result.unreadable += 1
            else:
                result.refused[error.event_id] = str(error)
            continue
        if event.user_id != user.pk:
            result.not_yours.append(event.id)
        elif event.id not in result.refused:
            mine.setdefault(event.id, event)
    stored = dict(SyncEvent.objects.filter(id__in=mine).values_list("id", "user_id"))
    sessions = _Sessions()
    for event in sorted(mine.values(), key=lambda e: (e.occurred_at, e.id)):
        if event.id in stored:
            if stored[event.id] == user.pk:
                result.held.append(event.id)
            else:  # an id another account's phone made: never this user's
                result.refused[event.id] = "id already used"
            continue
        try:
            sync_event_apply(user=user, event=event, sessions=sessions)
        except EventRefused as error:
            result.refused[event.id] = str(error)
        except IntegrityError:
            result.refused[event.id] = "id already used"
        else:
            result.held.append(event.id)
    return result


__all__ = ["EventRefused", "SyncResult", "batch_events", "sync_batch_apply", "sync_event_apply"]
