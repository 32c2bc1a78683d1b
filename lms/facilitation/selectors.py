"""Reads for the facilitator screens and their exports. They join cohorts (members, schedule,
attendance) with progress and quiz records, which is why they live above all three."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal
from operator import itemgetter
from typing import Any
from uuid import UUID

from django.db import connection
from django.utils import timezone
from django.utils.translation import gettext as _

from curriculum.data import SessionOutline
from lms.accounts.models import User
from lms.cohorts.models import (
    AttendanceChange,
    AttendanceRecord,
    AttendanceStatus,
    LearnerGroup,
    Membership,
    ScheduledSession,
)
from lms.portfolio.models import Reflection
from lms.progress.models import SessionProgress
from lms.quizzes.models import QuizAnswer, QuizAttempt, QuizResult

from .models import FacilitatorNote

RISK_MISSED_SESSIONS = "missed_sessions"
RISK_INACTIVE = "inactive"
RISK_FAILED_QUIZ = "failed_quiz"

# The matrix's parts are slotted dataclasses, not frozen ones: a dashboard builds some 800
# of them (600 cells), and a frozen one costs about 2.5 times as much to build. Nothing
# changes them after ``group_matrix`` returns.

CENT = Decimal("0.01")
# Attendance statuses as plain strings, as the database returns them.
PRESENT, LATE, ABSENT, EXCUSED = (
    status.value
    for status in (
        AttendanceStatus.PRESENT,
        AttendanceStatus.LATE,
        AttendanceStatus.ABSENT,
        AttendanceStatus.EXCUSED,
    )
)


@dataclass(slots=True)
class MatrixColumn:
    """One session of the curriculum: scheduled ones first, in date order, then any not
    scheduled yet, in curriculum order."""

    session_key: UUID
    number: int
    title: str
    outline: SessionOutline | None  # None: scheduled, but no longer in the curriculum
    scheduled_id: int | None  # None: not scheduled yet
    date: date | None
    starts_at: time | None
    held: bool  # scheduled for today or earlier


@dataclass(slots=True)
class MatrixCell:
    attendance: str = ""  # an AttendanceStatus value; "" when nobody recorded it
    progress: float = 0.0  # self-paced, 0 to 1
    completed: bool = False  # self-paced part completed
    best_score: Decimal | None = None  # best quiz score of the session, 0 to 100
    attempts: int = 0  # quiz attempts in the session

    @property
    def progress_percent(self) -> int:
        return round(100 * self.progress)

    @property
    def attendance_label(self) -> str:
        return str(AttendanceStatus(self.attendance).label) if self.attendance else ""


@dataclass(slots=True)
class RiskFlag:
    code: str  # RISK_MISSED_SESSIONS, RISK_INACTIVE or RISK_FAILED_QUIZ
    message: str  # translated, ready to show
    session_key: UUID | None = None  # the session of a failed quiz


@dataclass(slots=True)
class MatrixRow:
    learner_id: int
    username: str
    name: str
    joined_at: datetime
    last_activity_at: datetime | None  # latest self-paced activity in this curriculum
    cells: tuple[MatrixCell, ...]  # one per column, in column order
    risks: tuple[RiskFlag, ...]
    attended: int  # held sessions present or late
    absent: int
    excused: int
    completed: int  # sessions completed self-paced

    @property
    def at_risk(self) -> bool:
        return bool(self.risks)


@dataclass(slots=True)
class ColumnTotals:
    present: int
    late: int
    absent: int
    excused: int
    completed: int  # learners who completed the session self-paced
    mean_best_score: Decimal | None  # over the learners with a score


@dataclass(slots=True)
class DifficultQuestion:
    """A quiz question and how the group's learners did in their latest attempt at it."""

    session_key: UUID
    block_id: str
    question_id: str
    text: str  # as snapshotted with the answers
    order: int
    wrong: int  # learners whose latest attempt answered it wrong
    answered: int  # learners whose latest attempt answered it
    learners: int  # learners in the group

    @property
    def share(self) -> float:
        """Wrong among those who answered: what "hard" means on the screen."""
        return self.wrong / self.answered if self.answered else 0.0

    @property
    def share_of_group(self) -> float:
        return self.wrong / self.learners if self.learners else 0.0

    @property
    def percent(self) -> int:
        return round(100 * self.share)


