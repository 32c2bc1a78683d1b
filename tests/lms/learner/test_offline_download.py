"""'Download for offline': the size shown before anything is fetched, and the list of files
the phone fetches, computed from stored sizes; facilitator material never in it; the page
checked as Wagtail checks it."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils import translation
from PIL import Image as PILImage
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection, PageViewRestriction

from curriculum.models import Video
from curriculum.models.snippets import VideoCaption, VideoRendition
from tests.factories import SessionPageFactory, UserFactory, block, quiz, single_choice

pytestmark = pytest.mark.django_db


def png() -> SimpleUploadedFile:
    out = io.BytesIO()
    PILImage.new("RGB", (40, 30), "green").save(out, format="PNG")
    return SimpleUploadedFile("stall.png", out.getvalue())


@pytest.fixture
def video(db, monkeypatch):
    monkeypatch.setattr("curriculum.queueing.task_send_on_commit", lambda **kwargs: None)
    video = Video.objects.create(title="Aula", file=SimpleUploadedFile("a.mp4", b"\x00" * 64))
    for height, size in ((240, 3000), (360, 7000)):
        VideoRendition.objects.create(
            video=video, height=height, bitrate_kbps=100, size_bytes=size,
            file=SimpleUploadedFile(f"r{height}.mp4", b"\x00" * size),
        )  # fmt: skip
    VideoCaption.objects.create(
        video=video, language="pt-br", file=SimpleUploadedFile("pt.vtt", b"WEBVTT\n\n" + b"x" * 92)
    )
    Video.objects.filter(pk=video.pk).update(
        status=Video.Status.READY, poster=SimpleUploadedFile("p.jpg", b"\xff" * 500).name
    )
    video.refresh_from_db()
    video.poster.save("p.jpg", SimpleUploadedFile("p.jpg", b"\xff" * 500), save=True)
    return video


@pytest.fixture
def session(tree, video):
    root = Collection.get_first_root_node()
    image = get_image_model().objects.create(title="Stall", file=png(), collection=root)
    document = get_document_model().objects.create(
        title="Sheet", file=SimpleUploadedFile("sheet.txt", b"c" * 1234), collection=root
    )
    page = tree["session"]
    page.body = [
        block("text", "## Lesson"),
        block("video", {"video": video.pk, "caption": "", "required": True}, "vid"),
        block("image", {"image": image.pk, "alt_text": "A stall", "caption": ""}, "img"),
        block("resource", {"document": document.pk, "title": "Sheet", "description": ""}, "res"),
        quiz(single_choice()),
    ]
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def manifest(client, page):
    return client.get(f"/pt-br/learn/offline/{page.pk}/files/")


def test_the_manifest_lists_the_page_and_its_media_with_stored_sizes(client, session, video):
    client.force_login(UserFactory())
    response = manifest(client, session)
    assert response.status_code == 200
    data = response.json()
    kinds = {f["kind"]: f for f in data["files"]}
    assert data["files"][0] == {
        "url": session.url, "key": session.url, "size": data["files"][0]["size"], "kind": "page"
    }  # fmt: skip
    assert kinds["video"] == {
        "url": video.renditions.get(height=240).file.url,
        "key": video.renditions.get(height=240).file.url,
        "size": 3000,
        "kind": "video",
    }  # the 240p rendition, never the 360p one nor the upload
    assert video.file.url not in str(data)
    assert kinds["poster"]["size"] == 500 and kinds["captions"]["size"] == 100
    assert kinds["image"]["url"].endswith(".webp") and kinds["image"]["size"] > 0
    assert kinds["resource"]["size"] == 1234
    assert kinds["resource"]["key"] == f"/pt-br/learn/sessions/{session.pk}/resource/res/"
    assert data["size"] == sum(f["size"] for f in data["files"])
    assert "Facilitator only" not in str(data)


def test_the_page_shows_the_size_before_anything_is_downloaded(client, session):
    client.force_login(UserFactory())
    html = client.get(session.url).content.decode()
    size = manifest(client, session).json()["size"]
    link = f'href="/pt-br/learn/offline/{session.pk}/"'
    with translation.override("pt-br"):
        label = f"{translation.gettext('Download for offline')} · {filesizeformat(size)}"
    assert link in html and label in html
    assert "download.js" not in html  # the lesson costs no script more to open
    page = client.get(f"/pt-br/learn/offline/{session.pk}/").content.decode()
    assert f'data-size="{size}"' in page and "lms/download.js" in page
    assert session.title in page


def test_visitors_get_no_download(client, session):
    assert "/learn/offline/" not in client.get(session.url).content.decode()
    assert manifest(client, session).status_code == 302  # to the login form
    assert client.get(f"/pt-br/learn/offline/{session.pk}/").status_code == 302


def test_a_module_downloads_all_its_sessions_each_file_once(client, tree, session, video):
    second = SessionPageFactory(
        parent=tree["module"],
        body=[block("video", {"video": video.pk, "caption": "", "required": True}, "v2")],
    )
    second.save_revision().publish()
    client.force_login(UserFactory())
    data = manifest(client, tree["module"]).json()
    pages = [f["url"] for f in data["files"] if f["kind"] == "page"]
    assert pages == [tree["module"].url, session.url, second.url]
    assert [f["kind"] for f in data["files"]].count("video") == 1  # the shared video once
    html = client.get(tree["module"].url).content.decode()
    with translation.override("pt-br"):
        assert filesizeformat(data["size"]) in html


def test_restricted_and_draft_pages_are_not_offered(client, tree, session):
    client.force_login(UserFactory())
    PageViewRestriction.objects.create(
        page=session, restriction_type=PageViewRestriction.PASSWORD, password="x"
    )
    assert manifest(client, session).status_code == 404
    assert client.get(f"/pt-br/learn/offline/{session.pk}/").status_code == 404
    session.unpublish()
    assert manifest(client, session).status_code == 404
    assert manifest(client, tree["curriculum"]).status_code == 404  # not a session or module
