from functools import cache
from pathlib import Path

from django.http import HttpRequest, HttpResponse
from django.views.decorators.cache import cache_control, never_cache
from django.views.decorators.http import require_GET

FAVICON = Path(__file__).resolve().parent.parent / "static" / "lms" / "icons" / "favicon.ico"


@never_cache
def ping(request: HttpRequest) -> HttpResponse:
    """Liveness check for load balancers and process supervisors: no database, no session."""
    return HttpResponse("ok", content_type="text/plain")


@cache
def _favicon() -> bytes:
    return FAVICON.read_bytes()


@require_GET
@cache_control(public=True, max_age=7 * 24 * 3600)
def favicon(request: HttpRequest) -> HttpResponse:
    """``/favicon.ico``, asked for by browsers and apps that do not read the page's icon
    links: the bytes themselves rather than a redirect, one round trip on slow networks."""
    return HttpResponse(_favicon(), content_type="image/vnd.microsoft.icon")
