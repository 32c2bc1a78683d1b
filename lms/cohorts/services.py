"""Cohort services: groups, schedules and attendance here; enrolments, joining and learner
accounts in their own modules, re-exported so that ``lms.cohorts.services`` names them all."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from datetime import date, time, timedelta
from uuid import UUID

from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext as _

from lms.accounts.models import User
from lms.programmes.models import Programme

from .enrolments import enrolment_create
from .errors import CohortError, _not_a_member
from .joining import (
    JoinCodeLimited,
    group_for_join_code,
    join_code_normalise,
    join_code_rotate,
    join_request_approve,
    join_request_decline,
    membership_join,
    membership_join_by_code,
)
from .learner_accounts import (
    account_is_learner_only,
    learner_account_create,
    learner_password_reset,
)
from .learner_creation import (
    MAX_PASSWORD_LENGTH,
    PASSWORD_ALPHABET,
    ImportedLearner,
    ImportRowError,
    password_readable,
)
from .learner_import import (
    IMPORT_OPTIONAL_COLUMNS,
    IMPORT_REQUIRED_COLUMNS,
    MAX_IMPORT_ROWS,
    ImportReport,
    learners_import_csv,
)
from .models import (
    MAX_CAPACITY,
    AttendanceChange,
    AttendanceRecord,
    AttendanceStatus,
    LearnerGroup,
    Membership,
    ScheduledSession,
)

logger = logging.getLogger(__name__)

__all__ = [
    "IMPORT_OPTIONAL_COLUMNS",
    "IMPORT_REQUIRED_COLUMNS",
    "MAX_IMPORT_ROWS",
    "MAX_PASSWORD_LENGTH",
    "PASSWORD_ALPHABET",
    "CohortError",
    "ImportReport",
    "ImportRowError",
    "ImportedLearner",
    "JoinCodeLimited",
    "account_is_learner_only",
    "enrolment_create",
    "group_for_join_code",
    "join_code_normalise",
    "join_code_rotate",
    "join_request_approve",
    "join_request_decline",
    "learner_account_create",
    "learner_password_reset",
    "learners_import_csv",
    "membership_join",
    "membership_join_by_code",
    "password_readable",
]


# --- Groups and schedules ------------------------------------------------------------------


def group_create(
    *,
    name: str,
    curriculum_key: UUID,
    facilitators: Iterable[User],
    created_by: User | None,
    country: str = "",
    municipality: str = "",
    start_date: date,
    capacity: int = 25,
) -> LearnerGroup:
    """A new group with its join code. Facilitators are assigned, not given the facilitator
    role: granting roles stays an administrator's decision."""
    name = name.strip()
    if not name:
        raise CohortError(_("Give the group a name."))
    if not 1 <= capacity <= MAX_CAPACITY:
        raise CohortError(_("A group has room for 1 to %(max)s learners.") % {"max": MAX_CAPACITY})
    if country and country not in User.Country.values:
        raise ValueError(f"unknown country {country!r}")
    with transaction.atomic():
        group = LearnerGroup.objects.create(
            name=name,
            curriculum_key=curriculum_key,
            country=country,
            municipality=municipality.strip(),
            start_date=start_date,
            capacity=capacity,
            created_by=created_by,
        )
        group.facilitators.set(list(facilitators))
    return group


def _on_or_after(day: date, weekdays: set[int]) -> date:
    while day.weekday() not in weekdays:
        day += timedelta(days=1)
    return day


