"""Whole pages for visitors, rendered once and served many times: by Rumo's own cache, by a
proxy in front of it and by the browser.

A Wagtail page that a visitor (not signed in, no messages waiting) gets with a plain ``GET``
(no query string) is kept whole in the cache under the code that drew it (``build_stamp``),
the host, the language and the path, with the content version it was drawn under (bumped on
every page save, delete, publish, unpublish, move, translation sync, view restriction and
site change, and on media changes: ``curriculum.signals``); it is served only while that is
still the version. The next visitor's request costs one round trip to the cache (version and
page together): no query, no template. The answer says ``Cache-Control: public`` with a
short ``max-age`` (a publish shows on the next request to Rumo; a browser or proxy may keep
its copy that long) and validators, an ``ETag`` of the body and a ``Last-Modified`` (when
this body was first drawn, never earlier than the page's last publish), so a revalidation
is answered ``304`` from the cache.
``Vary: Cookie``: a signed-in person's page at the same address is never a visitor's.

A page is kept only when its drawing depended on nothing of the visitor: answered 200 as
``text/html``, not restricted (login, password or groups), no CSRF token asked for (which
would set a cookie; visitors' forms on pages are ``GET`` forms), no cookie or session
written, no messages shown, and no ``Cache-Control`` of its own. Everything else (signed-in
people, pages with a query string) is served as before and marked ``private, no-cache``.
The body is also kept compressed (Brotli and gzip) so that a hit does not compress again.
With the cache down every read is a miss and every write is dropped: pages are drawn per
request as before.
"""

from __future__ import annotations

import gzip
import hashlib
import os
import time
from dataclasses import dataclass, field
from functools import cache as memoize
from pathlib import Path

import brotli
from django.conf import settings
from django.contrib.messages import get_messages
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.http import http_date
from django.utils.translation import get_language
from django_http_compression.middleware import best_coding
from wagtail.models import Page

from curriculum import api as curriculum_api
from curriculum import routing

# Part of the key: entries pickled by code with other fields are never read back.
PAGE_FORMAT = 2
# Redis keeps an entry this long at most; a content change makes it unreachable sooner.
PAGE_CACHE_SECONDS = 24 * 3600
# The embedded local-memory cache is one per process: a change made by the worker (a video
# converted, a scheduled publish) bumps the worker's version only, so the web process's
# copies must expire soon (as curriculum outlines do).
LOCAL_PAGE_CACHE_SECONDS = 600
# How long the first drawing of a body is remembered, for Last-Modified.
SINCE_SECONDS = 30 * 24 * 3600
BROTLI_QUALITY = 4  # as the compression middleware: the bytes a hit sends are the same


@dataclass(frozen=True)
class CachedPage:
    version: int  # the content version it was drawn under: any other is a miss
    body: bytes
    content_type: str
    etag: str  # quoted, strong: a digest of the body
    last_modified: float
    encoded: dict[str, bytes] = field(default_factory=dict)  # "br", "gzip"


@memoize
def build_stamp() -> str:
    """What the code that draws pages looks like, read once per process: the modification
    times and sizes of the templates, Python modules, compiled catalogues and the static
    files' manifest. A deploy that changes any of them reads none of the pages kept before
    (their stylesheet addresses, texts and layout may be gone)."""
    digest = hashlib.sha256()
    base = Path(settings.BASE_DIR)
    roots = [base / "lms", base / "curriculum", *map(Path, settings.LOCALE_PATHS)]
    if settings.STATIC_ROOT:
        roots.append(Path(settings.STATIC_ROOT) / "staticfiles.json")
    for root in roots:
        if root.is_file():
            stat = root.stat()
            digest.update(f"{root}:{stat.st_mtime_ns}:{stat.st_size}".encode())
            continue
        for folder, dirs, files in os.walk(root):
            dirs[:] = sorted(d for d in dirs if d not in ("static", "__pycache__", "migrations"))
            for name in sorted(files):
                if name.endswith((".py", ".html", ".mo")):
                    stat = os.stat(os.path.join(folder, name))
                    digest.update(f"{folder}/{name}:{stat.st_mtime_ns}:{stat.st_size}".encode())
    return digest.hexdigest()[:12]


def _address(request: HttpRequest, path: str) -> str:
    digest = hashlib.sha256(f"{request.get_host()}/{path}".encode()).hexdigest()[:32]
    return f"{get_language()}:{digest}"


def _key(address: str) -> str:
    # Not under the content version, which the entry holds instead: the version and the page
    # are then read in one round trip to the cache, and a changed page overwrites its entry.
    return f"page:{PAGE_FORMAT}:{build_stamp()}:{address}"


