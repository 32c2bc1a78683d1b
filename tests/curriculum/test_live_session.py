"""What a learner's writes read of a session (``api.live_session_get``) is kept while the
content is unchanged, is the same as reading the page, and follows every page change."""

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from curriculum import api
from curriculum.models import SessionPage, Video
from tests.factories import (
    CurriculumPageFactory,
    ModulePageFactory,
    block,
    numeric_question,
    quiz,
    single_choice,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def lesson(tree) -> SessionPage:
    page = tree["session"]
    video = Video.objects.create(title="Clip", file=SimpleUploadedFile("c.mp4", b"\0"))
    page.body = [
        block("video", {"video": video.pk, "caption": "", "required": True}),
        quiz(single_choice(), numeric_question(), pass_mark=60),
    ]
    page.save_revision().publish()
    return SessionPage.objects.get(pk=page.pk)


def quiz_id(page) -> str:
    return next(b.id for b in page.body if b.block_type == "quiz")


def test_it_is_what_the_page_gives_and_a_second_read_costs_no_query(lesson):
    live = api.live_session_get(page_id=lesson.pk)
    assert live.outline == api.session_outline(session=lesson)
    assert live.language == "pt-br"
    assert live.quiz(quiz_id(lesson)) == api.session_quiz(session=lesson, block_id=quiz_id(lesson))
    assert live.quiz("nope") is None
    with CaptureQueriesContext(connection) as queries:
        assert api.live_session_get(page_id=lesson.pk) == live
    assert len(queries) == 0


def test_reading_a_quiz_does_not_look_up_the_pages_videos(lesson):
    block_id = quiz_id(lesson)
    page = SessionPage.objects.get(pk=lesson.pk)
    with CaptureQueriesContext(connection) as queries:
        assert api.session_quiz(session=page, block_id=block_id).pass_mark == 60
    assert len(queries) == 0


def test_an_edited_quiz_is_seen_at_once(lesson):
    api.live_session_get(page_id=lesson.pk)
    data = list(lesson.body.raw_data)
    data[1] = {**data[1], "value": {**data[1]["value"], "pass_mark": 90}}
    lesson.body = data
    lesson.save_revision().publish()
    assert api.live_session_get(page_id=lesson.pk).quiz(quiz_id(lesson)).pass_mark == 90


def test_a_moved_session_follows_its_new_curriculum(lesson, catalogue):
    api.live_session_get(page_id=lesson.pk)
    other = CurriculumPageFactory(parent=catalogue)
    lesson.move(ModulePageFactory(parent=other), pos="last-child")
    assert api.live_session_get(page_id=lesson.pk).outline.curriculum_key == other.translation_key


def test_a_deleted_session_and_an_unknown_id_are_none_and_nothing_is_kept(lesson):
    api.live_session_get(page_id=lesson.pk)
    page_id = lesson.pk
    lesson.delete()
    assert api.live_session_get(page_id=page_id) is None
    unknown = page_id + 1000
    assert api.live_session_get(page_id=unknown) is None
    version = api.content_version()
    key = f"curriculum:live-session:{api.LIVE_SESSION_FORMAT}:{version}:{unknown}"
    assert cache.get(key) is None
