from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.db import IntegrityError, transaction
from django.db.models import Count, Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from curriculum.data import QuestionDef, QuizDef, SessionOutline
from lms.accounts.models import User
from lms.core.inputs import moment_recent
from lms.progress.services import block_progress_record

from .models import QuizAnswer, QuizAttempt, QuizResult
from .numbers import NumberFormatError, parse_decimal

# The longest number a learner types ("R$ 1.234.567,89" is 15): a numeric answer is stored as
# typed, so a longer one is refused rather than kept.
MAX_NUMBER_LENGTH = 40


MAX_SITTING = timedelta(days=1)  # a page open longer than this was not one sitting


class QuizSubmissionError(Exception):
    """The submission is incomplete or does not match the quiz; nothing was saved."""

    def __init__(self, message: str, errors: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.errors = errors or {}


@dataclass(frozen=True)
class ScoredAnswer:
    question: QuestionDef
    response: list[str]
    correct: bool
    feedback: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class ScoredQuiz:
    answers: tuple[ScoredAnswer, ...]
    correct_count: int
    score: Decimal
    passed: bool


def _score_question(question: QuestionDef, response: list[str], language: str) -> ScoredAnswer:
    if question.is_numeric:
        value = parse_decimal(response[0], language=language)
        correct = abs(value - question.answer) <= question.tolerance
        note = question.feedback_correct if correct else question.feedback_incorrect
        return ScoredAnswer(question, response, correct, [note] if note else [])
    chosen = set(response)
    right = {o.id for o in question.options if o.correct}
    feedback = [o.feedback for o in question.options if o.id in chosen and o.feedback]
    return ScoredAnswer(question, response, chosen == right, feedback)


def quiz_validate(
    *, quiz: QuizDef, responses: dict[str, list[str]], language: str
) -> dict[str, list[str]]:
    """Check that every question is answered with values that belong to it. Raises
    ``QuizSubmissionError`` naming each problem; returns the cleaned responses."""
    errors: dict[str, str] = {}
    unknown = set(responses) - {q.id for q in quiz.questions}
    if unknown:
        raise QuizSubmissionError(
            _("This form does not match the quiz any more. Reload the page and try again.")
        )
    cleaned: dict[str, list[str]] = {}
    for question in quiz.questions:
        values = [v.strip() for v in responses.get(question.id, []) if v and v.strip()]
        if not values:
            errors[question.id] = _("Answer this question.")
            continue
        if question.is_numeric:
            if len(values) != 1:
                raise QuizSubmissionError(_("This form does not match the quiz any more."))
            try:
                if len(values[0]) > MAX_NUMBER_LENGTH:
                    raise NumberFormatError(values[0][:MAX_NUMBER_LENGTH])
                parse_decimal(values[0], language=language)
            except NumberFormatError:
                errors[question.id] = _("Type a number, for example 1.234,56 or 12,5.")
                continue
        else:
            valid = {o.id for o in question.options}
            if not set(values) <= valid or len(set(values)) != len(values):
                raise QuizSubmissionError(
                    _("This form does not match the quiz any more. Reload the page and try again.")
                )
            if question.kind != "multiple_choice" and len(values) > 1:
                errors[question.id] = _("Choose only one answer.")
                continue
        cleaned[question.id] = values
    if errors:
        raise QuizSubmissionError(_("Some answers are missing or not valid."), errors)
    return cleaned


def quiz_score(*, quiz: QuizDef, responses: dict[str, list[str]], language: str) -> ScoredQuiz:
    answers = tuple(_score_question(q, responses[q.id], language) for q in quiz.questions)
    correct = sum(a.correct for a in answers)
    total = len(answers) or 1
    score = (Decimal(correct) * 100 / total).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    return ScoredQuiz(answers, correct, score, score >= quiz.pass_mark)


def quiz_attempt_submit(
    *,
    learner: User,
    outline: SessionOutline,
    quiz: QuizDef,
    responses: dict[str, list[str]],
    token: uuid.UUID,
    language: str,
    started_at: datetime | None = None,
) -> tuple[QuizAttempt, bool]:
    """Score and store an attempt. Submitting the same form twice (same token) returns the
    first attempt and stores nothing new."""
    existing = QuizAttempt.objects.filter(learner=learner, token=token).first()
    if existing is not None:
        return existing, False
    cleaned = quiz_validate(quiz=quiz, responses=responses, language=language)
    scored = quiz_score(quiz=quiz, responses=cleaned, language=language)
    now = timezone.now()
    duration = None
    # A stray clock's time is dropped: a year-1 start does not even fit the column.
    started_at = moment_recent(started_at, within=MAX_SITTING)
    if started_at is not None:
        duration = int((now - started_at).total_seconds())
    try:
        with transaction.atomic():
            attempt = QuizAttempt.objects.create(
                learner=learner,
                session_key=outline.key,
                block_id=quiz.block_id,
                language=language,
                token=token,
                quiz_title=quiz.title,
                pass_mark=quiz.pass_mark,
                question_count=len(quiz.questions),
                correct_count=scored.correct_count,
                score=scored.score,
                passed=scored.passed,
                started_at=started_at,
                duration_seconds=duration,
            )
            QuizAnswer.objects.bulk_create(
                QuizAnswer(
                    attempt=attempt,
                    question_id=a.question.id,
                    kind=a.question.kind,
                    question_text=a.question.prompt,
                    response=a.response,
                    correct=a.correct,
                    order=n,
                )
                for n, a in enumerate(scored.answers)
            )
            quiz_result_refresh(
                learner_id=learner.pk, session_key=outline.key, block_id=quiz.block_id
            )
    except IntegrityError:  # the same form submitted twice at once
        return QuizAttempt.objects.get(learner=learner, token=token), False
    block_progress_record(learner=learner, outline=outline, block_id=quiz.block_id, complete=True)
    return attempt, True


def quiz_result_refresh(*, learner_id: int, session_key: uuid.UUID, block_id: str) -> QuizResult:
    """Rewrite the learner's summary row for one quiz from all their attempts at it (three
    reads, then the row read for update and written). Recomputed rather than incremented,
    so running it again is harmless. Only the fields that changed are written, and named
    to ``post_save`` as ``update_fields``: what reads one field only (a participant's
    standing reads ``passed``) can tell whether it changed."""
    attempts = QuizAttempt.objects.filter(
        learner_id=learner_id, session_key=session_key, block_id=block_id
    )
    totals = attempts.aggregate(
        count=Count("pk"),
        failed=Count("pk", filter=Q(passed=False)),
        passed=Count("pk", filter=Q(passed=True)),
        best=Max("score"),
    )
    latest = attempts.order_by("-submitted_at", "-pk").first()
    answers = list(latest.answers.order_by("order").values_list("question_id", "correct"))
    values = {
        "quiz_title": latest.quiz_title,
        "attempts": totals["count"],
        "failed_attempts": totals["failed"],
        "passed": totals["passed"] > 0,
        "best_score": totals["best"],
        "latest_attempt_id": latest.pk,
        "last_submitted_at": latest.submitted_at,
        "answered": " ".join(question for question, _correct in answers),
        "missed": " ".join(question for question, correct in answers if not correct),
    }
    key = {"learner_id": learner_id, "session_key": session_key, "block_id": block_id}
    with transaction.atomic(savepoint=False):  # the row lock wants a transaction: the caller's
        result = QuizResult.objects.select_for_update().filter(**key).first()
        if result is None:
            try:
                with transaction.atomic():
                    return QuizResult.objects.create(**key, **values)
            except IntegrityError:  # a first attempt at the quiz stored at the same time
                result = QuizResult.objects.select_for_update().get(**key)
        changed = [name for name, value in values.items() if getattr(result, name) != value]
        for name in changed:
            setattr(result, name, values[name])
        if changed:
            result.save(update_fields=changed)
    return result