@dataclass(frozen=True)
class GroupMatrix:
    group_id: int
    today: date
    columns: tuple[MatrixColumn, ...]
    rows: tuple[MatrixRow, ...]  # in name order; the screen and the exports keep it
    totals: tuple[ColumnTotals, ...]  # one per column
    difficult: dict[UUID, tuple[DifficultQuestion, ...]]  # per session key, hardest first

    @property
    def at_risk(self) -> tuple[MatrixRow, ...]:
        return tuple(row for row in self.rows if row.risks)

    @property
    def held(self) -> int:
        return sum(column.held for column in self.columns)

    def table(self) -> tuple[list[str], list[list[Any]]]:
        """Header and rows for a CSV or XLSX export: the same rows, order and numbers as the
        screen. Attendance as its translated label, progress in percent."""
        header = [_("Username"), _("Name"), _("At risk"), _("Sessions attended")]
        # Outside the f-string: xgettext does not see calls inside replacement fields.
        per_session = (_("Attendance"), _("Self-paced progress"), _("Best quiz score"))
        for column in self.columns:
            label = f"{column.number}. {column.title}".strip()
            header += [f"{label} · {what}" for what in per_session]
        rows = []
        for row in self.rows:
            values: list[Any] = [
                row.username,
                row.name,
                "; ".join(flag.message for flag in row.risks),
                row.attended,
            ]
            for cell in row.cells:
                values += [cell.attendance_label, cell.progress_percent, cell.best_score]
            rows.append(values)
        return header, rows


def _columns(
    schedule: list[tuple[int, UUID, int, date, time | None]],
    session_outlines: list[SessionOutline],
    today: date,
) -> list[MatrixColumn]:
    """``schedule``: the rows of ``_schedule_rows``, in date order."""
    outlines = {o.key: o for o in session_outlines}
    columns = []
    for pk, key, number, day, starts_at in schedule:
        outline = outlines.get(key)
        columns.append(
            MatrixColumn(
                session_key=key,
                number=number,
                title=outline.title if outline else "",
                outline=outline,
                scheduled_id=pk,
                date=day,
                starts_at=starts_at,
                held=day <= today,
            )
        )
    scheduled = {key for _pk, key, *_rest in schedule}
    columns += [
        MatrixColumn(
            session_key=o.key,
            number=o.number,
            title=o.title,
            outline=o,
            scheduled_id=None,
            date=None,
            starts_at=None,
            held=False,
        )
        for o in session_outlines
        if o.key not in scheduled
    ]
    return columns


class _SessionKeys(dict):
    """Session keys by their text, in both spellings databases return (SQLite: 32 hex digits;
    PostgreSQL: with dashes). Reading keys as text and mapping them back is cheaper than
    turning some 1,300 values into ``uuid.UUID`` objects."""

    def __init__(self, keys: list[UUID]):
        super().__init__()
        for key in keys:
            self[key.hex] = key
            self[str(key)] = key


# --- The matrix's reads ----------------------------------------------------------------------
# Plain SQL through Django's connection (parameters bound, never formatted in), because the
# dashboard reads some 1,300 rows per request and building, compiling and iterating the
# equivalent querysets cost more than the database's own work (README, Decisions). Every
# column is read as text or a number, which both databases return as Python values with no
# conversion; dates go through Django's own converters for their field. The statements are
# plain SQL that SQLite and PostgreSQL both run; the suite runs them on both.


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


def _schedule_rows(group_id: int) -> list[tuple[int, UUID, int, date, time | None]]:
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


def _member_rows(group_id: int) -> list[tuple[int, str, str, str, datetime]]:
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


def _attendance_rows(group_id: int) -> list[tuple[int, int, str]]:
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


def _progress_rows(learner_ids: list[int]) -> list[tuple[int, str, float, int, str | None]]:
    """Learner id, session key as text, self-paced progress, 1 when completed else 0 (only
    what the cells show: whether a session is completed, not when), and the latest
    self-paced activity in the session as text (every visit, block progress and quiz
    attempt stamps it). Read as text because both drivers would otherwise parse 600 times
    in Python; compared as text because both databases write one fixed format that sorts
    as the times do (SQLite: "YYYY-MM-DD HH:MM:SS[.ffffff]" in UTC, as Django stores it;
    PostgreSQL: the same with "+00", the connection's time zone). ``_activity_time`` turns
    each learner's latest into a datetime."""
    return _rows(
        "SELECT learner_id, CAST(session_key AS TEXT), progress, "  # noqa: S608 - tables and %s marks only
        "CASE WHEN completed_at IS NULL THEN 0 ELSE 1 END, CAST(last_activity_at AS TEXT) "
        f"FROM {_table(SessionProgress)} WHERE learner_id IN ({_marks(learner_ids)})",
        learner_ids,
    )


