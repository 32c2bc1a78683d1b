"""Development media serving honours HTTP Range, so phones can seek in videos."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.http import Http404
from django.test import RequestFactory

from lms.core import media

# Closing a response sends request_finished, whose handler checks the database connection.
pytestmark = pytest.mark.django_db

CONTENT = bytes(range(256)) * 4  # 1024 bytes, every offset recognisable


@pytest.fixture
def media_root(settings, tmp_path) -> Path:
    root = tmp_path / "media"
    (root / "videos").mkdir(parents=True)
    (root / "videos" / "clip.mp4").write_bytes(CONTENT)
    (tmp_path / "secret.txt").write_text("not for you")
    settings.MEDIA_ROOT = root
    return root


def get(path: str, method: str = "get", **headers: str):
    request = getattr(RequestFactory(), method)(f"/media/{path}", headers=headers)
    return media.serve(request, path)


def body(response) -> bytes:
    try:
        return b"".join(response.streaming_content)
    finally:
        response.close()


def test_the_debug_media_route_uses_the_ranged_view():
    from lms import urls

    assert urls.serve is media.serve


def test_a_whole_file_is_served_with_range_support_advertised(media_root):
    response = get("videos/clip.mp4")
    assert response.status_code == 200
    assert response["Content-Type"] == "video/mp4"
    assert response["Content-Length"] == "1024"
    assert response["Accept-Ranges"] == "bytes"
    assert "Last-Modified" in response
    assert body(response) == CONTENT


@pytest.mark.parametrize(
    ("header", "start", "end"),
    [
        ("bytes=0-99", 0, 99),
        ("bytes=1000-", 1000, 1023),
        ("bytes=-24", 1000, 1023),
        ("bytes=1000-5000", 1000, 1023),  # clipped to the end
        ("bytes=-5000", 0, 1023),
        ("bytes=512-512", 512, 512),
    ],
)
def test_a_range_gets_206_with_exactly_those_bytes(media_root, header, start, end):
    response = get("videos/clip.mp4", Range=header)
    assert response.status_code == 206
    assert response["Content-Range"] == f"bytes {start}-{end}/1024"
    assert response["Content-Length"] == str(end - start + 1)
    assert response["Content-Type"] == "video/mp4"
    assert response["Accept-Ranges"] == "bytes"
    assert body(response) == CONTENT[start : end + 1]


@pytest.mark.parametrize("header", ["bytes=1024-", "bytes=5000-6000", "bytes=-0"])
def test_an_unsatisfiable_range_gets_416_naming_the_size(media_root, header):
    response = get("videos/clip.mp4", Range=header)
    assert response.status_code == 416
    assert response["Content-Range"] == "bytes */1024"


@pytest.mark.parametrize("header", ["bytes=0-1,5-9", "bytes=9-1", "items=0-9", "bytes=-"])
def test_ranges_it_does_not_handle_get_the_whole_file(media_root, header):
    response = get("videos/clip.mp4", Range=header)
    assert response.status_code == 200
    assert body(response) == CONTENT


def test_a_stale_if_range_gets_the_whole_file(media_root):
    response = get(
        "videos/clip.mp4", Range="bytes=0-9", **{"If-Range": "Wed, 21 Oct 2015 07:28:00 GMT"}
    )
    assert response.status_code == 200
    assert body(response) == CONTENT

    fresh = get("videos/clip.mp4")
    last_modified = fresh["Last-Modified"]
    fresh.close()
    response = get("videos/clip.mp4", Range="bytes=0-9", **{"If-Range": last_modified})
    assert response.status_code == 206


@pytest.mark.parametrize(
    "path",
    [
        "../secret.txt",
        "videos/../../secret.txt",
        "videos/%2e%2e/../secret.txt",
        "/etc/passwd",
        "videos",
        "videos/missing.mp4",
        "videos/clip.mp4\x00.txt",
        "link/secret.txt",
    ],
)
def test_nothing_outside_media_root_or_missing_is_served(media_root, path):
    (media_root / "link").symlink_to(media_root.parent, target_is_directory=True)
    with pytest.raises(Http404):
        get(path)


def test_only_safe_methods_are_allowed(media_root):
    assert get("videos/clip.mp4", method="post").status_code == 405
    head = get("videos/clip.mp4", method="head")
    assert head.status_code == 200
    head.close()
