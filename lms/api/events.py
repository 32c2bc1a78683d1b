"""Reading a batch of events sent by a phone. Everything in it is untrusted: each event is
checked field by field (types, lengths, ranges) and turned into an ``EventIn`` before any
service sees it; a bad event is refused on its own, and a bad batch as a whole."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from django.conf import settings
from django.utils import timezone

from lms.business.models import MAX_NOTE
from lms.business.sectors import CATEGORY_LABELS, EntryKind
from lms.business.services import MAX_QUANTITY
from lms.cohorts.models import AttendanceStatus
from lms.core.inputs import (
    EARLIEST_DATE,
    LATEST_DATE,
    MAX_ID,
    MAX_PAGE_ID,
    InputError,
    id_in_range,
    number_in_range,
)

MAX_BATCH = 100  # events per request: the phone sends its queue in slices of this size
MAX_BATCH_BYTES = 256 * 1024
MAX_DEPTH = 6  # {events: [{payload: {responses: {question: [answer]}}}]}
MAX_AGE = timedelta(days=366)  # a phone offline for a whole programme still syncs
MAX_AHEAD = timedelta(days=1)  # phone clocks run ahead; later than this is nonsense
MAX_VIDEO_SECONDS = 24 * 3600
MAX_WATCHED_PARTS = 200
MAX_BLOCK_ID = 64
MAX_QUESTIONS = 50
MAX_CHOICES = 20
MAX_ANSWER = 100
MAX_REFLECTION = 5000
LIFE_PLAN_LIMITS = {"dreams": 3000, "strengths": 3000, "resources": 3000, "first_step": 300}
MAX_STEP = 300
MAX_STEP_ORDER = 1000
STEP_FIELDS = {"step", "description", "due_date", "done", "order"}

MAX_AMOUNT_TEXT = 40
BOOK_ACTIONS = ("create", "correct", "delete")

KINDS = (
    "video_progress",
    "block_progress",
    "reflection",
    "quiz_submit",
    "life_plan",
    "life_plan_step",
    "attendance",
    "book_entry",
)


@dataclass(frozen=True)
class EventIn:
    id: uuid.UUID
    user_id: int
    kind: str
    occurred_at: datetime
    payload: dict[str, Any] = field(default_factory=dict)


class EventError(InputError):
    """One event cannot be used; ``event_id`` names it when its id could be read."""

    def __init__(self, message: str, event_id: uuid.UUID | None = None) -> None:
        super().__init__(message)
        self.event_id = event_id


def _uuid(value: object) -> uuid.UUID:
    if not isinstance(value, str) or len(value) != 36:
        raise InputError("id is not a UUID")
    try:
        return uuid.UUID(value)
    except ValueError as error:
        raise InputError("id is not a UUID") from error


def _int_id(value: object, *, maximum: int = MAX_ID) -> int:
    if (
        isinstance(value, bool)
        or not isinstance(value, int)
        or not id_in_range(value, maximum=maximum)
    ):
        raise InputError("not an id")
    return value


def _text(value: object, *, limit: int, blank: bool = False) -> str:
    if not isinstance(value, str) or len(value) > limit or "\x00" in value:
        raise InputError("not a text of the right length")
    if not blank and not value.strip():
        raise InputError("empty text")
    return value


def _moment(value: object) -> datetime:
    if not isinstance(value, str) or len(value) > 40:
        raise InputError("not a time")
    try:
        moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError as error:
        raise InputError("not a time") from error
    if timezone.is_naive(moment):
        raise InputError("time without a zone")
    now = timezone.now()
    try:
        if not now - MAX_AGE <= moment <= now + MAX_AHEAD:
            raise InputError("time out of range")
    except OverflowError as error:
        raise InputError("time out of range") from error
    return min(moment, now)  # a clock ahead must not win every later "latest wins"


def _block(payload: dict) -> dict:
    return {
        "session": _int_id(payload.get("session"), maximum=MAX_PAGE_ID),
        "block_id": _text(payload.get("block_id"), limit=MAX_BLOCK_ID),
    }


def _video(payload: dict) -> dict:
    parts = payload.get("watched", [])
    if not isinstance(parts, list) or len(parts) > MAX_WATCHED_PARTS:
        raise InputError("watched is not a short list")
    watched = []
    for part in parts:
        if not isinstance(part, list) or len(part) != 2:
            raise InputError("a watched part is not [start, end]")
        start, end = (number_in_range(v, low=0, high=MAX_VIDEO_SECONDS) for v in part)
        if start > end:
            raise InputError("a watched part ends before it starts")
        watched.append((start, end))
    return {
        **_block(payload),
        "progress": number_in_range(payload.get("progress", 0), low=0, high=1),
        "position": number_in_range(payload.get("position", 0), low=0, high=MAX_VIDEO_SECONDS),
        "watched": watched,
    }


def _block_progress(payload: dict) -> dict:
    complete = payload.get("complete", True)
    if not isinstance(complete, bool):
        raise InputError("complete is not true or false")
    return {**_block(payload), "complete": complete}


def _reflection(payload: dict) -> dict:
    shared = payload.get("shared", False)
    if not isinstance(shared, bool):
        raise InputError("shared is not true or false")
    return {
        **_block(payload),
        "text": _text(payload.get("text"), limit=MAX_REFLECTION),
        "shared": shared,
    }


def _quiz(payload: dict) -> dict:
    responses = payload.get("responses")
    if not isinstance(responses, dict) or not 0 < len(responses) <= MAX_QUESTIONS:
        raise InputError("responses is not a small object")
    cleaned: dict[str, list[str]] = {}
    for question, values in responses.items():
        _text(question, limit=MAX_BLOCK_ID)
        if not isinstance(values, list) or len(values) > MAX_CHOICES:
            raise InputError("an answer is not a short list")
        cleaned[question] = [_text(v, limit=MAX_ANSWER, blank=True) for v in values]
    return {**_block(payload), "responses": cleaned}


def _life_plan(payload: dict) -> dict:
    """The whole plan, every field: the latest plan wins as a whole, so a partial one would
    make the result depend on the order plans arrive in."""
    if set(payload) != set(LIFE_PLAN_LIMITS):
        raise InputError("a life plan event carries every field")
    return {
        name: _text(value, limit=LIFE_PLAN_LIMITS[name], blank=True)
        for name, value in ((n, payload[n]) for n in LIFE_PLAN_LIMITS)
    }


def _day(value: object) -> date | None:
    """``""`` (no date) or ``YYYY-MM-DD`` within the dates forms take."""
    if value == "":
        return None
    if not isinstance(value, str) or len(value) != 10:
        raise InputError("not a date")
    try:
        day = date.fromisoformat(value)
    except ValueError as error:
        raise InputError("not a date") from error
    if not EARLIEST_DATE <= day <= LATEST_DATE:
        raise InputError("date out of range")
    return day


def _life_plan_step(payload: dict) -> dict:
    """A step as a whole (the latest writing of a step wins as a whole), or its removal:
    ``{"step": key, "removed": true}``."""
    try:
        key = _uuid(payload.get("step"))
    except InputError as error:
        raise InputError("step is not a UUID") from error
    if payload.get("removed") is True:
        if set(payload) != {"step", "removed"}:
            raise InputError("a removed step carries only its key")
        return {"step": key, "removed": True}
    if set(payload) != STEP_FIELDS:
        raise InputError("a step event carries every field of the step")
    done, order = payload["done"], payload["order"]
    if not isinstance(done, bool):
        raise InputError("done is not true or false")
    if isinstance(order, bool) or not isinstance(order, int) or not 0 <= order <= MAX_STEP_ORDER:
        raise InputError("order is not a small number")
    return {
        "step": key,
        "removed": False,
        "description": _text(payload["description"], limit=MAX_STEP),
        "due_date": _day(payload["due_date"]),
        "done": done,
        "order": order,
    }


def _attendance(payload: dict) -> dict:
    status = payload.get("status")
    if status not in AttendanceStatus.values:
        raise InputError("not an attendance status")
    return {
        "group": _int_id(payload.get("group")),
        "scheduled": _int_id(payload.get("scheduled")),
        "learner": _int_id(payload.get("learner")),
        "status": status,
    }


def _entry_day(value: object) -> date:
    """An entry's date: always given (the book's own checks refuse future ones)."""
    if not isinstance(value, str) or len(value) != 10:
        raise InputError("not a date")
    try:
        return date.fromisoformat(value)
    except ValueError as error:
        raise InputError("not a date") from error


def _optional_count(value: object, *, maximum: int) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not 0 < value <= maximum:
        raise InputError("not a count in range")
    return value


def _book_entry(payload: dict) -> dict:
    """A cash-book entry made on the phone: created, corrected or deleted, named by the id the
    phone gave it. The amount is the text the owner typed: the server reads it in the
    business's money format (the phone never turns it into a number)."""
    action = payload.get("action")
    if action not in BOOK_ACTIONS:
        raise InputError("not a book action")
    cleaned: dict[str, Any] = {"action": action, "client_id": _uuid(payload.get("client_id"))}
    if action == "delete":
        return cleaned
    if payload.get("kind") not in EntryKind.values:
        raise InputError("not a kind of entry")
    if payload.get("category") not in CATEGORY_LABELS:
        raise InputError("not a category")
    if payload.get("language") not in {code for code, _name in settings.LANGUAGES}:
        raise InputError("not a language")
    product = payload.get("product")
    return {
        **cleaned,
        "kind": payload["kind"],
        "category": payload["category"],
        "language": payload["language"],
        "amount": _text(payload.get("amount"), limit=MAX_AMOUNT_TEXT),
        "occurred_on": _entry_day(payload.get("occurred_on")),
        "note": _text(payload.get("note", ""), limit=MAX_NOTE, blank=True),
        "product": None if product is None else _int_id(product),
        "quantity": _optional_count(payload.get("quantity"), maximum=MAX_QUANTITY),
    }