def _read(key: str) -> tuple[int, CachedPage | None]:
    """The content version and the page kept under ``key`` if drawn under that version."""
    found = cache.get_many([curriculum_api.CONTENT_VERSION_KEY, key])
    version = found.get(curriculum_api.CONTENT_VERSION_KEY)
    if version is None:
        return curriculum_api.content_version(), None
    kept = found.get(key)
    return version, kept if isinstance(kept, CachedPage) and kept.version == version else None


def _visitor(request: HttpRequest) -> bool:
    """Not signed in, and no message waiting to be shown (reading them here does not use
    them up). Without a session cookie this touches neither the database nor the cache."""
    return not request.user.is_authenticated and not len(get_messages(request))


def serve(request: HttpRequest, path: str) -> HttpResponseBase:
    """Wagtail's page serving (with remembered routes) behind the visitors' page cache."""
    if (
        not settings.RUMO_PAGE_CACHE
        or request.method not in ("GET", "HEAD")
        or request.GET
        or not _visitor(request)
    ):
        return _private(routing.serve(request, path))
    address = _address(request, path)
    key = _key(address)
    version, kept = _read(key)
    if kept is not None:
        return _answer(request, kept, hit=True)
    response = routing.serve(request, path)
    if callable(getattr(response, "render", None)):
        response.render()  # now, so that what drawing it asked for (a CSRF token) is known
    if request.method != "GET" or not _storable(request, response):
        return _private(response)
    kept = _keep(request, address, response, version=version)
    local = "locmem" in settings.CACHES["default"]["BACKEND"]
    cache.set(key, kept, timeout=LOCAL_PAGE_CACHE_SECONDS if local else PAGE_CACHE_SECONDS)
    return _answer(request, kept, hit=False)


def _private(response: HttpResponseBase) -> HttpResponseBase:
    if not response.has_header("Cache-Control"):
        patch_cache_control(response, private=True, no_cache=True)
    return response


def _storable(request: HttpRequest, response: HttpResponseBase) -> bool:
    if (
        response.status_code != 200
        or response.streaming
        or response.has_header("Cache-Control")
        or response.cookies
        or not response.get("Content-Type", "").startswith("text/html")
    ):
        return False
    if request.META.get("CSRF_COOKIE_NEEDS_UPDATE") or getattr(request, "session", None) is None:
        return False
    if request.session.modified or getattr(getattr(request, "_messages", None), "used", False):
        return False
    if b"csrfmiddlewaretoken" in response.content:
        return False
    route = getattr(request, "_wagtail_route_for_request", None)
    page = getattr(route, "page", None)
    return isinstance(page, Page) and not page.get_view_restrictions().exists()


def _keep(
    request: HttpRequest, address: str, response: HttpResponse, *, version: int
) -> CachedPage:
    body = response.content
    etag = f'"{hashlib.sha256(body).hexdigest()[:32]}"'
    page = request._wagtail_route_for_request.page
    published = page.last_published_at.timestamp() if page.last_published_at else 0.0
    since = f"page:since:{address}:{etag}"
    first_drawn = cache.get_or_set(since, time.time, timeout=SINCE_SECONDS) or time.time()
    return CachedPage(
        version=version,
        body=body,
        content_type=response["Content-Type"],
        etag=etag,
        last_modified=max(first_drawn, published),
        encoded={
            "br": brotli.compress(body, quality=BROTLI_QUALITY),
            "gzip": gzip.compress(body, compresslevel=6, mtime=0),
        },
    )


def _coding(request: HttpRequest) -> str:
    """Brotli when the browser takes it, else gzip, as ``CompressionMiddleware`` chooses
    (a browser that takes only Zstandard gets the plain body, compressed by it)."""
    accept = request.headers.get("accept-encoding", "")
    codings = {part.split(";", 1)[0].strip().lower() for part in accept.split(",")}
    if "br" in codings:
        return best_coding(",".join(p for p in accept.split(",") if "zstd" not in p))
    return best_coding(accept)


def _answer(request: HttpRequest, kept: CachedPage, *, hit: bool) -> HttpResponseBase:
    coding = _coding(request)
    body = kept.encoded.get(coding)
    response = HttpResponse(body if body is not None else kept.body, content_type=kept.content_type)
    response["ETag"] = kept.etag if body is None else f"W/{kept.etag}"
    if body is not None:
        response["Content-Encoding"] = coding
    response["Last-Modified"] = http_date(kept.last_modified)
    response["X-Page-Cache"] = "hit" if hit else "miss"
    response["Cache-Control"] = (
        f"public, max-age={settings.RUMO_PAGE_MAX_AGE}, "
        f"stale-while-revalidate={settings.RUMO_PAGE_STALE_WHILE_REVALIDATE}"
    )
    patch_vary_headers(response, ("Cookie", "Accept-Encoding"))
    return get_conditional_response(
        request, etag=response["ETag"], last_modified=int(kept.last_modified), response=response
    )
