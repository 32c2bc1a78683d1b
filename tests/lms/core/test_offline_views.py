"""Installable: the service worker from the site root, the manifest in the page's language,
and the offline page the worker falls back to."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


def test_service_worker_is_served_from_the_root_and_always_revalidated(client):
    response = client.get("/sw.js")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    assert "no-cache" in response["Cache-Control"]
    body = b"".join(response.streaming_content) if response.streaming else response.content
    assert b'addEventListener("fetch"' in body
    assert b"/pt-br/offline/" in body and b"/es/offline/" in body


@pytest.mark.parametrize(
    ("language", "name"),
    [
        ("pt-br", "Rumo: aprender para a economia local"),
        ("es", "Rumo: aprender para la economía local"),
    ],
)
def test_manifest_speaks_the_page_language(client, language, name):
    response = client.get(f"/{language}/manifest.webmanifest")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/manifest+json"
    data = response.json()
    assert data["name"] == name and data["lang"] == language
    assert data["start_url"] == f"/{language}/learn/" and data["display"] == "standalone"
    assert {icon["sizes"] for icon in data["icons"]} == {"192x192", "512x512"}


@pytest.mark.parametrize(
    ("language", "title"), [("pt-br", "Neste celular"), ("es", "En este teléfono")]
)
def test_offline_page_is_translated_and_holds_nothing_personal(client, learner, language, title):
    client.force_login(learner)
    html = client.get(f"/{language}/offline/").content.decode()
    assert f"<h1>{title}</h1>" in html
    assert "data-kept-pages" in html


def test_pages_link_the_translated_manifest(client):
    html = client.get("/es/offline/").content.decode()
    assert 'rel="manifest" href="/es/manifest.webmanifest"' in html
