"""Routes are remembered per content version: the second request loads only the page, and
deleting, unpublishing or restricting a page is honoured on the next request."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction

pytestmark = pytest.mark.django_db


def page_queries(client, url: str) -> tuple[int, list[str]]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    return response.status_code, [q["sql"] for q in queries if '"wagtailcore_page"' in q["sql"]]


def test_a_remembered_route_loads_one_page(client, tree, settings):
    # Past the visitors' whole-page cache (lms.core.page_cache), which would answer the
    # second request with no query at all.
    settings.RUMO_PAGE_CACHE = False
    url = tree["session"].url
    status, first = page_queries(client, url)
    status_again, second = page_queries(client, url)
    assert status == status_again == 200
    assert len(second) < len(first)
    # The site (with its root page) and the page itself; Wagtail's own routing read two rows
    # per level of the tree instead of the page itself. (Until the view-restriction check and
    # the language switch's link were remembered, also the page's ancestors and its
    # translation: four.)
    assert len(second) == 2


def test_a_deleted_page_is_not_served_from_a_remembered_route(client, tree):
    url = tree["session"].url
    assert client.get(url).status_code == 200
    tree["session"].delete()
    assert client.get(url).status_code == 404


def test_a_view_restriction_still_applies(client, tree):
    url = tree["session"].url
    assert client.get(url).status_code == 200
    PageViewRestriction.objects.create(page=tree["module"], restriction_type="login")
    response = client.get(url)
    assert response.status_code == 302 and "login" in response["Location"]
