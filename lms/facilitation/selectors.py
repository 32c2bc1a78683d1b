"""Reads for the facilitator screens and their exports. They join cohorts (members, schedule,
attendance) with progress and quiz records, which is why they live above all three."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any
from uuid import UUID

from django.db.models import Case, F, OuterRef, Subquery, Value, When
from django.db.models.fields import CharField, DateTimeField
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.translation import gettext as _

from curriculum.data import SessionOutline
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


@dataclass(frozen=True)
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


@dataclass(slots=True)  # not frozen: 600 of them per dashboard, and frozen ones cost more
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


@dataclass(frozen=True)
class RiskFlag:
    code: str  # RISK_MISSED_SESSIONS, RISK_INACTIVE or RISK_FAILED_QUIZ
    message: str  # translated, ready to show
    session_key: UUID | None = None  # the session of a failed quiz


@dataclass(frozen=True)
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


@dataclass(frozen=True)
class ColumnTotals:
    present: int
    late: int
    absent: int
    excused: int
    completed: int  # learners who completed the session self-paced
    mean_best_score: Decimal | None  # over the learners with a score


@dataclass(frozen=True)
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
    schedule: list[ScheduledSession], session_outlines: list[SessionOutline], today: date
) -> list[MatrixColumn]:
    outlines = {o.key: o for o in session_outlines}
    columns = []
    for s in schedule:
        outline = outlines.get(s.session_key)
        columns.append(
            MatrixColumn(
                session_key=s.session_key,
                number=s.number,
                title=outline.title if outline else "",
                outline=outline,
                scheduled_id=s.pk,
                date=s.date,
                starts_at=s.starts_at,
                held=s.date <= today,
            )
        )
    scheduled = {s.session_key for s in schedule}
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


def _as_text(field: str) -> Cast:
    """A UUID column read as text: turning some 1,300 values into ``uuid.UUID`` objects was
    the dashboard's largest single cost. ``_SessionKeys`` maps the text back."""
    return Cast(field, output_field=CharField())


class _SessionKeys(dict):
    """Session keys by their text, in both spellings databases return (SQLite: 32 hex digits;
    PostgreSQL: with dashes)."""

    def __init__(self, keys: list[UUID]):
        super().__init__()
        for key in keys:
            self[key.hex] = key
            self[str(key)] = key


def _latest(queryset, field: str) -> Subquery:
    # nulls_last: PostgreSQL sorts NULL first in descending order, SQLite last.
    return Subquery(queryset.order_by(F(field).desc(nulls_last=True)).values(field)[:1])


def _members(group: LearnerGroup, keys: list[UUID]) -> list[Membership]:
    """Members with their latest self-paced activity in this curriculum (``last_activity``),
    in one query: the session summary rows carry it (every visit, block progress and quiz
    attempt stamps them), so one indexed read per member finds it."""
    members = Membership.objects.filter(group=group).select_related("learner")
    if keys:
        members = members.annotate(
            last_activity=_latest(
                SessionProgress.objects.filter(
                    learner=OuterRef("learner_id"), session_key__in=keys
                ),
                "last_activity_at",
            )
        )
    else:
        members = members.annotate(last_activity=Value(None, output_field=DateTimeField()))
    return list(members.in_name_order())


