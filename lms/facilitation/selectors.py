"""Reads for the facilitator screens about one learner, one session's register and notes.
They join cohorts (members, schedule, attendance) with progress and quiz records, which is
why they live above all three. The group matrix (``matrix.py``, with ``risk.py``,
``difficult.py`` and its plain-SQL reads in ``matrix_sql.py``) is re-exported here for the
modules that import it from this one."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from uuid import UUID

from curriculum.data import SessionOutline
from lms.cohorts.models import (
    AttendanceChange,
    AttendanceRecord,
    LearnerGroup,
    Membership,
    ScheduledSession,
)
from lms.portfolio.models import Reflection
from lms.progress.models import SessionProgress
from lms.quizzes.models import QuizAttempt

from .difficult import DifficultQuestion
from .matrix import ColumnTotals, GroupMatrix, MatrixCell, MatrixColumn, MatrixRow, group_matrix
from .models import FacilitatorNote
from .risk import RISK_FAILED_QUIZ, RISK_INACTIVE, RISK_MISSED_SESSIONS, RiskFlag

__all__ = [
    "RISK_FAILED_QUIZ",
    "RISK_INACTIVE",
    "RISK_MISSED_SESSIONS",
    "AttemptLine",
    "ColumnTotals",
    "DifficultQuestion",
    "GroupMatrix",
    "LearnerDetail",
    "MatrixCell",
    "MatrixColumn",
    "MatrixRow",
    "Register",
    "RegisterLine",
    "RiskFlag",
    "group_matrix",
    "learner_detail",
    "register_for",
    "session_notes",
]


# --- One learner, one session ---------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class AttemptLine:
    """A quiz attempt as the learner page lists it: the quiz named in the viewer's language
    (the attempt's snapshot, in the learner's language, only where the quiz is gone)."""

    session_key: UUID
    block_id: str
    quiz_title: str
    submitted_at: datetime
    score: Decimal
    correct_count: int
    question_count: int
    passed: bool


@dataclass(frozen=True)
class LearnerDetail:
    membership: Membership
    attendance: list[AttendanceRecord]  # by session date
    history: list[AttendanceChange]  # every change of the learner's attendance in the group
    attempts: list[AttemptLine]  # newest first, in this curriculum's sessions
    progress: dict[UUID, SessionProgress]
    reflections: list[Reflection]  # shared ones only
    notes: list[FacilitatorNote]


def learner_detail(
    *, group: LearnerGroup, learner_id: int | str, session_outlines: list[SessionOutline]
) -> LearnerDetail | None:
    """What a group's facilitators may know of one member: None when ``learner_id`` is not a
    member. Reflections appear only when the learner chose to share them. Quiz titles come
    from ``session_outlines`` (``curriculum.api``, in the viewer's language)."""
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
    session_keys = [s.key for s in session_outlines]
    titles = {(s.key, q.block_id): q.title for s in session_outlines for q in s.quizzes}
    attempts = QuizAttempt.objects.filter(
        learner_id=learner_id, session_key__in=session_keys
    ).order_by("-submitted_at", "-pk")
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
        attempts=[
            AttemptLine(
                session_key=a.session_key,
                block_id=a.block_id,
                quiz_title=titles.get((a.session_key, a.block_id), a.quiz_title),
                submitted_at=a.submitted_at,
                score=a.score,
                correct_count=a.correct_count,
                question_count=a.question_count,
                passed=a.passed,
            )
            for a in attempts.only(
                "session_key",
                "block_id",
                "quiz_title",
                "submitted_at",
                "score",
                "correct_count",
                "question_count",
                "passed",
            )
        ],
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
