"""The learner's two frequent writes, a video progress report and a quiz submitted for JSON:
they read the session from the cache (``curriculum_api.live_session_get``), yet a page that
stops being live or public answers 404 at once; their queries are pinned."""

import json
import uuid

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from wagtail.models import PageViewRestriction

from curriculum import api as curriculum_api
from curriculum.models import SessionPage, Video
from lms.cohorts.models import Enrolment
from lms.progress.models import BlockProgress, SessionProgress
from lms.quizzes.models import QuizAttempt, QuizResult
from tests.factories import (
    block,
    multiple_choice,
    numeric_question,
    quiz,
    reflection,
    single_choice,
)

# Pinned. A video report on a block that has its row and stays incomplete: the user, the
# row read for update, its update, the summary's stamp (before: 9 on PostgreSQL, 12 on
# SQLite, with the page and its view restrictions read on every report).
VIDEO_REPORT_QUERIES = 4
# A quiz submitted for JSON, the learner's second attempt, the result's "passed" unchanged:
# the user; the token looked up; the attempt and its answers stored; the result's three
# reads, its row read for update and written; the quiz block's progress read for update (it
# is complete already) and the summary's stamp; for the answer, the result row with the
# latest attempt, the best attempt and the latest answers (before: 35 on PostgreSQL, 40 on
# SQLite, and the answer read every attempt of the session).
QUIZ_SUBMIT_QUERIES = 14


@pytest.fixture
def lesson(tree) -> SessionPage:
    page = tree["session"]
    video = Video.objects.create(title="Clip", file=SimpleUploadedFile("c.mp4", b"\0"))
    page.body = [
        block("video", {"video": video.pk, "caption": "", "required": True}),
        quiz(single_choice("Pick one"), multiple_choice(), numeric_question()),
        reflection(),
    ]
    page.save_revision().publish()
    return SessionPage.objects.get(pk=page.pk)


@pytest.fixture
def ids(lesson) -> dict[str, str]:
    return {b.block_type: b.id for b in lesson.body}


def url(name, *args):
    with translation.override("pt-br"):
        return reverse(f"learner:{name}", args=args)


def report(client, lesson, ids, progress=0.3, position=10):
    return client.post(
        url("progress", lesson.pk),
        json.dumps({"block_id": ids["video"], "progress": progress, "position": position}),
        content_type="application/json",
    )


def answer(client, lesson, ids, right=True, token=None, quiz_def=None):
    quiz_def = quiz_def or curriculum_api.session_quiz(session=lesson, block_id=ids["quiz"])
    single, multiple, numeric = quiz_def.questions
    form = {
        f"q-{single.id}": single.options[0 if right else 1].id,
        f"q-{multiple.id}": [o.id for o in multiple.options if o.correct],
        f"q-{numeric.id}": "1234,5" if right else "3",
        "token": str(token or uuid.uuid4()),
    }
    return client.post(
        url("quiz_submit", lesson.pk, ids["quiz"]), form, HTTP_ACCEPT="application/json"
    )


def queries_of(send) -> int:
    """The statements of one request as a server runs them: the test's own transaction turns
    each of the request's transactions into a savepoint, whose two statements are left out."""
    with CaptureQueriesContext(connection) as queries:
        assert send().status_code == 200
    return sum("SAVEPOINT" not in q["sql"] for q in queries.captured_queries)


def test_the_first_report_enrols_and_counts_then_reports_only_stamp(client, learner, lesson, ids):
    client.force_login(learner)
    assert report(client, lesson, ids).json() == {"progress": 0.3, "complete": False}
    assert Enrolment.objects.filter(learner=learner).count() == 1
    summary = SessionProgress.objects.get(learner=learner)
    assert (summary.required_blocks, summary.completed_blocks) == (3, 0)
    stamped = summary.last_activity_at

    assert queries_of(lambda: report(client, lesson, ids, 0.5, 20)) == VIDEO_REPORT_QUERIES
    row = BlockProgress.objects.get(learner=learner)
    assert (row.progress, row.position_seconds, row.completed_at) == (0.5, 20, None)
    summary.refresh_from_db()
    assert summary.last_activity_at > stamped and summary.completed_blocks == 0

    assert report(client, lesson, ids, 0.95, 100).json() == {"progress": 0.95, "complete": True}
    summary.refresh_from_db()
    assert (summary.completed_blocks, summary.progress) == (1, pytest.approx(1 / 3))


