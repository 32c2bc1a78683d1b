"""Block progress is cheap in the common case (the block has its row and its completion does
not change: the row read for update, its update and one UPDATE of the summary), and still
enrols on the block's first report and recounts the summary when a count can change."""

from dataclasses import replace

import pytest
from django.db import connection
from django.db.models.signals import post_save
from django.test.utils import CaptureQueriesContext

from curriculum.data import BlockRef
from lms.cohorts.models import Enrolment
from lms.progress.models import BlockProgress, SessionProgress
from lms.progress.services import block_progress_record, session_visit_record

pytestmark = pytest.mark.django_db

VIDEO = "video-1"


@pytest.fixture
def lesson(outline):
    """The session's outline with a required video first (quiz and reflection follow)."""
    return replace(
        outline, tracked=(BlockRef(id=VIDEO, kind="video", required=True), *outline.tracked)
    )


def statements(call) -> int:
    """Statements as a server runs them: the test's transaction turns the service's own into
    a savepoint, whose two statements are left out."""
    with CaptureQueriesContext(connection) as queries:
        call()
    return sum("SAVEPOINT" not in q["sql"] for q in queries.captured_queries)


def watch(learner, lesson, progress, position=0.0):
    return block_progress_record(
        learner=learner,
        outline=lesson,
        block_id=VIDEO,
        progress=progress,
        position_seconds=position,
    )


def summary_of(learner, lesson) -> SessionProgress:
    return SessionProgress.objects.get(learner=learner, session_key=lesson.key)


def test_the_first_report_enrols_and_counts(learner, lesson):
    watch(learner, lesson, 0.2)
    assert Enrolment.objects.filter(learner=learner, curriculum_key=lesson.curriculum_key).exists()
    summary = summary_of(learner, lesson)
    assert (summary.required_blocks, summary.completed_blocks) == (3, 0)
    assert summary.last_activity_at is not None


def test_a_report_that_completes_nothing_takes_three_statements(learner, lesson):
    watch(learner, lesson, 0.2)
    stamped = summary_of(learner, lesson).last_activity_at
    assert statements(lambda: watch(learner, lesson, 0.5, 30)) == 3
    row = BlockProgress.objects.get(learner=learner, block_id=VIDEO)
    assert (row.progress, row.position_seconds, row.completed_at) == (0.5, 30, None)
    summary = summary_of(learner, lesson)
    assert summary.last_activity_at > stamped
    assert (summary.completed_blocks, summary.progress) == (0, 0)
    assert Enrolment.objects.filter(learner=learner).count() == 1


def test_a_report_that_changes_nothing_does_not_write_the_row(learner, lesson):
    watch(learner, lesson, 0.5, 30)
    saved = []

    def record(sender, **kwargs):
        saved.append(sender)

    post_save.connect(record, sender=BlockProgress)
    try:
        assert statements(lambda: watch(learner, lesson, 0.4, 30)) == 2  # progress stays 0.5
    finally:
        post_save.disconnect(record, sender=BlockProgress)
    assert saved == []  # so the learner's cached page state is kept too


def test_completing_a_block_recounts_and_completing_it_again_only_stamps(learner, lesson):
    watch(learner, lesson, 0.5)
    watch(learner, lesson, 0.95)
    summary = summary_of(learner, lesson)
    assert summary.completed_blocks == 1 and summary.progress == pytest.approx(1 / 3)
    assert statements(lambda: watch(learner, lesson, 1.0)) == 3
    reflection = next(b for b in lesson.tracked if b.kind == "reflection")
    block_progress_record(learner=learner, outline=lesson, block_id=reflection.id, complete=True)
    assert summary_of(learner, lesson).completed_blocks == 2


def test_a_lesson_whose_required_blocks_changed_is_recounted(learner, lesson):
    watch(learner, lesson, 0.95)
    assert summary_of(learner, lesson).required_blocks == 3
    shorter = replace(lesson, tracked=lesson.tracked[:2])  # the reflection was taken out
    watch(learner, shorter, 0.96)
    summary = summary_of(learner, lesson)
    assert (summary.required_blocks, summary.completed_blocks) == (2, 1)


def test_a_missing_summary_is_made_again(learner, lesson):
    session_visit_record(learner=learner, outline=lesson, language="pt-br")
    watch(learner, lesson, 0.95)
    SessionProgress.objects.all().delete()
    watch(learner, lesson, 0.97)
    assert summary_of(learner, lesson).completed_blocks == 1


def test_another_learners_summary_is_not_stamped(learner, other_learner, lesson):
    watch(learner, lesson, 0.2)
    watch(other_learner, lesson, 0.2)
    theirs = summary_of(other_learner, lesson).last_activity_at
    watch(learner, lesson, 0.3)
    assert summary_of(other_learner, lesson).last_activity_at == theirs
