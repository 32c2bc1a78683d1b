"""Who is at risk and why: absent from too many of the latest sessions, no self-paced
activity for too long, a quiz failed again and again without a pass. The thresholds are the
group's own (``LearnerGroup.risk_*``)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from uuid import UUID

from django.utils.translation import gettext as _

from lms.cohorts.models import AttendanceStatus, LearnerGroup

RISK_MISSED_SESSIONS = "missed_sessions"
RISK_INACTIVE = "inactive"
RISK_FAILED_QUIZ = "failed_quiz"

ABSENT = AttendanceStatus.ABSENT.value


@dataclass(slots=True)
class RiskFlag:
    code: str  # RISK_MISSED_SESSIONS, RISK_INACTIVE or RISK_FAILED_QUIZ
    message: str  # translated, ready to show
    session_key: UUID | None = None  # the session of a failed quiz


@dataclass(slots=True)
class FailingQuiz:
    """A quiz failed ``failed`` times without a pass (at least the group's threshold)."""

    session_key: UUID
    number: int  # the session's number
    block_id: str
    title: str  # in the viewer's language where the quiz still exists
    failed: int


class RiskRules:
    """One group's rules, ready to apply to each of its learners: the reasons are translated
    once per screen, not once per learner."""

    def __init__(self, *, group: LearnerGroup, now: datetime, held_columns: list[int]):
        self.now = now
        self.window = held_columns[-group.risk_missed_window :]  # the latest held sessions
        self.missed_sessions = group.risk_missed_sessions
        self.inactive_since = now - timedelta(days=group.risk_inactive_days)
        self.missed_message = _("Missed %(missed)s of the last %(window)s sessions.")
        self.never_active = _("No self-paced activity yet, %(days)s days after joining.")
        self.inactive_message = _("No self-paced activity for %(days)s days.")
        self.failed_message = _("Failed the quiz “%(quiz)s” of session %(number)s %(count)s times.")

    def flags(
        self,
        *,
        statuses: list[str],
        joined_at: datetime,
        last_activity: datetime | None,
        failing: list[FailingQuiz],
    ) -> tuple[RiskFlag, ...]:
        """``statuses``: the learner's attendance per matrix column."""
        risks = []
        window = self.window
        missed = [statuses[c] for c in window].count(ABSENT)
        if window and missed >= self.missed_sessions:
            risks.append(
                RiskFlag(
                    RISK_MISSED_SESSIONS,
                    self.missed_message % {"missed": missed, "window": len(window)},
                )
            )
        if last_activity is None and joined_at <= self.inactive_since:
            days = (self.now - joined_at).days
            risks.append(RiskFlag(RISK_INACTIVE, self.never_active % {"days": days}))
        elif last_activity is not None and last_activity <= self.inactive_since:
            days = (self.now - last_activity).days
            risks.append(RiskFlag(RISK_INACTIVE, self.inactive_message % {"days": days}))
        for quiz in sorted(failing, key=lambda q: (q.number, q.block_id)):
            risks.append(
                RiskFlag(
                    RISK_FAILED_QUIZ,
                    self.failed_message
                    % {"quiz": quiz.title, "number": quiz.number, "count": quiz.failed},
                    session_key=quiz.session_key,
                )
            )
        return tuple(risks)