def test_a_quiz_submit_is_pinned_and_answers_from_its_own_attempt(client, learner, lesson, ids):
    client.force_login(learner)
    first = answer(client, lesson, ids, right=False).json()
    assert (first["attempts"], first["passed"]) == (1, False)
    token = uuid.uuid4()
    assert queries_of(lambda: answer(client, lesson, ids, right=False, token=token)) == (
        QUIZ_SUBMIT_QUERIES
    )
    again = answer(client, lesson, ids, right=False, token=token).json()  # a second tap
    assert again["attempts"] == 2 and QuizAttempt.objects.count() == 2
    assert [q["correct"] for q in again["questions"]] == [False, True, False]
    result = QuizResult.objects.get(learner=learner)
    assert (result.attempts, result.failed_attempts, result.passed) == (2, 2, False)
    assert result.missed.split() == [q["id"] for q in again["questions"] if not q["correct"]]

    passed = answer(client, lesson, ids).json()
    assert (passed["attempts"], passed["passed"], passed["best_score"]) == (3, True, "100.00")
    result.refresh_from_db()
    assert (result.attempts, result.passed, result.missed) == (3, True, "")
    summary = SessionProgress.objects.get(learner=learner)
    assert summary.completed_blocks == 1  # the quiz block, complete since its first attempt
    for _ in range(5):
        answer(client, lesson, ids, right=False)
    assert queries_of(lambda: answer(client, lesson, ids, right=False)) == QUIZ_SUBMIT_QUERIES


def test_an_older_forms_second_tap_answers_with_that_forms_attempt(client, learner, lesson, ids):
    client.force_login(learner)
    token = uuid.uuid4()
    answer(client, lesson, ids, right=False, token=token)
    answer(client, lesson, ids, right=True)
    late = answer(client, lesson, ids, right=True, token=token).json()
    assert (late["score"], late["attempts"]) == ("33.33", 2)
    assert [q["correct"] for q in late["questions"]] == [False, True, False]


def both_writes(client, lesson, ids) -> tuple[int, int]:
    return report(client, lesson, ids).status_code, answer(client, lesson, ids).status_code


def test_a_page_unpublished_after_it_was_kept_answers_404(client, learner, lesson, ids):
    client.force_login(learner)
    assert both_writes(client, lesson, ids) == (200, 200)
    lesson.unpublish()
    assert both_writes(client, lesson, ids) == (404, 404)


@pytest.mark.parametrize("on", ["session", "module"])
def test_a_view_restriction_added_after_it_was_kept_answers_404(
    client, learner, lesson, ids, tree, on
):
    client.force_login(learner)
    assert both_writes(client, lesson, ids) == (200, 200)
    page = lesson if on == "session" else tree["module"]
    restriction = PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.LOGIN
    )
    assert both_writes(client, lesson, ids) == (404, 404)
    restriction.delete()
    assert both_writes(client, lesson, ids) == (200, 200)


def test_a_quiz_removed_from_the_page_answers_404(client, learner, lesson, ids):
    client.force_login(learner)
    quiz_def = curriculum_api.session_quiz(session=lesson, block_id=ids["quiz"])
    assert answer(client, lesson, ids, quiz_def=quiz_def).status_code == 200
    lesson.body = [b for b in lesson.body.raw_data if b["type"] != "quiz"]
    lesson.save_revision().publish()
    assert answer(client, lesson, ids, quiz_def=quiz_def).status_code == 404
    assert report(client, lesson, ids).status_code == 200