def _activity_time(text: str | None) -> datetime | None:
    if text is None:
        return None
    moment = datetime.fromisoformat(text)
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)  # SQLite keeps UTC


def _quiz_rows(
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


def _question_texts(attempt_ids: set[int]) -> dict[tuple[int, str], str]:
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


# Positions in the rows of ``_quiz_rows`` that ``_difficult`` reads.
_QUIZ_ANSWERED = itemgetter(1, 2, 9)  # session key, block id, questions answered
_QUIZ_MISSED = itemgetter(1, 2, 10)  # session key, block id, questions missed
_QUIZ_ATTEMPT = itemgetter(8)  # latest attempt id


def _difficult(
    quiz_rows: list[tuple], session_keys: _SessionKeys, group_size: int
) -> dict[UUID, tuple[DifficultQuestion, ...]]:
    """Per session, each question with the learners whose latest attempt got it wrong,
    counted from the result rows' ``answered`` and ``missed`` (``quiz_rows``: as
    ``_quiz_rows`` returns them; quizzes of other sessions are left out). The question
    texts, as the learners saw them, come from one attempt per question: one query of a few
    rows."""
    # Learners share lists: most answered the same questions, and many missed the same
    # ones. So identical lists are counted first (in C, by ``Counter``), and each distinct
    # list is split once, weighted by how many learners it stands for.
    attempt_of = dict(
        zip(map(_QUIZ_ANSWERED, quiz_rows), map(_QUIZ_ATTEMPT, quiz_rows), strict=True)
    )
    answered: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    missed: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    first_seen: dict[tuple[str, str], dict[str, tuple[int, int]]] = defaultdict(dict)
    for (key, block_id, questions), learners in Counter(map(_QUIZ_ANSWERED, quiz_rows)).items():
        if key not in session_keys:  # a quiz outside the columns
            continue
        seen, counts = first_seen[key, block_id], answered[key, block_id]
        attempt_id = attempt_of[key, block_id, questions]
        for order, question in enumerate(questions.split()):
            seen.setdefault(question, (order, attempt_id))
            counts[question] += learners
    for (key, block_id, questions), learners in Counter(map(_QUIZ_MISSED, quiz_rows)).items():
        if key not in session_keys:
            continue
        counts = missed[key, block_id]
        for question in questions.split():
            counts[question] += learners
    if not first_seen:
        return {}
    texts = _question_texts(
        {attempt_id for seen in first_seen.values() for _order, attempt_id in seen.values()}
    )
    by_session: dict[UUID, list[DifficultQuestion]] = defaultdict(list)
    for (key, block_id), seen in first_seen.items():
        session_key = session_keys[key]
        answered_counts, missed_counts = answered[key, block_id], missed[key, block_id]
        for question, (order, attempt_id) in seen.items():
            by_session[session_key].append(
                DifficultQuestion(
                    session_key=session_key,
                    block_id=block_id,
                    question_id=question,
                    text=texts.get((attempt_id, question), ""),
                    order=order,
                    wrong=missed_counts[question],
                    answered=answered_counts[question],
                    learners=group_size,
                )
            )
    return {
        key: tuple(sorted(items, key=lambda q: (-q.share, -q.wrong, q.block_id, q.order)))
        for key, items in by_session.items()
    }


def group_matrix(
    *,
    group: LearnerGroup,
    session_outlines: list[SessionOutline],
    now: datetime | None = None,
) -> GroupMatrix:
    """The facilitator's view of a group: learners × sessions with attendance, self-paced
    progress and best quiz score; who is at risk and why; the hardest questions per session.

    Six queries whatever the number of learners, sessions, attempts and answers.
    ``session_outlines`` come from ``curriculum.api``, so no page is read here."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    columns = _columns(_schedule_rows(group.pk), session_outlines, today)
    keys = [c.session_key for c in columns]
    members = _member_rows(group.pk)
    learner_ids = [m[0] for m in members]

    # Per learner, one slot per column, filled straight from the rows of each query: 600
    # cells for 25 learners × 24 sessions, so no per-cell dictionary lookups.
    width = len(columns)
    row_of = {learner_id: n for n, learner_id in enumerate(learner_ids)}
    column_of_session = {c.session_key: n for n, c in enumerate(columns)}
    column_of_scheduled = {c.scheduled_id: n for n, c in enumerate(columns) if c.scheduled_id}
    status_of = [[""] * width for _m in members]
    progress_of = [[0.0] * width for _m in members]
    completed_of = [[False] * width for _m in members]
    best_of: list[list[Decimal | None]] = [[None] * width for _m in members]
    attempts_of = [[0] * width for _m in members]
    latest: list[str | None] = [None] * len(members)  # latest self-paced activity, as text

    for scheduled_id, learner_id, status in _attendance_rows(group.pk):
        r, c = row_of.get(learner_id), column_of_scheduled.get(scheduled_id)
        if r is not None and c is not None:  # a former member's record stays out
            status_of[r][c] = status
    session_keys = _SessionKeys(keys)
    # Columns by the key's text as read: a str caches its hash, a UUID computes it each time.
    column_of_text = {text: column_of_session[key] for text, key in session_keys.items()}
    failing: dict[int, list[tuple[UUID, str, str, int]]] = defaultdict(list)
    quiz_rows = []
    if learner_ids and keys:
        for learner_id, key, value, completed, active in _progress_rows(learner_ids):
            r, c = row_of[learner_id], column_of_text.get(key)
            if c is None:  # a session outside the columns
                continue
            progress_of[r][c] = 1.0 if completed else value
            completed_of[r][c] = bool(completed)
            if active is not None and (latest[r] is None or active > latest[r]):
                latest[r] = active
        quiz_rows = _quiz_rows(learner_ids, group.risk_failed_attempts)
        for learner_id, key, block_id, best, tries, failed, is_failing, title, *_rest in quiz_rows:
            r, c = row_of[learner_id], column_of_text.get(key)
            if c is None:
                continue
            best = Decimal(best).quantize(CENT)
            if best_of[r][c] is None or best > best_of[r][c]:
                best_of[r][c] = best
            attempts_of[r][c] += tries
            if is_failing:
                failing[learner_id].append((session_keys[key], block_id, title, failed))
    difficult = _difficult(quiz_rows, session_keys, len(members))

    number_of = {c.session_key: c.number for c in columns}
    held_columns = [n for n, c in enumerate(columns) if c.held]
    window = held_columns[-group.risk_missed_window :]
    inactive_since = now - timedelta(days=group.risk_inactive_days)
    # The reasons, translated once for all rows.
    missed_message = _("Missed %(missed)s of the last %(window)s sessions.")
    never_active = _("No self-paced activity yet, %(days)s days after joining.")
    inactive_message = _("No self-paced activity for %(days)s days.")
    failed_message = _("Failed the quiz “%(quiz)s” of session %(number)s %(count)s times.")
    rows = []
    for r, (learner_id, username, first_name, last_name, joined_at) in enumerate(members):
        last_activity = _activity_time(latest[r])
        statuses = status_of[r]
        cells = tuple(
            map(MatrixCell, statuses, progress_of[r], completed_of[r], best_of[r], attempts_of[r])
        )
        held_statuses = [statuses[c] for c in held_columns]

        risks = []
        missed = [statuses[c] for c in window].count(ABSENT)
        if window and missed >= group.risk_missed_sessions:
            risks.append(
                RiskFlag(
                    RISK_MISSED_SESSIONS,
                    missed_message % {"missed": missed, "window": len(window)},
                )
            )
        if last_activity is None and joined_at <= inactive_since:
            risks.append(RiskFlag(RISK_INACTIVE, never_active % {"days": (now - joined_at).days}))
        elif last_activity is not None and last_activity <= inactive_since:
            risks.append(
                RiskFlag(RISK_INACTIVE, inactive_message % {"days": (now - last_activity).days})
            )
        for key, _block, title, failed in sorted(
            failing[learner_id], key=lambda q: (number_of[q[0]], q[1])
        ):
            risks.append(
                RiskFlag(
                    RISK_FAILED_QUIZ,
                    failed_message % {"quiz": title, "number": number_of[key], "count": failed},
                    session_key=key,
                )
            )
        rows.append(
            MatrixRow(
                learner_id=learner_id,
                username=username,
                name=f"{first_name} {last_name}".strip() or username,  # as get_full_name()
                joined_at=joined_at,
                last_activity_at=last_activity,
                cells=cells,
                risks=tuple(risks),
                attended=held_statuses.count(PRESENT) + held_statuses.count(LATE),
                absent=held_statuses.count(ABSENT),
                excused=held_statuses.count(EXCUSED),
                completed=sum(completed_of[r]),
            )
        )

    totals = []
    for c in range(width):
        statuses = [row[c] for row in status_of]
        scores = [row[c] for row in best_of if row[c] is not None]
        mean = None
        if scores:
            mean = (sum(scores, Decimal(0)) / len(scores)).quantize(CENT, rounding=ROUND_HALF_UP)
        totals.append(
            ColumnTotals(
                present=statuses.count(PRESENT),
                late=statuses.count(LATE),
                absent=statuses.count(ABSENT),
                excused=statuses.count(EXCUSED),
                completed=sum(row[c] for row in completed_of),
                mean_best_score=mean,
            )
        )
    return GroupMatrix(
        group_id=group.pk,
        today=today,
        columns=tuple(columns),
        rows=tuple(rows),
        totals=tuple(totals),
        difficult={c.session_key: difficult.get(c.session_key, ()) for c in columns},
    )


# --- One learner, one session ---------------------------------------------------------------


@dataclass(frozen=True)
class LearnerDetail:
    membership: Membership
    attendance: list[AttendanceRecord]  # by session date
    history: list[AttendanceChange]  # every change of the learner's attendance in the group
    attempts: list[QuizAttempt]  # newest first, in this curriculum's sessions
    progress: dict[UUID, SessionProgress]
    reflections: list[Reflection]  # shared ones only
    notes: list[FacilitatorNote]


def learner_detail(
    *, group: LearnerGroup, learner_id: int | str, session_keys: list[UUID]
) -> LearnerDetail | None:
    """What a group's facilitators may know of one member: None when ``learner_id`` is not a
    member. Reflections appear only when the learner chose to share them."""
    try:
        learner_id = int(learner_id)
    except (TypeError, ValueError):
        return None
    membership = (
        Membership.objects.filter(group=group, learner_id=learner_id)
        .select_related("learner")
        .first()
    )
    if membership is None:
        return None
    return LearnerDetail(
        membership=membership,
        attendance=list(
            AttendanceRecord.objects.filter(scheduled__group=group, learner_id=learner_id)
            .select_related("scheduled", "recorded_by")
            .order_by("scheduled__date", "scheduled__number")
        ),
        history=list(
            AttendanceChange.objects.filter(scheduled__group=group, learner_id=learner_id)
            .select_related("scheduled", "changed_by")
            .order_by("-changed_at", "-pk")
        ),
        attempts=list(
            QuizAttempt.objects.filter(
                learner_id=learner_id, session_key__in=session_keys
            ).order_by("-submitted_at", "-pk")
        ),
        progress={
            p.session_key: p
            for p in SessionProgress.objects.filter(
                learner_id=learner_id, session_key__in=session_keys
            )
        },
        reflections=list(
            Reflection.objects.filter(
                learner_id=learner_id, session_key__in=session_keys, shared=True
            ).order_by("-updated_at")
        ),
        notes=list(
            FacilitatorNote.objects.filter(group=group, learner_id=learner_id).select_related(
                "author"
            )
        ),
    )


def session_notes(*, group: LearnerGroup, session_key: UUID) -> list[FacilitatorNote]:
    return list(
        FacilitatorNote.objects.filter(group=group, session_key=session_key).select_related(
            "author"
        )
    )


@dataclass(frozen=True)
class RegisterLine:
    learner_id: int
    name: str
    username: str
    status: str  # "" when not recorded yet


@dataclass(frozen=True)
class Register:
    scheduled: ScheduledSession
    lines: list[RegisterLine]
    changes: list[AttendanceChange]  # newest first
    can_undo: bool

    @property
    def recorded(self) -> int:
        return sum(bool(line.status) for line in self.lines)

    def count(self, status: str) -> int:
        return sum(line.status == status for line in self.lines)


def register_for(*, scheduled: ScheduledSession, changes: int = 20) -> Register:
    """The attendance register of one scheduled session: every member with their status,
    and the latest changes. Four queries whatever the group's size."""
    statuses = dict(
        AttendanceRecord.objects.filter(scheduled=scheduled).values_list("learner_id", "status")
    )
    members = Membership.objects.filter(group_id=scheduled.group_id).in_name_order()
    recent = list(
        AttendanceChange.objects.filter(scheduled=scheduled)
        .select_related("learner", "changed_by")
        .order_by("-changed_at", "-pk")[:changes]
    )
    return Register(
        scheduled=scheduled,
        lines=[
            RegisterLine(
                learner_id=m.learner_id,
                name=m.learner.get_full_name() or m.learner.username,
                username=m.learner.username,
                status=statuses.get(m.learner_id, ""),
            )
            for m in members
        ],
        changes=recent,
        can_undo=AttendanceChange.objects.filter(
            scheduled=scheduled, record__isnull=False, undoes__isnull=True, undone_by__isnull=True
        ).exists(),
    )
