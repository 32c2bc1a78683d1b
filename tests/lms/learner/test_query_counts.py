"""The session page renders in a constant number of SQL queries, whatever the number of
blocks and of the learner's attempts."""

import uuid

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from curriculum import api as curriculum_api
from curriculum.models import SessionPage, Video, VideoCaption
from lms.portfolio.services import reflection_save
from lms.quizzes.services import quiz_attempt_submit
from tests.factories import (
    SessionPageFactory,
    block,
    multiple_choice,
    numeric_question,
    quiz,
    reflection,
    single_choice,
)


def make_video(n: int) -> Video:
    video = Video.objects.create(title=f"Clip {n}", file=SimpleUploadedFile(f"c{n}.mp4", b"\0"))
    for language in ("pt-br", "es"):
        VideoCaption.objects.create(
            video=video, language=language, file=SimpleUploadedFile(f"c{n}.vtt", b"WEBVTT\n")
        )
    return video


def build_session(module, size: int) -> SessionPage:
    body = []
    for n in range(size):
        body += [
            block("text", f"## Part {n}\n\nText."),
            block("video", {"video": make_video(n).pk, "caption": "", "required": True}),
            quiz(single_choice(), multiple_choice(), numeric_question()),
            reflection(f"Question {n}?"),
            block(
                "key_points",
                {
                    "heading": "",
                    "points": [{"type": "item", "value": "A", "id": str(uuid.uuid4())}],
                },
            ),
        ]
    page = SessionPageFactory(parent=module, body=body)
    page.save_revision().publish()
    return SessionPage.objects.get(pk=page.pk)


def work_through(learner, session: SessionPage, attempts: int) -> None:
    outline = curriculum_api.session_outline(session=session)
    for child in session.body:
        if child.block_type == "quiz":
            quiz_def = curriculum_api.session_quiz(session=session, block_id=child.id)
            single, multiple, numeric = quiz_def.questions
            for _ in range(attempts):
                quiz_attempt_submit(
                    learner=learner,
                    outline=outline,
                    quiz=quiz_def,
                    responses={
                        single.id: [single.options[0].id],
                        multiple.id: [multiple.options[0].id],
                        numeric.id: ["3"],
                    },
                    token=uuid.uuid4(),
                    language="pt-br",
                )
        elif child.block_type == "reflection":
            reflection_save(
                learner=learner,
                outline=outline,
                block_id=child.id,
                prompt="?",
                text="ok",
                shared=False,
            )


def count_queries(client, url: str) -> int:
    client.get(url)  # warm caches (site root paths, content types)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("anonymous", [False, True], ids=["learner", "anonymous"])
def test_session_page_query_count_does_not_grow(client, learner, tree, anonymous):
    small = build_session(tree["module"], size=1)
    large = build_session(tree["module"], size=6)
    if not anonymous:
        work_through(learner, small, attempts=1)
        work_through(learner, large, attempts=5)
        client.force_login(learner)
    small_count = count_queries(client, small.url)
    large_count = count_queries(client, large.url)
    assert small_count == large_count, (small_count, large_count)
    print(f"session page: {small_count} queries ({'anonymous' if anonymous else 'learner'})")


# Pinned: a learner's session page with a quiz and a reflection, after the first visit. Before
# the article was rendered once and routes remembered, the same page took 31 queries; before
# the learner's records, roles, the language switch's links and whether the page has view
# restrictions were kept in the cache, 14 (the visitor's page: 5).
# Right after the learner writes (a quiz, a reflection, a video report) the records are read
# again: four queries more (block progress, quiz attempts and their answers, reflections).
LEARNER_SESSION_QUERIES = 6
LEARNER_RECORDS_QUERIES = 4
VISITOR_SESSION_QUERIES = 2


def test_session_page_queries_are_pinned(client, learner, session, settings):
    work_through(learner, session, attempts=2)
    client.force_login(learner)
    assert count_queries(client, session.url) == LEARNER_SESSION_QUERIES
    client.logout()
    assert count_queries(client, session.url) == 0  # kept whole for visitors (page_cache)
    settings.RUMO_PAGE_CACHE = False  # drawn: what the first visitor after a change costs
    assert count_queries(client, session.url) == VISITOR_SESSION_QUERIES


def test_the_records_are_read_again_after_the_learner_writes(client, learner, session):
    client.force_login(learner)
    assert count_queries(client, session.url) == LEARNER_SESSION_QUERIES
    work_through(learner, session, attempts=1)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(session.url).status_code == 200
    assert len(queries) == LEARNER_SESSION_QUERIES + LEARNER_RECORDS_QUERIES
    assert count_queries(client, session.url) == LEARNER_SESSION_QUERIES
