"""Server-side scoring: locale decimals, tolerance, tampered ids, double submit."""

import uuid
from decimal import Decimal

import pytest

from lms.progress.models import BlockProgress
from lms.quizzes.models import QuizAnswer, QuizAttempt
from lms.quizzes.services import QuizSubmissionError, quiz_attempt_submit


def right_answers(quiz, number="1.234,5"):
    single, multiple, numeric = quiz.questions
    return {
        single.id: [single.options[0].id],
        multiple.id: [multiple.options[0].id, multiple.options[1].id],
        numeric.id: [number],
    }


def submit(learner, outline, quiz, responses, token=None, language="pt-br"):
    return quiz_attempt_submit(
        learner=learner,
        outline=outline,
        quiz=quiz,
        responses=responses,
        token=token or uuid.uuid4(),
        language=language,
    )


def test_all_right_scores_100_and_completes_the_block(learner, outline, quiz_def):
    attempt, created = submit(learner, outline, quiz_def, right_answers(quiz_def))
    assert created
    assert attempt.score == Decimal("100.00") and attempt.passed
    assert attempt.pass_mark == 75 and attempt.question_count == 3
    assert [a.question_text for a in attempt.answers.all()] == [
        q.prompt for q in quiz_def.questions
    ]
    assert BlockProgress.objects.get(learner=learner, block_id=quiz_def.block_id).is_complete


@pytest.mark.parametrize(
    ("typed", "language", "correct"),
    [
        ("1.234,5", "pt-br", True),
        ("1234,5", "es", True),
        ("1.235", "pt-br", True),  # 1235: within the tolerance of 0.5
        ("1.234", "pt-br", True),  # 1234: exactly 0.5 away
        ("1.233,9", "pt-br", False),
        ("1,234.5", "pt-br", True),
        ("1234.5", "es", True),
    ],
)
def test_numeric_answers_in_locale_format_with_tolerance(
    learner, outline, quiz_def, typed, language, correct
):
    attempt, _ = submit(
        learner, outline, quiz_def, right_answers(quiz_def, typed), language=language
    )
    numeric = attempt.answers.get(kind="numeric")
    assert numeric.correct is correct
    assert numeric.response == [typed]


def test_multiple_choice_needs_every_right_option_and_no_wrong_one(learner, outline, quiz_def):
    _, multiple, _ = quiz_def.questions
    answers = right_answers(quiz_def)
    answers[multiple.id] = [multiple.options[0].id]
    attempt, _ = submit(learner, outline, quiz_def, answers)
    assert not attempt.answers.get(question_id=multiple.id).correct
    assert attempt.score == Decimal("66.67") and not attempt.passed
    answers[multiple.id] = [o.id for o in multiple.options]
    attempt, _ = submit(learner, outline, quiz_def, answers)
    assert not attempt.answers.get(question_id=multiple.id).correct


@pytest.mark.parametrize(
    "tamper",
    ["foreign_option", "foreign_question", "two_radio_answers", "missing_answer", "not_a_number"],
)
def test_bad_or_tampered_submissions_change_nothing(learner, outline, quiz_def, tamper):
    single, multiple, numeric = quiz_def.questions
    answers = right_answers(quiz_def)
    if tamper == "foreign_option":
        answers[single.id] = [multiple.options[0].id]
    elif tamper == "foreign_question":
        answers["not-a-question"] = ["x"]
    elif tamper == "two_radio_answers":
        answers[single.id] = [single.options[0].id, single.options[1].id]
    elif tamper == "missing_answer":
        del answers[numeric.id]
    elif tamper == "not_a_number":
        answers[numeric.id] = ["doze"]
    with pytest.raises(QuizSubmissionError) as caught:
        submit(learner, outline, quiz_def, answers)
    assert caught.value.message
    assert not QuizAttempt.objects.exists()
    assert not QuizAnswer.objects.exists()
    assert not BlockProgress.objects.exists()


def test_double_submit_stores_one_attempt(learner, outline, quiz_def):
    token = uuid.uuid4()
    first, created = submit(learner, outline, quiz_def, right_answers(quiz_def), token)
    second, created_again = submit(learner, outline, quiz_def, right_answers(quiz_def), token)
    assert created and not created_again
    assert first.pk == second.pk
    assert QuizAttempt.objects.count() == 1


def test_retries_are_kept_with_best_and_latest(learner, outline, quiz_def):
    from lms.quizzes.selectors import quiz_summaries

    wrong = right_answers(quiz_def, "7")
    submit(learner, outline, quiz_def, right_answers(quiz_def))
    submit(learner, outline, quiz_def, wrong)
    summary = quiz_summaries(learner=learner, session_key=outline.key)[quiz_def.block_id]
    assert summary.attempts == 2
    assert summary.best.score == Decimal("100.00")
    assert summary.latest.score == Decimal("66.67")
