"""The summary row per learner per quiz that dashboards read, kept in step with the
attempts."""

import pytest

from lms.quizzes.models import QuizResult
from tests.lms.quizzes.test_scoring import right_answers, submit

pytestmark = pytest.mark.django_db


def test_result_follows_every_attempt(learner, outline, quiz_def):
    wrong = right_answers(quiz_def, number="7")
    first, _ = submit(learner, outline, quiz_def, wrong)
    result = QuizResult.objects.get(learner=learner, block_id=quiz_def.block_id)
    assert (result.attempts, result.failed_attempts, result.passed) == (1, 1, False)
    assert result.latest_attempt == first and result.best_score == first.score

    submit(learner, outline, quiz_def, wrong)
    third, _ = submit(learner, outline, quiz_def, right_answers(quiz_def))
    result.refresh_from_db()
    assert (result.attempts, result.failed_attempts, result.passed) == (3, 2, True)
    assert result.best_score == third.score == 100
    assert result.latest_attempt == third
    assert result.last_submitted_at == third.submitted_at
    assert result.quiz_title == quiz_def.title
    assert QuizResult.objects.count() == 1


def test_a_double_submit_counts_once(learner, outline, quiz_def):
    import uuid

    token = uuid.uuid4()
    submit(learner, outline, quiz_def, right_answers(quiz_def), token=token)
    submit(learner, outline, quiz_def, right_answers(quiz_def), token=token)
    assert QuizResult.objects.get(learner=learner).attempts == 1


def test_result_keeps_the_latest_attempts_questions_in_order(learner, outline, quiz_def):
    single, multiple, numeric = quiz_def.questions
    submit(learner, outline, quiz_def, right_answers(quiz_def, number="7"))
    result = QuizResult.objects.get(learner=learner)
    assert result.answered.split() == [single.id, multiple.id, numeric.id]
    assert result.missed.split() == [numeric.id]

    submit(learner, outline, quiz_def, right_answers(quiz_def))
    result.refresh_from_db()
    assert result.answered.split() == [single.id, multiple.id, numeric.id]
    assert result.missed == ""


def test_migration_fills_the_questions_of_earlier_results(learner, outline, quiz_def):
    from importlib import import_module

    from django.apps import apps

    migration = import_module("lms.quizzes.migrations.0003_result_questions")
    single, multiple, numeric = quiz_def.questions
    submit(learner, outline, quiz_def, right_answers(quiz_def, number="7"))
    QuizResult.objects.update(answered="", missed="")  # as rows written before the fields

    migration.questions_from_latest_attempts(apps, None)

    result = QuizResult.objects.get(learner=learner)
    assert (result.answered.split(), result.missed.split()) == (
        [single.id, multiple.id, numeric.id],
        [numeric.id],
    )


def test_one_quizs_summary_is_the_sessions_summary_of_it(
    learner, outline, quiz_def, django_assert_num_queries
):
    from lms.quizzes.selectors import quiz_summaries, quiz_summary

    def one():
        return quiz_summary(learner=learner, session_key=outline.key, block_id=quiz_def.block_id)

    assert one() is None
    for number in ("7", "1.234,5", "8", "1.234,5", "9"):  # wrong, right, wrong, right, wrong
        submit(learner, outline, quiz_def, right_answers(quiz_def, number=number))
        mine = one()
        theirs = quiz_summaries(learner=learner, session_key=outline.key)[quiz_def.block_id]
        assert (mine.attempts, mine.best, mine.latest, mine.text) == (
            theirs.attempts,
            theirs.best,
            theirs.latest,
            theirs.text,
        )
        assert mine.latest_answers == theirs.latest_answers
    with django_assert_num_queries(3):  # whatever the number of attempts
        one()
