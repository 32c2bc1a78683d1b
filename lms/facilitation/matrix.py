"""The facilitator's matrix of a group: learners × sessions with attendance, self-paced
progress and best quiz score, per-session totals, who is at risk (``risk.py``) and the
hardest questions (``difficult.py``). Its rows come from ``matrix_sql.py``; the screen's
template tags and the exports (``exports.py``) read the ``GroupMatrix`` built here."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import ROUND_HALF_UP, Decimal
from typing import Any
from uuid import UUID

from django.utils import timezone
from django.utils.translation import gettext as _

from curriculum.data import QuizText, SessionOutline
from lms.cohorts.models import AttendanceStatus, LearnerGroup

from .difficult import DifficultQuestion, difficult_questions
from .matrix_sql import (
    SessionKeys,
    activity_time,
    attendance_rows,
    member_rows,
    progress_rows,
    quiz_rows,
    schedule_rows,
)
from .risk import FailingQuiz, RiskFlag, RiskRules

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
    """``schedule``: the rows of ``matrix_sql.schedule_rows``, in date order."""
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


def group_matrix(
    *,
    group: LearnerGroup,
    session_outlines: list[SessionOutline],
    now: datetime | None = None,
) -> GroupMatrix:
    """The facilitator's view of a group: learners × sessions with attendance, self-paced
    progress and best quiz score; who is at risk and why; the hardest questions per session.

    Five or six queries whatever the number of learners, sessions, attempts and answers.
    ``session_outlines`` come from ``curriculum.api`` in the viewer's language, so no page is
    read here, and quiz titles and questions are named in that language (learning records
    snapshot them in each learner's language; the snapshot names only a quiz or question
    that the outline no longer holds)."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    columns = _columns(schedule_rows(group.pk), session_outlines, today)
    keys = [c.session_key for c in columns]
    members = member_rows(group.pk)
    learner_ids = [m[0] for m in members]
    quizzes: dict[tuple[UUID, str], QuizText] = {
        (outline.key, quiz.block_id): quiz
        for outline in session_outlines
        for quiz in outline.quizzes
    }

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

    for scheduled_id, learner_id, status in attendance_rows(group.pk):
        r, c = row_of.get(learner_id), column_of_scheduled.get(scheduled_id)
        if r is not None and c is not None:  # a former member's record stays out
            status_of[r][c] = status
    session_keys = SessionKeys(keys)
    # Columns by the key's text as read: a str caches its hash, a UUID computes it each time.
    column_of_text = {text: column_of_session[key] for text, key in session_keys.items()}
    number_of = {c.session_key: c.number for c in columns}
    failing: dict[int, list[FailingQuiz]] = defaultdict(list)
    results = []
    if learner_ids and keys:
        for learner_id, key, value, completed, active in progress_rows(learner_ids):
            r, c = row_of[learner_id], column_of_text.get(key)
            if c is None:  # a session outside the columns
                continue
            progress_of[r][c] = 1.0 if completed else value
            completed_of[r][c] = bool(completed)
            if active is not None and (latest[r] is None or active > latest[r]):
                latest[r] = active
        results = quiz_rows(learner_ids, group.risk_failed_attempts)
        for learner_id, key, block_id, best, tries, failed, is_failing, title, *_rest in results:
            r, c = row_of[learner_id], column_of_text.get(key)
            if c is None:
                continue
            best = Decimal(best).quantize(CENT)
            if best_of[r][c] is None or best > best_of[r][c]:
                best_of[r][c] = best
            attempts_of[r][c] += tries
            if is_failing:
                session_key = session_keys[key]
                quiz = quizzes.get((session_key, block_id))
                failing[learner_id].append(
                    FailingQuiz(
                        session_key=session_key,
                        number=number_of[session_key],
                        block_id=block_id,
                        title=quiz.title if quiz else title,
                        failed=failed,
                    )
                )
    difficult = difficult_questions(results, session_keys, len(members), quizzes)

    held_columns = [n for n, c in enumerate(columns) if c.held]
    rules = RiskRules(group=group, now=now, held_columns=held_columns)
    rows = []
    for r, (learner_id, username, first_name, last_name, joined_at) in enumerate(members):
        last_activity = activity_time(latest[r])
        statuses = status_of[r]
        cells = tuple(
            map(MatrixCell, statuses, progress_of[r], completed_of[r], best_of[r], attempts_of[r])
        )
        held_statuses = [statuses[c] for c in held_columns]
        rows.append(
            MatrixRow(
                learner_id=learner_id,
                username=username,
                name=f"{first_name} {last_name}".strip() or username,  # as get_full_name()
                joined_at=joined_at,
                last_activity_at=last_activity,
                cells=cells,
                risks=rules.flags(
                    statuses=statuses,
                    joined_at=joined_at,
                    last_activity=last_activity,
                    failing=failing[learner_id],
                ),
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
