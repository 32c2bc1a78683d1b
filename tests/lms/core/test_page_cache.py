"""Visitors' pages are kept whole: the second visitor's request is a cache read, a proxy or
browser may keep the page briefly and revalidate it with a 304, signed-in people never get a
visitor's page (nor visitors theirs), and every content change shows on the next request."""

from __future__ import annotations

import gzip
import logging
import os
import subprocess
import sys
from email.utils import parsedate_to_datetime
from pathlib import Path

import brotli
import pytest
from django.core.cache import cache
from django.test import Client
from wagtail.models import Page, PageViewRestriction
from wagtail_localize.models import Translation, TranslationSource

from curriculum.models import CurriculumPage, SessionPage
from curriculum.seeding import translate_page
from lms.settings.stores import cache_config
from tests.factories import CurriculumPageFactory, ModulePageFactory, block

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[3]


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def visit(url: str, **headers):
    return Client().get(url, headers=headers)


def test_a_visitors_page_is_drawn_once_and_served_from_the_cache(tree):
    for page in (tree["catalogue"], tree["session"]):
        first, second = visit(page.url), visit(page.url)
        assert first.status_code == second.status_code == 200
        assert first["X-Page-Cache"] == "miss" and second["X-Page-Cache"] == "hit"
        assert first.templates and not second.templates
        assert first.content == second.content
        assert first["ETag"] == second["ETag"] and first["ETag"].startswith('"')
        assert first["Last-Modified"] == second["Last-Modified"]
        assert second["Cache-Control"] == "public, max-age=60, stale-while-revalidate=60"
        assert "Cookie" in second["Vary"]
        assert "csrfmiddlewaretoken" not in second.content.decode()
        assert not second.cookies


def test_a_cached_hit_costs_no_query(tree, django_assert_num_queries):
    url = tree["session"].url
    visit(url)
    with django_assert_num_queries(0):
        assert visit(url)["X-Page-Cache"] == "hit"


def test_a_cached_hit_is_one_read_of_the_cache(tree, monkeypatch):
    from lms.core import page_cache

    url = tree["session"].url
    visit(url)
    reads = []
    monkeypatch.setattr(page_cache, "cache", _Recording([], reads))
    assert visit(url)["X-Page-Cache"] == "hit"
    assert len(reads) == 1


def test_a_matching_validator_is_answered_304(tree):
    url = tree["session"].url
    first = visit(url)
    again = visit(url, if_none_match=first["ETag"])
    assert again.status_code == 304 and not again.content
    assert again["ETag"] == first["ETag"] and "public" in again["Cache-Control"]
    since = visit(url, if_modified_since=first["Last-Modified"])
    assert since.status_code == 304
    assert visit(url, if_none_match='"something-else"').status_code == 200


def test_last_modified_is_never_before_the_pages_last_publish(tree):
    page = SessionPage.objects.get(pk=tree["session"].pk)
    response = visit(page.url)
    assert parsedate_to_datetime(response["Last-Modified"]).timestamp() >= int(
        page.last_published_at.timestamp()
    )


def test_signed_in_people_never_get_a_visitors_page_nor_visitors_theirs(tree, learner):
    url = tree["session"].url
    visit(url)
    assert visit(url)["X-Page-Cache"] == "hit"
    mine = signed_in(learner).get(url)
    assert "X-Page-Cache" not in mine and "ETag" not in mine
    assert mine["Cache-Control"] == "private, no-cache"
    html = mine.content.decode()
    assert f'data-user="{learner.pk}"' in html and "csrfmiddlewaretoken" in html
    # and after a learner's request the visitor still gets the visitor's page
    cache.clear()
    signed_in(learner).get(url)
    theirs = visit(url)
    assert theirs["X-Page-Cache"] == "miss"
    assert "data-user" not in theirs.content.decode()


def test_a_visitors_language_switch_needs_no_csrf_token(tree, learner):
    html = visit(tree["session"].url).content.decode()
    assert 'method="get" action="/pt-br/learn/language/"' in html
    response = Client().get("/pt-br/learn/language/", {"language": "es", "next": "/es/"})
    assert response.status_code == 302 and response["Location"] == "/es/"
    assert response.cookies["django_language"].value == "es"
    assert "no-cache" in response["Cache-Control"]
    # a signed-in learner's GET changes the cookie only; the account changes by POST
    client = signed_in(learner)
    client.get("/pt-br/learn/language/", {"language": "es"})
    learner.refresh_from_db()
    assert learner.preferred_language == "pt-br"


