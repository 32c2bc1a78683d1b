"""Data saver: a setting on the learner's profile that keeps video to the 240p rendition and
images to phone width. Every video says its size in megabytes before it costs anything. The
session article is cached per data-saver variant, so one learner's setting never reaches
another's page."""

from __future__ import annotations

import io
import re

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from PIL import Image as PILImage
from wagtail.images import get_image_model

from curriculum.models import SessionPage, Video
from curriculum.models.snippets import VideoRendition
from curriculum.sizes import megabytes
from lms.accounts.models import User
from lms.learner import fragments
from tests.factories import UserFactory, block, reflection

SMALL_BYTES = 4_200_000  # 240p
LARGE_BYTES = 9_050_001  # 360p


def ready_video() -> Video:
    video = Video.objects.create(title="Clip", file=SimpleUploadedFile("c.mp4", b"\0"))
    VideoRendition.objects.create(
        video=video, height=240, bitrate_kbps=150, size_bytes=SMALL_BYTES,
        file=SimpleUploadedFile("clip-240.mp4", b"\0"),
    )  # fmt: skip
    VideoRendition.objects.create(
        video=video, height=360, bitrate_kbps=300, size_bytes=LARGE_BYTES,
        file=SimpleUploadedFile("clip-360.mp4", b"\0"),
    )  # fmt: skip
    Video.objects.filter(pk=video.pk).update(status=Video.Status.READY, duration_seconds=42)
    return Video.objects.get(pk=video.pk)


def picture():
    out = io.BytesIO()
    PILImage.new("RGB", (1600, 900), "teal").save(out, format="PNG")
    return get_image_model().objects.create(
        title="Market", file=SimpleUploadedFile("market.png", out.getvalue())
    )


@pytest.fixture
def page(tree) -> SessionPage:
    video = ready_video()
    session = tree["session"]
    session.body = [
        block("text", "## Lesson\n\nSome text."),
        block("video", {"video": video.pk, "caption": "", "required": True}),
        block("image", {"image": picture().pk, "alt_text": "A market stall", "caption": ""}),
        reflection(),
    ]
    session.save_revision().publish()
    return SessionPage.objects.get(pk=session.pk)


def renditions(page: SessionPage) -> tuple[VideoRendition, VideoRendition]:
    video = Video.objects.get(
        pk=next(b for b in page.body if b.block_type == "video").value["video"].pk
    )
    small, large = video.renditions.order_by("height")
    return small, large


def html_of(user: User | None, url: str) -> str:
    client = Client()
    if user is not None:
        client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def url(name: str) -> str:
    with translation.override("pt-br"):
        return reverse(name)


def saver(on: bool) -> User:
    return UserFactory(data_saver=on)


# The setting


def test_new_accounts_start_with_data_saver_on(db):
    assert User.objects.create_user(username="nova", password="x" * 12).data_saver is True


def test_the_setting_is_on_the_profile_screen_and_saves(client, learner):
    client.force_login(learner)
    screen = client.get(url("participants:my_profile")).content.decode()
    assert 'id="data-saver"' in screen
    assert re.search(r'<input type="radio" name="data_saver" value="on"[^>]* checked', screen)
    assert "Economia de dados" in screen

    response = client.post(url("participants:my_data_saver"), {"data_saver": "off"})
    assert response.status_code == 302
    assert response["Location"].endswith("/participants/profile/#data-saver")
    learner.refresh_from_db()
    assert learner.data_saver is False
    screen = client.get(url("participants:my_profile")).content.decode()
    assert re.search(r'<input type="radio" name="data_saver" value="off"[^>]* checked', screen)
    assert "A economia de dados está desligada." in screen

    client.post(url("participants:my_data_saver"), {"data_saver": "on"})
    learner.refresh_from_db()
    assert learner.data_saver is True


@pytest.mark.parametrize(
    "posted", [{}, {"data_saver": ""}, {"data_saver": "yes"}, {"data_saver": "0"}]
)
def test_anything_but_on_or_off_is_refused_and_changes_nothing(client, learner, posted):
    learner.data_saver = False
    learner.save()
    client.force_login(learner)
    assert client.post(url("participants:my_data_saver"), posted).status_code == 400
    learner.refresh_from_db()
    assert learner.data_saver is False


def test_the_setting_needs_a_signed_in_person_and_a_post(client, learner):
    target = url("participants:my_data_saver")
    assert client.post(target, {"data_saver": "off"}).status_code == 302  # to the login page
    client.force_login(learner)
    assert client.get(target).status_code == 405


# The session page


