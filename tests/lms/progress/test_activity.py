"""Every self-paced activity stamps the session's summary row: visits, block progress and
quiz attempts. Facilitators' inactivity flags read that stamp."""

from datetime import timedelta

import pytest
from django.utils import timezone

from lms.progress.models import BlockProgress, SessionProgress
from lms.progress.services import block_progress_record, session_visit_record
from lms.quizzes.models import QuizResult
from tests.lms.quizzes.test_scoring import right_answers, submit

pytestmark = pytest.mark.django_db


def summary(learner, outline) -> SessionProgress:
    return SessionProgress.objects.get(learner=learner, session_key=outline.key)


def test_a_visit_stamps_the_latest_activity(learner, outline):
    before = timezone.now()
    session_visit_record(learner=learner, outline=outline, language="pt-br")
    row = summary(learner, outline)
    assert row.last_activity_at is not None and row.last_activity_at >= before


def test_block_progress_and_quiz_attempts_move_it_forward(learner, outline, quiz_def):
    session_visit_record(learner=learner, outline=outline, language="pt-br")
    long_ago = timezone.now() - timedelta(days=30)
    SessionProgress.objects.update(last_activity_at=long_ago)

    reflection = next(b for b in outline.tracked if b.kind == "reflection")
    block_progress_record(learner=learner, outline=outline, block_id=reflection.id, complete=True)
    assert summary(learner, outline).last_activity_at > long_ago

    SessionProgress.objects.update(last_activity_at=long_ago)
    submit(learner, outline, quiz_def, right_answers(quiz_def))
    assert summary(learner, outline).last_activity_at > long_ago


def test_migration_takes_the_latest_of_visit_block_and_quiz(learner, outline, quiz_def):
    from importlib import import_module

    from django.apps import apps

    migration = import_module("lms.progress.migrations.0002_last_activity")
    session_visit_record(learner=learner, outline=outline, language="pt-br")
    submit(learner, outline, quiz_def, right_answers(quiz_def))
    now = timezone.now()
    visit, block, quiz = (now - timedelta(days=d) for d in (9, 5, 2))
    SessionProgress.objects.update(last_visited_at=visit, last_activity_at=None)
    BlockProgress.objects.update(updated_at=block)
    QuizResult.objects.update(last_submitted_at=quiz)

    migration.activity_from_records(apps, None)
    assert summary(learner, outline).last_activity_at == quiz

    QuizResult.objects.update(last_submitted_at=now - timedelta(days=20))
    SessionProgress.objects.update(last_activity_at=None)
    migration.activity_from_records(apps, None)
    assert summary(learner, outline).last_activity_at == block
