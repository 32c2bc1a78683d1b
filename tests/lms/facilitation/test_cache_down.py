"""Cache down (a Redis cache that was running and is killed): lessons, my path, login,
sign-up and the facilitator's dashboard still answer, sessions survive, limits fail open and
every failed cache operation is logged."""

from __future__ import annotations

import logging

import pytest
from django.core.cache import cache

from curriculum.models import SessionPage
from lms.accounts.models import User
from lms.settings.stores import cache_config
from tests.factories import PASSWORD
from tests.lms.facilitation.helpers import url


@pytest.fixture
def redis_cache(redis_server, settings):
    settings.CACHES = {"default": cache_config(redis_server.url())}
    cache.set("probe", 1)
    assert cache.get("probe") == 1  # the throwaway server really is the cache
    return redis_server


@pytest.mark.django_db
def test_pages_answer_with_the_cache_down(redis_cache, group, members, facilitator, caplog):
    learner = members[0]
    lesson = SessionPage.objects.live().filter(locale__language_code="pt-br").first()
    from django.test import Client

    learner_client, facilitator_client = Client(), Client()
    learner_client.force_login(learner)  # sessions written while the cache was up
    facilitator_client.force_login(facilitator)
    assert learner_client.get(lesson.url).status_code == 200

    redis_cache.stop()
    assert not redis_cache.answers()
    with caplog.at_level(logging.WARNING, logger="lms.cache"):
        assert learner_client.get(lesson.url).status_code == 200
        assert learner_client.get(url("learner:path")).status_code == 200
        dashboard = facilitator_client.get(url("facilitation:group", group.pk))
        assert dashboard.status_code == 200
        assert "Ana" in dashboard.content.decode()

        visitor = Client()
        assert visitor.get(url("account_login")).status_code == 200
        assert visitor.get(url("account_signup")).status_code == 200
        signed_up = visitor.post(
            url("account_signup"),
            {
                "username": "nova",
                "password1": "uma-senha-boa-123",
                "password2": "uma-senha-boa-123",
                "birth_year": "2000",
                "notice_accepted": "on",
                "preferred_language": "pt-br",
            },
        )
        assert signed_up.status_code == 302
        assert User.objects.filter(username="nova").exists()
        assert visitor.get(url("learner:path")).status_code == 200  # the new session holds

        other = Client()
        logged_in = other.post(url("account_login"), {"login": "learner1", "password": PASSWORD})
        assert logged_in.status_code == 302
        assert other.get(url("learner:path")).status_code == 200
    assert "cache unavailable, read as empty" in caplog.text


@pytest.mark.django_db
def test_a_dead_cache_never_logs_anyone_out(redis_cache, members):
    from django.test import Client

    browser = Client()
    browser.force_login(members[0])
    redis_cache.stop()
    response = browser.get(url("learner:path"))
    assert response.status_code == 200
    assert response.wsgi_request.user == members[0]