def test_a_query_string_or_a_waiting_message_is_drawn_for_the_request(tree, learner):
    url = tree["catalogue"].url
    visit(url)
    assert "X-Page-Cache" not in visit(f"{url}?q=1")
    client = signed_in(learner)
    client.post("/pt-br/accounts/logout/")  # leaves "You have signed out." for the next page
    with_message = client.get(url)
    assert "X-Page-Cache" not in with_message
    assert 'class="messages"' in with_message.content.decode()
    assert client.get(url)["X-Page-Cache"] == "hit"


def test_compressed_bodies_are_kept_too(tree):
    url = tree["catalogue"].url
    plain = visit(url)
    codings = (
        ("br", "gzip, br, zstd", brotli.decompress),
        ("gzip", "gzip, deflate", gzip.decompress),
    )
    for coding, accept, decompress in codings:
        response = visit(url, accept_encoding=accept)
        assert response["Content-Encoding"] == coding
        assert decompress(response.content) == plain.content
        assert response["ETag"] == f"W/{plain['ETag']}"
        assert "Accept-Encoding" in response["Vary"]
        revalidated = visit(url, accept_encoding=coding, if_none_match=response["ETag"])
        assert revalidated.status_code == 304
    # Zstandard without Brotli: the plain body, compressed by the middleware as before
    assert visit(url, accept_encoding="zstd, gzip")["Content-Encoding"] == "zstd"


def test_head_is_served_from_the_cache(tree):
    url = tree["catalogue"].url
    visit(url)
    response = Client().head(url)
    assert response.status_code == 200 and response["X-Page-Cache"] == "hit"


def test_publishing_a_change_shows_on_the_next_request(tree):
    session = tree["session"]
    visit(session.url)
    session.body = [*session.body.raw_data, block("text", "Uma parte nova.")]
    session.save_revision().publish()
    response = visit(session.url)
    assert "Uma parte nova." in response.content.decode()
    # a new curriculum shows on the home page at once
    home = tree["catalogue"].url
    visit(home)
    CurriculumPageFactory(
        parent=tree["catalogue"], title="Curso recém-publicado"
    ).save_revision().publish()
    assert "Curso recém-publicado" in visit(home).content.decode()


def test_unpublishing_or_deleting_answers_404_on_the_next_request(tree):
    url = tree["session"].url
    assert visit(url).status_code == 200
    tree["session"].unpublish()
    assert visit(url).status_code == 404
    url = tree["module"].url
    assert visit(url).status_code == 200
    Page.objects.get(pk=tree["module"].pk).delete()
    assert visit(url).status_code == 404


def test_moving_a_page_shows_its_new_place(tree, catalogue):
    session = tree["session"]
    old_url = session.url
    visit(old_url)
    other = ModulePageFactory(parent=CurriculumPageFactory(parent=catalogue), title="Outro módulo")
    other.save_revision().publish()
    session.move(other, pos="last-child")
    moved = SessionPage.objects.get(pk=session.pk)
    old = visit(old_url)
    assert old.status_code == 404 or old["Location"] == moved.url
    assert "Outro módulo" in visit(moved.url).content.decode()


def test_a_translation_sync_shows_on_the_next_request(tree, catalogue, es_locale):
    home = catalogue.get_translation(es_locale)
    home.save_revision().publish()
    pages = [
        translate_page(parent, {parent.title: f"{parent.title} ES"}, es_locale)[0]
        for parent in (tree["curriculum"], tree["module"], tree["session"])
    ]
    for page in pages:
        Page.objects.get(pk=page.pk).specific.save_revision().publish()
    translated = SessionPage.objects.get(pk=pages[-1].pk)
    before = visit(translated.url)
    assert before.status_code == 200 and "Texto novo" not in before.content.decode()
    assert visit(translated.url)["X-Page-Cache"] == "hit"
    source_page = tree["session"]
    source_page.body = [*source_page.body.raw_data, block("text", "Texto novo")]
    source_page.save_revision().publish()
    source = TranslationSource.update_or_create_from_instance(source_page)[0]
    Translation.objects.get(source=source, target_locale=es_locale).save_target(publish=True)
    assert "Texto novo" in visit(translated.url).content.decode()