def schedule_generate(
    *,
    group: LearnerGroup,
    session_keys: list[tuple[UUID, int]],
    first_date: date,
    weekdays: list[int],
    starts_at: time | None = None,
) -> list[ScheduledSession]:
    """Give each session (``(translation_key, number)``, in teaching order) a date on the
    weekly pattern ``weekdays`` (Python's: Monday is 0), from ``first_date`` on.

    Safe to run again, e.g. to re-plan after a holiday: sessions that already have attendance
    were held and keep their date; the others take the pattern's dates after the last held
    one. Sessions no longer listed are removed unless they were held. ``starts_at`` None keeps
    the start times already set. Returns the group's whole schedule, in order."""
    days = set(weekdays)
    if not days:
        raise CohortError(_("Choose at least one weekday."))
    if not days <= set(range(7)):
        raise ValueError(f"weekdays must be 0 (Monday) to 6 (Sunday), not {sorted(days)}")
    keys = [key for key, _number in session_keys]
    if len(set(keys)) != len(keys):
        raise ValueError("a session is listed twice")
    with transaction.atomic():
        existing = {
            s.session_key: s
            for s in ScheduledSession.objects.select_for_update()
            .filter(group=group)
            .annotate(held=Exists(AttendanceRecord.objects.filter(scheduled=OuterRef("pk"))))
        }
        held_dates = [s.date for s in existing.values() if s.held]
        day = max(first_date, max(held_dates) + timedelta(days=1)) if held_dates else first_date
        to_create: list[ScheduledSession] = []
        to_update: list[ScheduledSession] = []
        for key, number in session_keys:
            current = existing.get(key)
            if current is not None and current.held:
                if current.number != number:
                    current.number = number
                    to_update.append(current)
                continue
            day = _on_or_after(day, days)
            if current is None:
                to_create.append(
                    ScheduledSession(
                        group=group, session_key=key, number=number, date=day, starts_at=starts_at
                    )
                )
            else:
                current.number, current.date = number, day
                if starts_at is not None:
                    current.starts_at = starts_at
                to_update.append(current)
            day += timedelta(days=1)
        listed = set(keys)
        stale = [s.pk for key, s in existing.items() if key not in listed and not s.held]
        if stale:
            ScheduledSession.objects.filter(pk__in=stale).delete()
        ScheduledSession.objects.bulk_create(to_create)
        if to_update:
            ScheduledSession.objects.bulk_update(to_update, ["number", "date", "starts_at"])
    return list(ScheduledSession.objects.filter(group=group))


def scheduled_session_reschedule(
    *, scheduled: ScheduledSession, date: date, starts_at: time | None = None
) -> ScheduledSession:
    """Move one session to another day; ``starts_at`` None keeps its start time."""
    scheduled.date = date
    if starts_at is not None:
        scheduled.starts_at = starts_at
    scheduled.save(update_fields=["date", "starts_at"])
    return scheduled


# --- Attendance ------------------------------------------------------------------------------


def attendance_record(
    *, scheduled: ScheduledSession, learner: User, status: str, recorded_by: User | None
) -> AttendanceRecord:
    """Record or correct a member's attendance; each real change is logged (tapping the same
    status twice logs nothing)."""
    if status not in AttendanceStatus.values:
        raise ValueError(f"unknown attendance status {status!r}")
    if not Membership.objects.filter(group_id=scheduled.group_id, learner=learner).exists():
        raise CohortError(_not_a_member())
    for attempt in range(2):
        try:
            with transaction.atomic():
                record = (
                    AttendanceRecord.objects.select_for_update()
                    .filter(scheduled=scheduled, learner=learner)
                    .first()
                )
                old = record.status if record else ""
                if record is None:
                    record = AttendanceRecord.objects.create(
                        scheduled=scheduled, learner=learner, status=status, recorded_by=recorded_by
                    )
                elif old == status:
                    return record
                else:
                    record.status, record.recorded_by = status, recorded_by
                    record.save(update_fields=["status", "recorded_by", "updated_at"])
                AttendanceChange.objects.create(
                    record=record,
                    scheduled=scheduled,
                    learner=learner,
                    changed_by=recorded_by,
                    old_status=old,
                    new_status=status,
                )
                return record
        except IntegrityError:  # a second phone recorded the same learner at the same moment
            if attempt:
                raise
    raise AssertionError("unreachable")


