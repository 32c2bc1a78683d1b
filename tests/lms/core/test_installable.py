"""Installable from a phone's browser: what Chromium (and Lighthouse's installability audit)
asks of the served manifest and service worker, read from the responses as a browser reads
them: name and short name, an id, a start_url inside the scope, a standalone display, theme
and background colours, PNG icons of 192 and 512 px that exist at the size they claim, one
of them maskable; a worker at the site root (its scope covers start_url) whose fetch handler
answers navigations, falling back to a page it keeps when there is no network."""

from __future__ import annotations

import re
from io import BytesIO
from urllib.parse import urljoin, urlparse

import pytest
from django.contrib.staticfiles import finders
from PIL import Image

pytestmark = pytest.mark.django_db

LANGUAGES = ["pt-br", "es"]
COLOUR = re.compile(r"#[0-9a-fA-F]{6}")


def served_manifest(client, language: str) -> tuple[str, dict]:
    html = client.get(f"/{language}/offline/").content.decode()
    href = re.search(r'<link rel="manifest" href="([^"]+)"', html).group(1)
    response = client.get(href)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/manifest+json"
    return urljoin("http://testserver/", href), response.json()


def service_worker(client) -> str:
    response = client.get("/sw.js")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return body.decode()


def icon_image(src: str) -> Image.Image:
    """The icon file the manifest names, as collectstatic would serve it."""
    path = urlparse(src).path
    assert path.startswith("/static/")
    found = finders.find(path.removeprefix("/static/"))
    assert found, f"{src} is not a static file"
    with open(found, "rb") as file:
        return Image.open(BytesIO(file.read()))


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_served_manifest_meets_the_installability_requirements(client, language):
    manifest_url, manifest = served_manifest(client, language)
    assert manifest["name"].strip() and manifest["short_name"].strip()
    assert len(manifest["short_name"]) <= 12  # not cut under the icon
    assert manifest["display"] in {"standalone", "fullscreen", "minimal-ui"}
    assert manifest["display"] == "standalone"
    assert COLOUR.fullmatch(manifest["theme_color"])
    assert COLOUR.fullmatch(manifest["background_color"])
    # start_url and id resolve against the manifest's address; one app in every language.
    start = urljoin(manifest_url, manifest["start_url"])
    scope = urljoin(manifest_url, manifest["scope"])
    assert urljoin(manifest_url, manifest["id"]) == "http://testserver/"
    assert urlparse(start).netloc == "testserver" and start.startswith(scope)
    assert urlparse(start).path == f"/{language}/learn/"

    sizes = {}
    for icon in manifest["icons"]:
        image = icon_image(icon["src"])
        width, height = (int(n) for n in icon["sizes"].split("x"))
        assert image.format == "PNG" and icon["type"] == "image/png"
        assert image.size == (width, height), icon
        for purpose in icon.get("purpose", "any").split():
            sizes.setdefault(purpose, set()).add(width)
    assert {192, 512} <= sizes["any"]
    assert 512 in sizes["maskable"]


def test_the_maskable_icon_keeps_its_drawing_inside_the_safe_zone(client):
    """A phone crops a maskable icon to any shape that contains the central circle of 40 %
    of its width: everything but the background lies inside it, and the edges are the
    background (no transparent or white corners)."""
    _url, manifest = served_manifest(client, "pt-br")
    src = next(i["src"] for i in manifest["icons"] if i.get("purpose") == "maskable")
    image = icon_image(src).convert("RGB")
    size = image.width
    background = image.getpixel((0, 0))
    centre, safe = size / 2, 0.4 * size
    for x in range(0, size, 4):
        for y in range(0, size, 4):
            if (x - centre) ** 2 + (y - centre) ** 2 > safe**2:
                assert (
                    max(abs(a - b) for a, b in zip(image.getpixel((x, y)), background, strict=True))
                    < 24
                )


def test_the_worker_controls_start_url_and_answers_navigations_offline(client):
    worker = service_worker(client)
    # Served from the root, so its default scope ("/") holds every language's start_url.
    assert client.get("/sw.js").request["PATH_INFO"] == "/sw.js"
    # A fetch handler that answers navigations, with the offline page kept at install.
    assert re.search(r'addEventListener\("fetch"', worker)
    navigate = r'request\.mode === "navigate"\)\s*\{\s*event\.respondWith\(page\(event\)\)'
    assert re.search(navigate, worker)
    assert re.search(r"cache\.addAll\(OFFLINE_PAGES\)", worker)
    for language in LANGUAGES:
        assert f'"/{language}/offline/"' in worker
        # The page kept for offline answers 200 (the worker's fallback for start_url).
        assert client.get(f"/{language}/offline/").status_code == 200
    # Pages register the worker, from the root.
    with open(finders.find("lms/queue.js")) as script:
        assert 'register("/sw.js")' in script.read()
