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
