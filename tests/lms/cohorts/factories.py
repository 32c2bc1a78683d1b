"""Factories for groups, schedules and the learning records a facilitator's matrix reads."""

from __future__ import annotations

import uuid
from datetime import date
from decimal import Decimal

import factory

from curriculum.data import BlockRef, SessionOutline
from lms.cohorts.models import LearnerGroup, Membership, ScheduledSession
from lms.quizzes.models import QuizAnswer, QuizAttempt
from lms.quizzes.services import quiz_result_refresh
from tests.factories import UserFactory


class LearnerGroupFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Group {n}")
    curriculum_key = factory.LazyFunction(uuid.uuid4)
    country = "BR"
    municipality = "Contagem"
    start_date = date(2026, 3, 2)

    class Meta:
        model = LearnerGroup
        skip_postgeneration_save = True

    @factory.post_generation
    def facilitators(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.facilitators.set(extracted)


class ScheduledSessionFactory(factory.django.DjangoModelFactory):
    group = factory.SubFactory(LearnerGroupFactory)
    session_key = factory.LazyFunction(uuid.uuid4)
    number = factory.Sequence(lambda n: n + 1)
    date = date(2026, 3, 3)

    class Meta:
        model = ScheduledSession


def members_add(group: LearnerGroup, count: int, **user_fields) -> list:
    """``count`` new learners in ``group`` (memberships written directly, no capacity check)."""
    users = [UserFactory(**user_fields) for _n in range(count)]
    Membership.objects.bulk_create(Membership(group=group, learner=u) for u in users)
    return users


def outline_stub(*, number: int, curriculum_key: uuid.UUID, title: str = "") -> SessionOutline:
    """A session outline as ``curriculum.api`` hands it out, without a page behind it."""
    return SessionOutline(
        page_id=10_000 + number,
        key=uuid.uuid4(),
        curriculum_key=curriculum_key,
        title=title or f"Session {number}",
        url=f"/s/{number}/",
        number=number,
        self_paced_minutes=20,
        tracked=(BlockRef(id="quiz-1", kind="quiz", required=True),),
    )


def attempt_add(
    learner,
    session_key: uuid.UUID,
    *,
    block_id: str = "quiz-1",
    answers: dict[str, bool] | None = None,
    pass_mark: int = 75,
    title: str = "Check yourself",
) -> QuizAttempt:
    """A scored attempt with its answers (``{question_id: correct}``) and the learner's
    refreshed result for the quiz, as the quiz service stores them."""
    answers = answers if answers is not None else {"q1": True}
    correct = sum(answers.values())
    score = (Decimal(correct) * 100 / (len(answers) or 1)).quantize(Decimal("0.01"))
    attempt = QuizAttempt.objects.create(
        learner=learner,
        session_key=session_key,
        block_id=block_id,
        language="pt-br",
        token=uuid.uuid4(),
        quiz_title=title,
        pass_mark=pass_mark,
        question_count=len(answers),
        correct_count=correct,
        score=score,
        passed=score >= pass_mark,
    )
    QuizAnswer.objects.bulk_create(
        QuizAnswer(
            attempt=attempt,
            question_id=question_id,
            kind="single_choice",
            question_text=f"Question {question_id}?",
            response=["x"],
            correct=ok,
            order=n,
        )
        for n, (question_id, ok) in enumerate(answers.items())
    )
    quiz_result_refresh(learner_id=learner.pk, session_key=session_key, block_id=block_id)
    return attempt


def attempts_bulk_add(
    people,
    session_keys,
    *,
    tries: int,
    questions: int,
    first_right: int = 1,
    block_id: str = "quiz-1",
) -> None:
    """Many scored attempts at once (for query counts and benchmarks): per learner and
    session, attempt ``k`` gets the first ``first_right + k`` of ``questions`` right; then
    each learner's quiz results, as the quiz service leaves them."""
    attempts = QuizAttempt.objects.bulk_create(
        QuizAttempt(
            learner=person,
            session_key=key,
            block_id=block_id,
            language="pt-br",
            token=uuid.uuid4(),
            quiz_title="Check yourself",
            pass_mark=75,
            question_count=questions,
            correct_count=first_right + k,
            score=(Decimal(100 * (first_right + k)) / questions).quantize(Decimal("0.01")),
            passed=100 * (first_right + k) >= 75 * questions,
        )
        for person in people
        for key in session_keys
        for k in range(tries)
    )
    QuizAnswer.objects.bulk_create(
        QuizAnswer(
            attempt=attempt,
            question_id=f"q{n}",
            kind="single_choice",
            question_text=f"Question {n}?",
            response=["x"],
            correct=n < attempt.correct_count,
            order=n,
        )
        for attempt in attempts
        for n in range(questions)
    )
    for person in people:
        for key in session_keys:
            quiz_result_refresh(learner_id=person.pk, session_key=key, block_id=block_id)