def test_with_data_saver_only_the_240p_video_and_no_preload(page):
    small, large = renditions(page)
    html = html_of(saver(True), page.url)
    assert f'<source src="{small.file.url}"' in html
    assert large.file.url not in html
    assert "data-video-quality" not in html  # nothing to choose
    assert html.count('preload="none"') == 1 and "<video " in html
    assert re.search(r"Vídeo · <time[^>]*>0:42</time> · <span data-video-size>4,2 MB</span>", html)
    assert "Economia de dados: 240p" in html


def test_without_data_saver_both_qualities_each_with_its_size(page):
    small, large = renditions(page)
    html = html_of(saver(False), page.url)
    assert html.index(small.file.url) < html.index(large.file.url)
    assert html.count('preload="none"') == 1
    assert "data-video-quality" in html
    assert "<span data-video-size>4,2 MB</span>" in html  # the 240p plays first
    assert "240p · 4,2 MB" in html and "360p · 9,1 MB" in html  # rounded up, never less
    assert 'data-size="9,1 MB"' in html
    assert "Economia de dados: 240p" not in html


def test_sizes_follow_the_page_language(page, es_locale):
    with translation.override("es"):
        assert megabytes(SMALL_BYTES) == "4,2 MB"
    with translation.override("en"):
        assert megabytes(SMALL_BYTES) == "4.2 MB"
    with translation.override("pt-br"):
        assert megabytes(1) == "0,1 MB"
        assert megabytes(0) == "0,0 MB"
        assert megabytes(None) == ""


def test_visitors_get_data_saver(page):
    small, large = renditions(page)
    html = html_of(None, page.url)
    assert small.file.url in html and large.file.url not in html
    assert "Economia de dados: 240p" in html
    assert url("participants:my_profile") not in html  # nothing they could change yet


def img_tags(html: str) -> list[str]:
    return re.findall(r"<img [^>]*>", html)


def rendition_url(width: int) -> str:
    rendition = get_image_model().objects.get().get_rendition(f"width-{width}|format-webp")
    assert rendition.file.name.endswith(".webp") and rendition.width == width
    return rendition.url


def test_images_are_webp_at_phone_width_with_data_saver(page):
    (img,) = img_tags(html_of(saver(True), page.url))
    assert f'src="{rendition_url(360)}"' in img
    assert 'width="360"' in img
    assert "srcset" not in img
    assert 'loading="lazy"' in img and 'alt="A market stall"' in img


def test_images_offer_a_phone_width_webp_in_srcset_without_data_saver(page):
    (img,) = img_tags(html_of(saver(False), page.url))
    srcset = re.search(r'srcset="([^"]*)"', img).group(1)
    assert sorted(srcset.split(", ")) == sorted(
        f"{rendition_url(w)} {w}w" for w in (360, 720, 1080)
    )
    assert f'src="{rendition_url(720)}"' in img and 'width="720"' in img  # shown as before
    assert 'sizes="' in img


# Nothing of one learner's setting reaches another through the cached article


@pytest.mark.parametrize("first_on", [True, False], ids=["saver-first", "normal-first"])
def test_one_learners_setting_never_reaches_another(page, first_on):
    _small, large = renditions(page)
    first, second = saver(first_on), saver(not first_on)
    pages = {first_on: html_of(first, page.url), not first_on: html_of(second, page.url)}
    again = {first_on: html_of(saver(first_on), page.url)}  # from the cache

    for html in (pages[True], again.get(True, pages[True])):
        assert large.file.url not in html and "data-video-quality" not in html
        assert "srcset" not in html
    assert large.file.url in pages[False] and "data-video-quality" in pages[False]
    assert "srcset" in pages[False]
    # Two cached variants, each rendered once, each free of any learner's state.
    for on in (True, False):
        skeleton = cache.get(fragments._key(page, "pt-br", True, on))
        assert isinstance(skeleton, fragments.Skeleton)
        assert (large.file.url in skeleton.html) is (not on)
        assert "csrfmiddlewaretoken" not in skeleton.html


def test_turning_data_saver_off_shows_on_the_next_request(page):
    _small, large = renditions(page)
    person = saver(True)
    client = Client()
    client.force_login(person)
    assert large.file.url not in client.get(page.url).content.decode()
    client.post(url("participants:my_data_saver"), {"data_saver": "off"})
    assert large.file.url in client.get(page.url).content.decode()


def count_queries(client: Client, url: str) -> int:
    client.get(url)  # renders and caches this variant's article
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_setting_costs_no_query(page):
    counts = []
    for on in (True, False):
        client = Client()
        client.force_login(saver(on))
        counts.append(count_queries(client, page.url))
    assert counts[0] == counts[1], counts
