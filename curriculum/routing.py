"""Pages found from the URL in one query.

Wagtail's routing walks down the tree one level at a time, a query and a ``.specific`` per
level: four levels, some eight queries, to reach a session. Here the page a path leads to is
remembered in the cache under the content version (bumped on every page save, publish,
unpublish and move), the site's root page and the language, so the next request loads that
one page by its primary key. Only plain routes are kept (a page and no extra arguments);
everything after routing (view restrictions, the ``before_serve_page`` hooks, ``serve``) is
Wagtail's own.
"""

from __future__ import annotations

import hashlib

from django.apps import apps
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.utils.translation import get_language
from wagtail import views as wagtail_views
from wagtail.models import Site
from wagtail.url_routing import RouteResult

from . import api

ROUTE_FORMAT = 1
ROUTE_CACHE_SECONDS = 24 * 3600


def _key(site: Site, path: str) -> str:
    digest = hashlib.sha256(path.encode()).hexdigest()[:32]
    return (
        f"curriculum:route:{ROUTE_FORMAT}:{api.content_version()}:{site.pk}:"
        f"{site.root_page_id}:{get_language()}:{digest}"
    )


def _remembered(key: str) -> RouteResult | None:
    found = cache.get(key)
    if not isinstance(found, tuple) or len(found) != 2:
        return None
    label, pk = found
    try:
        model = apps.get_model(label)
    except (LookupError, ValueError):
        return None
    page = model.objects.select_related("locale").filter(pk=pk, live=True).first()
    return RouteResult(page) if page is not None else None


def serve(request: HttpRequest, path: str) -> HttpResponse:
    """Wagtail's ``serve``, with the route read from the cache when this path was routed
    before under the same content."""
    site = Site.find_for_request(request)
    key = _key(site, path) if site is not None else None
    remembered = _remembered(key) if key else None
    if remembered is not None:
        request._wagtail_route_for_request = remembered
    response = wagtail_views.serve(request, path)
    routed = getattr(request, "_wagtail_route_for_request", None)
    if remembered is None and key and routed is not None and not routed.args and not routed.kwargs:
        page = routed.page
        if page.live:
            cache.set(key, (page._meta.label, page.pk), timeout=ROUTE_CACHE_SECONDS)
    return response
