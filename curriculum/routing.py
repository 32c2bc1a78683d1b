"""Pages found from the URL in one query.

Wagtail's routing walks down the tree one level at a time, a query and a ``.specific`` per
level: four levels, some eight queries, to reach a session. Here the page a path leads to is
remembered in the cache under the content version (bumped on every page save, publish,
unpublish and move), the site's root page and the language, so the next request loads that
one page by its primary key. Only plain routes are kept (a page and no extra arguments);
everything after routing (view restrictions, the ``before_serve_page`` hooks, ``serve``) is
Wagtail's own.

The site a request's host names is remembered the same way (a site's save or delete bumps
the content version): Wagtail looks it up in the database on every request, and the page,
its links and the language switch all ask for it.
"""

from __future__ import annotations

import hashlib

from django.apps import apps
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.http.request import split_domain_port
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


SITE_FORMAT = 1


def site_for_request(request: HttpRequest) -> Site | None:
    """``Site.find_for_request``, with the answer kept in the cache under the content version
    and the host and port (None too: no site serves that host). Sets ``request._wagtail_site``,
    where Wagtail's own lookups find it for the rest of the request."""
    if hasattr(request, "_wagtail_site"):
        return request._wagtail_site
    host = split_domain_port(request._get_raw_host())[0]  # as Wagtail reads it
    digest = hashlib.sha256(f"{host}:{request.get_port()}".encode()).hexdigest()[:32]
    key = f"curriculum:site:{SITE_FORMAT}:{api.content_version()}:{digest}"
    found = cache.get(key)
    if isinstance(found, tuple) and len(found) == 1:
        site = found[0]
    else:
        site = Site._find_for_request(request)
        cache.set(key, (site,), timeout=ROUTE_CACHE_SECONDS)
    request._wagtail_site = site
    return site


def serve(request: HttpRequest, path: str) -> HttpResponse:
    """Wagtail's ``serve``, with the site and the route read from the cache when this path
    was routed before under the same content."""
    site = site_for_request(request)
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