def attendance_undo(*, record: AttendanceRecord, undone_by: User | None) -> AttendanceRecord | None:
    """Take back the latest change not yet taken back: the status before it returns, or the
    record goes when it had none (returns None then). Undoing again goes further back. The
    undo is logged like any change."""
    with transaction.atomic():
        current = AttendanceRecord.objects.select_for_update().filter(pk=record.pk).first()
        last = None
        if current is not None:
            last = (
                AttendanceChange.objects.filter(
                    record=current, undoes__isnull=True, undone_by__isnull=True
                )
                .order_by("-changed_at", "-pk")
                .first()
            )
        if current is None or last is None:
            raise CohortError(_("There is nothing to undo."))
        AttendanceChange.objects.create(
            record=current,
            scheduled_id=current.scheduled_id,
            learner_id=current.learner_id,
            changed_by=undone_by,
            old_status=current.status,
            new_status=last.old_status,
            undoes=last,
        )
        if not last.old_status:
            current.delete()  # the log keeps the session and learner
            return None
        current.status, current.recorded_by = last.old_status, undone_by
        current.save(update_fields=["status", "recorded_by", "updated_at"])
        return current


def attendance_undo_latest(
    *, scheduled: ScheduledSession, undone_by: User | None
) -> AttendanceRecord | None:
    """Take back the latest change of this session's register not yet taken back, whoever
    made it: the register's "undo" button. Returns the record as it is now (None when the
    undo removed it)."""
    last = (
        AttendanceChange.objects.filter(
            scheduled=scheduled,
            record__isnull=False,
            undoes__isnull=True,
            undone_by__isnull=True,
        )
        .select_related("record")
        .order_by("-changed_at", "-pk")
        .first()
    )
    if last is None:
        raise CohortError(_("There is nothing to undo."))
    return attendance_undo(record=last.record, undone_by=undone_by)


KEEP = object()  # group_update: leave the programme as it is


def group_update(
    *,
    group: LearnerGroup,
    name: str,
    municipality: str,
    capacity: int,
    facilitators: Iterable[User],
    risk_missed_sessions: int,
    risk_missed_window: int,
    risk_inactive_days: int,
    risk_failed_attempts: int,
    join_needs_approval: bool | None = None,
    programme: Programme | object | None = KEEP,
) -> LearnerGroup:
    """Change a group's details, facilitators (co-facilitators join or leave here) and at-risk
    thresholds. The capacity cannot drop below the learners already in the group. A group's
    programme must be of the group's country (``programme`` left out keeps it)."""
    name = name.strip()
    if not name:
        raise CohortError(_("Give the group a name."))
    if not 1 <= capacity <= MAX_CAPACITY:
        raise CohortError(_("A group has room for 1 to %(max)s learners.") % {"max": MAX_CAPACITY})
    facilitators = list(facilitators)
    if not facilitators:
        raise CohortError(_("A group needs at least one facilitator."))
    with transaction.atomic():
        locked = LearnerGroup.objects.select_for_update().get(pk=group.pk)
        members = Membership.objects.filter(group=locked).count()
        if capacity < members:
            raise CohortError(
                _("The group already has %(count)s learners: the capacity cannot be lower.")
                % {"count": members}
            )
        locked.name, locked.municipality, locked.capacity = name, municipality.strip(), capacity
        locked.risk_missed_sessions = risk_missed_sessions
        locked.risk_missed_window = risk_missed_window
        locked.risk_inactive_days = risk_inactive_days
        locked.risk_failed_attempts = risk_failed_attempts
        if join_needs_approval is not None:
            locked.join_needs_approval = join_needs_approval
        if programme is not KEEP:
            if programme is not None and locked.country and programme.country != locked.country:
                raise CohortError(_("The programme runs in another country than the group."))
            locked.programme = programme
        locked.full_clean(exclude=["join_code", "curriculum_key", "start_date", "country"])
        locked.save()
        locked.facilitators.set(facilitators)
    return locked
