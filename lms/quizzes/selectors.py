from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from uuid import UUID

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from lms.accounts.models import User

from .models import QuizAnswer, QuizAttempt, QuizResult


@dataclass
class QuizSummary:
    attempts: int
    best: QuizAttempt
    latest: QuizAttempt
    latest_answers: dict[str, QuizAnswer]

    @property
    def text(self) -> str:
        line = ngettext(
            "Latest score %(latest)s%% · best %(best)s%% · %(count)d attempt",
            "Latest score %(latest)s%% · best %(best)s%% · %(count)d attempts",
            self.attempts,
        ) % {
            "latest": f"{self.latest.score:.0f}",
            "best": f"{self.best.score:.0f}",
            "count": self.attempts,
        }
        verdict = _("Passed") if self.best.passed else _("Not passed yet: try again")
        return f"{line} · {verdict}"


def quiz_summaries(*, learner: User, session_key: UUID) -> dict[str, QuizSummary]:
    """Best and latest attempt per quiz block of a session, with the latest attempt's answers:
    two queries whatever the number of quizzes and attempts."""
    attempts = list(
        QuizAttempt.objects.filter(learner=learner, session_key=session_key).order_by(
            "-submitted_at", "-pk"
        )
    )
    by_block: dict[str, list[QuizAttempt]] = defaultdict(list)
    for attempt in attempts:
        by_block[attempt.block_id].append(attempt)
    latest_ids = [items[0].pk for items in by_block.values()]
    answers: dict[int, dict[str, QuizAnswer]] = defaultdict(dict)
    if latest_ids:
        for answer in QuizAnswer.objects.filter(attempt_id__in=latest_ids):
            answers[answer.attempt_id][answer.question_id] = answer
    return {
        block_id: QuizSummary(
            attempts=len(items),
            best=max(items, key=lambda a: (a.score, a.submitted_at)),
            latest=items[0],
            latest_answers=answers[items[0].pk],
        )
        for block_id, items in by_block.items()
    }


def quiz_summary(*, learner: User, session_key: UUID, block_id: str) -> QuizSummary | None:
    """``quiz_summaries`` of one quiz block (the answer to a quiz just submitted) in three
    queries whatever the number of attempts: the quiz's result row (``QuizResult``, kept in
    step with every attempt) with the latest attempt, the best attempt, the latest answers."""
    result = (
        QuizResult.objects.filter(learner=learner, session_key=session_key, block_id=block_id)
        .select_related("latest_attempt")
        .first()
    )
    if result is None:
        return None
    latest = result.latest_attempt
    best = (
        QuizAttempt.objects.filter(learner=learner, session_key=session_key, block_id=block_id)
        .order_by("-score", "-submitted_at", "-pk")
        .first()
    )
    return QuizSummary(
        attempts=result.attempts,
        best=best,
        latest=latest,
        latest_answers={a.question_id: a for a in latest.answers.all()},
    )
