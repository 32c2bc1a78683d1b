"""The content version is read once per request, and a change made during the request (a
page published from the admin) is seen by the rest of it; outside a request nothing is kept."""

from unittest import mock

import pytest
from django.core.cache import cache
from django.core.signals import request_finished, request_started

from curriculum import api

# request_started closes stale database connections, as it does for every request.
pytestmark = pytest.mark.django_db


@pytest.fixture
def cache_reads():
    with mock.patch.object(cache, "get_or_set", wraps=cache.get_or_set) as reads:
        yield reads


def test_inside_a_request_the_version_is_read_once(cache_reads):
    request_started.send(sender=None)
    try:
        first = api.content_version()
        assert api.content_version() == api.content_version() == first
        assert cache_reads.call_count == 1
    finally:
        request_finished.send(sender=None)


def test_a_change_during_the_request_is_seen_by_the_rest_of_it(cache_reads):
    request_started.send(sender=None)
    try:
        before = api.content_version()
        api.content_changed()
        assert api.content_version() != before
    finally:
        request_finished.send(sender=None)


def test_outside_a_request_every_call_asks_the_cache(cache_reads):
    request_started.send(sender=None)
    request_finished.send(sender=None)
    before = api.content_version()
    api.content_version()
    assert cache_reads.call_count == 2
    cache.incr(api.CONTENT_VERSION_KEY)  # another process published a page
    assert api.content_version() == before + 1
