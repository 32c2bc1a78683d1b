"""The group matrix's reads, in plain SQL through Django's connection (parameters bound,
never formatted in), because the dashboard reads some 1,300 rows per request and building,
compiling and iterating the equivalent querysets cost more than the database's own work
(README, Decisions: "The dashboard's reads are plain SQL"). Every column is read as text or
a number, which both databases return as Python values with no conversion; dates go through
Django's own converters for their field. The statements are plain SQL that SQLite and
PostgreSQL both run; the suite runs them on both. The rest of Rumo uses the ORM."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, time
from typing import Any
from uuid import UUID

from django.db import connection

from lms.accounts.models import User
from lms.cohorts.models import AttendanceRecord, Membership, ScheduledSession
from lms.progress.models import SessionProgress
from lms.quizzes.models import QuizAnswer, QuizResult


class SessionKeys(dict):
    """Session keys by their text, in both spellings databases return (SQLite: 32 hex digits;
    PostgreSQL: with dashes). Reading keys as text and mapping them back is cheaper than
    turning some 1,300 values into ``uuid.UUID`` objects."""

    def __init__(self, keys: list[UUID]):
        super().__init__()
        for key in keys:
            self[key.hex] = key
            self[str(key)] = key


def _table(model) -> str:
    return connection.ops.quote_name(model._meta.db_table)


def _marks(values: list) -> str:
    return ", ".join(["%s"] * len(values))


def _rows(sql: str, params: list) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _reader(model, field_name: str) -> Callable[[Any], Any]:
    """Turns a raw column value into what the ORM would give for ``field_name``: Django's
    converters for the field on this database (dates from SQLite's text, say)."""
    field = model._meta.get_field(field_name)
    column = field.get_col(model._meta.db_table)
    converters = connection.ops.get_db_converters(column) + field.get_db_converters(connection)

    def read(value: Any) -> Any:
        for converter in converters:
            value = converter(value, column, connection)
        return value

    return read


def schedule_rows(group_id: int) -> list[tuple[int, UUID, int, date, time | None]]:
    """The group's scheduled sessions: id, session key, number, date, start time."""
    key, day, starts_at = (
        _reader(ScheduledSession, name) for name in ("session_key", "date", "starts_at")
    )
    return [
        (pk, key(session_key), number, day(on), starts_at(at))
        for pk, session_key, number, on, at in _rows(
            f"SELECT id, session_key, number, date, starts_at FROM {_table(ScheduledSession)} "  # noqa: S608 - tables and %s marks only
            "WHERE group_id = %s ORDER BY date, number, id",
            [group_id],
        )
    ]


def member_rows(group_id: int) -> list[tuple[int, str, str, str, datetime]]:
    """The group's members in name order, the order of ``Membership.objects.in_name_order()``
    (a test keeps the two equal): learner id, username, first and last name, when they
    joined."""
    joined = _reader(Membership, "joined_at")
    return [
        (learner_id, username, first_name, last_name, joined(joined_at))
        for learner_id, username, first_name, last_name, joined_at in _rows(
            "SELECT m.learner_id, u.username, u.first_name, u.last_name, m.joined_at "  # noqa: S608 - tables and %s marks only
            f"FROM {_table(Membership)} m INNER JOIN {_table(User)} u ON u.id = m.learner_id "
            "WHERE m.group_id = %s "
            "ORDER BY LOWER(u.first_name), LOWER(u.last_name), LOWER(u.username), m.id",
            [group_id],
        )
    ]


def attendance_rows(group_id: int) -> list[tuple[int, int, str]]:
    """Scheduled session id, learner id, status: every record of the group."""
    return _rows(
        f"SELECT a.scheduled_id, a.learner_id, a.status FROM {_table(AttendanceRecord)} a "  # noqa: S608 - tables and %s marks only
        f"INNER JOIN {_table(ScheduledSession)} s ON s.id = a.scheduled_id "
        "WHERE s.group_id = %s",
        [group_id],
    )


# The two large reads select by learner only, and the matrix skips rows of sessions outside
# its columns (other curricula, rare): on SQLite, 25 index range scans cost a quarter to a
# third less than 600 probes, one for each learner and session pair.


def progress_rows(learner_ids: list[int]) -> list[tuple[int, str, float, int, str | None]]:
    """Learner id, session key as text, self-paced progress, 1 when completed else 0 (only
    what the cells show: whether a session is completed, not when), and the latest
    self-paced activity in the session as text (every visit, block progress and quiz
    attempt stamps it). Read as text because both drivers would otherwise parse 600 times
    in Python; compared as text because both databases write one fixed format that sorts
    as the times do (SQLite: "YYYY-MM-DD HH:MM:SS[.ffffff]" in UTC, as Django stores it;
    PostgreSQL: the same with "+00", the connection's time zone). ``activity_time`` turns
    each learner's latest into a datetime."""
    return _rows(
        "SELECT learner_id, CAST(session_key AS TEXT), progress, "  # noqa: S608 - tables and %s marks only
        "CASE WHEN completed_at IS NULL THEN 0 ELSE 1 END, CAST(last_activity_at AS TEXT) "
        f"FROM {_table(SessionProgress)} WHERE learner_id IN ({_marks(learner_ids)})",
        learner_ids,
    )


def activity_time(text: str | None) -> datetime | None:
    if text is None:
        return None
    moment = datetime.fromisoformat(text)
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)  # SQLite keeps UTC


def quiz_rows(
    learner_ids: list[int], failed_attempts: int
) -> list[tuple[int, str, str, str, int, int, int, str, int, str, str]]:
    """One summary row per learner per quiz (``QuizResult``), not every attempt: learner id,
    session key as text, block id, best score as text (a Decimal made from it is exact on
    both databases), attempts, failed attempts, 1 when failing (``failed_attempts`` or more
    failures and no pass) else 0, quiz title, latest attempt id, and the question ids that
    attempt answered and missed."""
    return _rows(
        "SELECT learner_id, CAST(session_key AS TEXT), block_id, CAST(best_score AS TEXT), "  # noqa: S608 - tables and %s marks only
        "attempts, failed_attempts, "
        "CASE WHEN NOT passed AND failed_attempts >= %s THEN 1 ELSE 0 END, "
        "quiz_title, latest_attempt_id, answered, missed "
        f"FROM {_table(QuizResult)} WHERE learner_id IN ({_marks(learner_ids)})",
        [failed_attempts, *learner_ids],
    )


def question_texts(attempt_ids: set[int]) -> dict[tuple[int, str], str]:
    """Question texts as the learners saw them, by (attempt id, question id)."""
    if not attempt_ids:  # SQL has no empty IN list
        return {}
    ids = sorted(attempt_ids)
    return {
        (attempt_id, question): text
        for attempt_id, question, text in _rows(
            f"SELECT attempt_id, question_id, question_text FROM {_table(QuizAnswer)} "  # noqa: S608 - tables and %s marks only
            f"WHERE attempt_id IN ({_marks(ids)})",
            ids,
        )
    }