def _difficult(
    quizzes: list[tuple[str, str, int, str, str]], session_keys: _SessionKeys, group_size: int
) -> dict[UUID, tuple[DifficultQuestion, ...]]:
    """Per session, each question with the learners whose latest attempt got it wrong,
    counted from the result rows' ``answered`` and ``missed`` (``quizzes``: session key as
    text, block id, latest attempt id, answered, missed). The question texts, as the
    learners saw them, come from one attempt per question: one query of a few rows."""
    # Per quiz: the answered and missed lists of every row, counted once at the end (one
    # Counter per quiz, not an update per row), and where each question was first seen.
    tallies: dict[tuple[str, str], tuple[list[str], list[str], dict[str, tuple[int, int]]]] = {}
    question_sets: set[tuple[str, str, str]] = set()
    for key, block_id, attempt_id, answered, missed in quizzes:
        tally = tallies.get((key, block_id))
        if tally is None:
            tally = tallies[(key, block_id)] = ([], [], {})
        if (key, block_id, answered) not in question_sets:  # not seen yet in this quiz
            question_sets.add((key, block_id, answered))
            for order, question in enumerate(answered.split()):
                tally[2].setdefault(question, (order, attempt_id))
        tally[0].append(answered)
        tally[1].append(missed)
    if not tallies:
        return {}
    texts = {
        (attempt_id, question): text
        for attempt_id, question, text in QuizAnswer.objects.filter(
            attempt_id__in={
                attempt_id for _a, _m, seen in tallies.values() for _o, attempt_id in seen.values()
            }
        ).values_list("attempt_id", "question_id", "question_text")
    }
    by_session: dict[UUID, list[DifficultQuestion]] = defaultdict(list)
    for (key, block_id), (answered_rows, missed_rows, first_seen) in tallies.items():
        answered, missed = (
            Counter(" ".join(rows).split()) for rows in (answered_rows, missed_rows)
        )
        session_key = session_keys[key]
        for question, (order, attempt_id) in first_seen.items():
            by_session[session_key].append(
                DifficultQuestion(
                    session_key=session_key,
                    block_id=block_id,
                    question_id=question,
                    text=texts.get((attempt_id, question), ""),
                    order=order,
                    wrong=missed[question],
                    answered=answered[question],
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
    schedule = list(ScheduledSession.objects.filter(group=group).order_by("date", "number", "pk"))
    columns = _columns(schedule, session_outlines, today)
    keys = [c.session_key for c in columns]
    members = _members(group, keys)
    learner_ids = [m.learner_id for m in members]

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

    for scheduled_id, learner_id, status in AttendanceRecord.objects.filter(
        scheduled__group=group
    ).values_list("scheduled_id", "learner_id", "status"):
        r, c = row_of.get(learner_id), column_of_scheduled.get(scheduled_id)
        if r is not None and c is not None:  # a former member's record stays out
            status_of[r][c] = status
    session_keys = _SessionKeys(keys)
    # Only what the cells show: whether a session is completed, not when (a date read from
    # SQLite is parsed in Python, 600 of them per dashboard).
    for learner_id, key, value, completed in (
        SessionProgress.objects.filter(learner_id__in=learner_ids, session_key__in=keys)
        .annotate(
            session=_as_text("session_key"),
            # "1" or "": text, the one output with no converter (numbers and booleans
            # have one), so Django skips its per-row conversion step for the whole query.
            completed=Case(
                When(completed_at__isnull=False, then=Value("1")),
                default=Value(""),
                output_field=CharField(),
            ),
        )
        .values_list("learner_id", "session", "progress", "completed")
    ):
        r, c = row_of[learner_id], column_of_session[session_keys[key]]
        progress_of[r][c] = 1.0 if completed else value
        completed_of[r][c] = completed == "1"
    # One summary row per learner per quiz (``QuizResult``), not every attempt.
    failing: dict[int, list[tuple[UUID, str, str, int]]] = defaultdict(list)
    questions = []
    for (
        learner_id,
        key,
        block_id,
        best,
        tries,
        failed,
        passed,
        title,
        attempt_id,
        answered,
        missed,
    ) in (
        QuizResult.objects.filter(learner_id__in=learner_ids, session_key__in=keys)
        .annotate(session=_as_text("session_key"))
        .values_list(
            "learner_id",
            "session",
            "block_id",
            "best_score",
            "attempts",
            "failed_attempts",
            "passed",
            "quiz_title",
            "latest_attempt_id",
            "answered",
            "missed",
        )
    ):
        questions.append((key, block_id, attempt_id, answered, missed))
        key = session_keys[key]
        r, c = row_of[learner_id], column_of_session[key]
        if best_of[r][c] is None or best > best_of[r][c]:
            best_of[r][c] = best
        attempts_of[r][c] += tries
        if failed >= group.risk_failed_attempts and not passed:
            failing[learner_id].append((key, block_id, title, failed))
    difficult = _difficult(questions, session_keys, len(members))

    number_of = {c.session_key: c.number for c in columns}
    held_columns = [n for n, c in enumerate(columns) if c.held]
    window = held_columns[-group.risk_missed_window :]
    inactive_since = now - timedelta(days=group.risk_inactive_days)
    rows = []
    for r, m in enumerate(members):
        learner = m.learner
        statuses = status_of[r]
        cells = [
            MatrixCell(statuses[c], progress, completed, best, tries)
            for c, (progress, completed, best, tries) in enumerate(
                zip(progress_of[r], completed_of[r], best_of[r], attempts_of[r], strict=True)
            )
        ]
        held_statuses = [statuses[c] for c in held_columns]
        last_activity = m.last_activity

        risks = []
        missed = sum(statuses[c] == AttendanceStatus.ABSENT for c in window)
        if window and missed >= group.risk_missed_sessions:
            risks.append(
                RiskFlag(
                    RISK_MISSED_SESSIONS,
                    _("Missed %(missed)s of the last %(window)s sessions.")
                    % {"missed": missed, "window": len(window)},
                )
            )
        if last_activity is None and m.joined_at <= inactive_since:
            risks.append(
                RiskFlag(
                    RISK_INACTIVE,
                    _("No self-paced activity yet, %(days)s days after joining.")
                    % {"days": (now - m.joined_at).days},
                )
            )
        elif last_activity is not None and last_activity <= inactive_since:
            risks.append(
                RiskFlag(
                    RISK_INACTIVE,
                    _("No self-paced activity for %(days)s days.")
                    % {"days": (now - last_activity).days},
                )
            )
        for key, _block, title, failed in sorted(
            failing[learner.pk], key=lambda q: (number_of[q[0]], q[1])
        ):
            risks.append(
                RiskFlag(
                    RISK_FAILED_QUIZ,
                    _("Failed the quiz “%(quiz)s” of session %(number)s %(count)s times.")
                    % {"quiz": title, "number": number_of[key], "count": failed},
                    session_key=key,
                )
            )
        rows.append(
            MatrixRow(
                learner_id=learner.pk,
                username=learner.username,
                name=learner.get_full_name() or learner.username,
                joined_at=m.joined_at,
                last_activity_at=last_activity,
                cells=tuple(cells),
                risks=tuple(risks),
                attended=sum(
                    status in (AttendanceStatus.PRESENT, AttendanceStatus.LATE)
                    for status in held_statuses
                ),
                absent=held_statuses.count(AttendanceStatus.ABSENT),
                excused=held_statuses.count(AttendanceStatus.EXCUSED),
                completed=sum(completed_of[r]),
            )
        )

    totals = []
    for index, _column in enumerate(columns):
        cells = [row.cells[index] for row in rows]
        scores = [cell.best_score for cell in cells if cell.best_score is not None]
        mean = None
        if scores:
            mean = (sum(scores, Decimal(0)) / len(scores)).quantize(
                Decimal("0.01"), rounding=ROUND_HALF_UP
            )
        statuses = [cell.attendance for cell in cells]
        totals.append(
            ColumnTotals(
                present=statuses.count(AttendanceStatus.PRESENT),
                late=statuses.count(AttendanceStatus.LATE),
                absent=statuses.count(AttendanceStatus.ABSENT),
                excused=statuses.count(AttendanceStatus.EXCUSED),
                completed=sum(cell.completed for cell in cells),
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
