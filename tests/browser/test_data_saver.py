"""Data saver in a phone's browser: no video byte is fetched before play, the size beside the
player says what play will cost and follows the quality chosen, and with data saver there is
nothing to choose."""

from __future__ import annotations

import pytest
from django.test import Client
from wagtail.models import Collection

from curriculum.models import SessionPage
from tests.factories import UserFactory, block
from tests.lms.learner.test_data_saver import picture, ready_video

pytestmark = [pytest.mark.browser]


def sign_in(phone, live_server, *, data_saver: bool) -> None:
    client = Client()
    client.force_login(UserFactory(data_saver=data_saver))
    phone.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )


@pytest.fixture
def lesson(tree) -> SessionPage:
    if Collection.get_first_root_node() is None:  # flushed by an earlier live-server test
        Collection.add_root(name="Root")
    session = tree["session"]
    session.body = [
        block("video", {"video": ready_video().pk, "caption": "", "required": True}),
        block("image", {"image": picture().pk, "alt_text": "Feira", "caption": ""}),
    ]
    session.save_revision().publish()
    return SessionPage.objects.get(pk=session.pk)


def fetched_media(phone, url: str) -> list[str]:
    requests: list[str] = []
    phone.on("request", lambda request: requests.append(request.url))
    phone.goto(url)
    phone.wait_for_load_state("networkidle")
    return requests


def test_without_data_saver_the_size_follows_the_chosen_quality(live_server, phone, lesson):
    sign_in(phone, live_server, data_saver=False)
    requests = fetched_media(phone, live_server.url + lesson.url)
    assert not [r for r in requests if r.endswith(".mp4")]  # nothing before play
    size = phone.locator("[data-video-size]")
    assert size.inner_text() == "4,2 MB"
    phone.locator("[data-video-quality] input[data-height='360']").check()
    assert size.inner_text() == "9,1 MB"
    assert not [r for r in requests if r.endswith(".mp4")]  # choosing costs nothing either


def test_with_data_saver_one_240p_source_and_its_size(live_server, phone, lesson):
    sign_in(phone, live_server, data_saver=True)
    requests = fetched_media(phone, live_server.url + lesson.url)
    assert not [r for r in requests if r.endswith(".mp4")]
    assert phone.locator("[data-video-quality]").count() == 0
    assert phone.locator("[data-video] source").count() == 1
    assert phone.locator("[data-video-size]").inner_text() == "4,2 MB"
    assert phone.locator(".video-meta").inner_text().startswith("Vídeo · 0:42 · 4,2 MB")
    images = [r for r in requests if r.endswith(".webp")]
    assert len(images) == 1
    assert phone.evaluate("document.querySelector('figure img').naturalWidth") == 360
    assert phone.evaluate("document.documentElement.scrollWidth") == 360