_PAYLOADS = {
    "video_progress": _video,
    "block_progress": _block_progress,
    "reflection": _reflection,
    "quiz_submit": _quiz,
    "life_plan": _life_plan,
    "life_plan_step": _life_plan_step,
    "attendance": _attendance,
    "book_entry": _book_entry,
}


def event_parse(raw: object) -> EventIn:
    """One event from the batch, checked; raises ``EventError`` (with the id when readable)."""
    if not isinstance(raw, dict):
        raise EventError("an event is not an object")
    try:
        event_id = _uuid(raw.get("id"))
    except InputError as error:
        raise EventError(str(error)) from error
    try:
        kind = raw.get("kind")
        if kind not in _PAYLOADS:
            raise InputError("unknown kind")
        payload = raw.get("payload")
        if not isinstance(payload, dict):
            raise InputError("payload is not an object")
        return EventIn(
            id=event_id,
            user_id=_int_id(raw.get("user")),
            kind=kind,
            occurred_at=_moment(raw.get("occurred_at")),
            payload=_PAYLOADS[kind](payload),
        )
    except InputError as error:
        raise EventError(str(error), event_id) from error


def batch_events(data: dict) -> list[object]:
    """The batch's list of events; raises ``InputError`` when there is none or too many."""
    events = data.get("events")
    if not isinstance(events, list) or len(events) > MAX_BATCH:
        raise InputError(f"events is not a list of at most {MAX_BATCH}")
    return events
