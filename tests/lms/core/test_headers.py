"""Every response leaves compressed where that helps and with its security headers: a strict
Content-Security-Policy on Rumo's own pages, a looser one for Wagtail's admin, a
Permissions-Policy and a Referrer-Policy."""

from __future__ import annotations

import gzip
import re

import brotli
import pytest
from django.http import FileResponse, HttpResponse, JsonResponse
from django.test import RequestFactory

from lms.core.middleware import CompressionMiddleware

CHROME = "gzip, deflate, br, zstd"
PAGE = b"<!doctype html><title>Rumo</title>" + b"<p>Aprender juntos.</p>" * 200


def compressed(response, accept: str):
    request = RequestFactory().get("/", HTTP_ACCEPT_ENCODING=accept)
    return CompressionMiddleware(lambda _request: response)(request)


def test_pages_go_out_in_brotli_to_current_browsers_and_gzip_to_the_rest():
    for accept, coding, decode in (
        (CHROME, "br", brotli.decompress),
        ("gzip, deflate", "gzip", gzip.decompress),
        ("zstd, gzip;q=0.5", "zstd", None),  # no Brotli: the library's own choice stands
    ):
        response = compressed(HttpResponse(PAGE), accept)
        assert response["Content-Encoding"] == coding, accept
        assert "accept-encoding" in response["Vary"].lower()
        if decode:
            assert decode(response.content) == PAGE
            assert len(response.content) < len(PAGE) / 10


def test_nothing_is_compressed_for_a_client_that_does_not_ask():
    response = compressed(HttpResponse(PAGE), "")
    assert not response.has_header("Content-Encoding") and response.content == PAGE


def test_json_is_compressed_too():
    data = {"sessions": [{"number": n, "status": "done"} for n in range(30)]}
    response = compressed(JsonResponse(data), CHROME)
    assert response["Content-Encoding"] == "br"
    assert brotli.decompress(response.content).startswith(b'{"sessions"')


def test_video_and_byte_ranges_are_left_alone(tmp_path):
    video = tmp_path / "clip.mp4"
    video.write_bytes(b"\0" * 5000)
    response = compressed(FileResponse(video.open("rb"), content_type="video/mp4"), CHROME)
    assert not response.has_header("Content-Encoding")
    partial = HttpResponse(PAGE[:1000], status=206, content_type="text/vtt")
    partial["Content-Range"] = f"bytes 0-999/{len(PAGE)}"
    assert not compressed(partial, CHROME).has_header("Content-Encoding")


def test_compressed_pages_vary_in_length_against_breach():
    lengths = {len(compressed(HttpResponse(PAGE), CHROME).headers["X-Noise"]) for _n in range(20)}
    assert len(lengths) > 1


@pytest.mark.django_db
def test_csrf_tokens_differ_on_every_page_so_compression_cannot_reveal_them(client, learner):
    client.force_login(learner)
    token = re.compile(rb'name="csrfmiddlewaretoken" value="([^"]+)"')
    first, second = (token.findall(client.get("/pt-br/learn/life-plan/").content) for _ in "ab")
    assert first and second and first[0] != second[0]


@pytest.mark.django_db
def test_rumo_pages_get_the_strict_policy_and_the_admin_its_own(client, session, learner):
    client.force_login(learner)
    page = client.get(session.url)
    assert page.status_code == 200
    policy = dict(
        d.strip().split(" ", 1) for d in page["Content-Security-Policy"].split(";") if d.strip()
    )
    assert policy["default-src"] == "'self'"
    assert policy["script-src"] == "'self'" and policy["style-src"] == "'self'"
    assert policy["object-src"] == "'none'" and policy["base-uri"] == "'none'"
    assert policy["frame-ancestors"] == "'self'" and policy["form-action"] == "'self'"
    assert "unsafe" not in page["Content-Security-Policy"]
    assert page["Referrer-Policy"] == "same-origin"
    permissions = page["Permissions-Policy"]
    for feature in ("camera", "microphone", "geolocation", "payment", "usb"):
        assert f"{feature}=()" in permissions
    assert "fullscreen=(self)" in permissions

    admin = client.get("/admin/login/")
    assert admin.status_code in (200, 302)
    assert admin["Content-Security-Policy"] != page["Content-Security-Policy"]
    assert "script-src 'self' 'unsafe-inline'" in admin["Content-Security-Policy"]
    assert "object-src 'none'" in admin["Content-Security-Policy"]
    assert admin["Permissions-Policy"] == permissions