def test_a_restricted_page_is_never_kept(tree):
    url = tree["session"].url
    assert visit(url)["X-Page-Cache"] == "miss"
    PageViewRestriction.objects.create(page=tree["module"], restriction_type="login")
    response = visit(url)
    assert response.status_code == 302 and "login" in response["Location"]
    restriction = PageViewRestriction.objects.get(page=tree["module"])
    restriction.restriction_type = PageViewRestriction.PASSWORD
    restriction.password = "segredo"
    restriction.save()
    client = Client()
    form = client.get(url)
    assert "X-Page-Cache" not in form
    action = f"/_util/authenticate_with_password/{restriction.pk}/{tree['session'].pk}/"
    client.post(action, {"password": "segredo", "return_url": url})
    opened = client.get(url)
    assert opened.status_code == 200 and "X-Page-Cache" not in opened
    assert "X-Page-Cache" not in visit(url)  # another visitor gets the password form


def test_pages_are_served_with_the_cache_down(redis_server, settings, tree, caplog):
    settings.CACHES = {"default": cache_config(redis_server.url())}
    url = tree["session"].url
    visit(url)
    assert visit(url)["X-Page-Cache"] == "hit"
    redis_server.stop()
    with caplog.at_level(logging.WARNING, logger="lms.cache"):
        response = visit(url)
        assert response.status_code == 200 and response["X-Page-Cache"] == "miss"
        assert tree["session"].title in response.content.decode()
        assert visit(tree["catalogue"].url).status_code == 200
    assert "cache unavailable" in caplog.text


def test_curricula_listed_for_visitors_are_the_live_ones(tree):
    hidden = CurriculumPage.objects.get(pk=tree["curriculum"].pk)
    home = tree["catalogue"].url
    assert hidden.title in visit(home).content.decode()
    hidden.unpublish()
    assert hidden.title not in visit(home).content.decode()


def test_a_purging_proxy_is_told_of_publishes_when_configured():
    """``RUMO_FRONTEND_CACHE_PURGE_URL`` turns on Wagtail's frontend cache purge (PURGE
    requests to the proxy on publish and unpublish); without it nothing is purged."""
    probe = (
        "import django; django.setup(); from django.conf import settings as s; "
        "from wagtail.signals import page_published; "
        "print('wagtail.contrib.frontend_cache' in s.INSTALLED_APPS, "
        "getattr(s, 'WAGTAILFRONTENDCACHE', {}).get('proxy', {}).get('LOCATION'), "
        "any('frontend_cache' in getattr(r[1](), '__module__', '') "
        "for r in page_published.receivers))"
    )

    def run(**env: str) -> str:
        clean = {k: v for k, v in os.environ.items() if k != "RUMO_FRONTEND_CACHE_PURGE_URL"}
        clean.update(DJANGO_SETTINGS_MODULE="lms.settings.test", **env)
        result = subprocess.run(
            [sys.executable, "-c", probe], cwd=ROOT, env=clean, capture_output=True, text=True
        )
        assert result.returncode == 0, result.stderr
        return result.stdout.strip()

    assert run(RUMO_FRONTEND_CACHE_PURGE_URL="http://127.0.0.1:6081") == (
        "True http://127.0.0.1:6081 True"
    )
    assert run() == "False None False"


def test_local_memory_copies_expire_within_ten_minutes(tree, monkeypatch, settings):
    """The embedded cache is one per process: the worker's changes cannot reach it. Redis
    is shared, so its copies last until the content changes (or a day)."""
    from lms.core import page_cache

    timeouts = []
    monkeypatch.setattr(page_cache, "cache", _Recording(timeouts))
    visit(tree["catalogue"].url)
    local = "locmem" in settings.CACHES["default"]["BACKEND"]
    expected = page_cache.LOCAL_PAGE_CACHE_SECONDS if local else page_cache.PAGE_CACHE_SECONDS
    assert timeouts == [expected]


class _Recording:
    def __init__(self, timeouts: list, reads: list | None = None) -> None:
        self.timeouts = timeouts
        self.reads = [] if reads is None else reads

    def get_many(self, keys):
        self.reads.append(keys)
        return cache.get_many(keys)

    def get_or_set(self, *args, **kwargs):
        return cache.get_or_set(*args, **kwargs)

    def set(self, key, value, timeout=None):
        self.timeouts.append(timeout)
