import logging
from functools import cache
from pathlib import Path

from django.http import HttpRequest, HttpResponse, HttpResponseServerError, JsonResponse
from django.template import loader
from django.views.decorators.cache import cache_control, never_cache
from django.views.decorators.csrf import requires_csrf_token
from django.views.decorators.http import require_GET

from lms.core.health import OK, readiness_check

logger = logging.getLogger(__name__)

FAVICON = Path(__file__).resolve().parent.parent / "static" / "lms" / "icons" / "favicon.ico"

# When even the site's layout cannot be drawn (the database is down, a template is broken),
# this page needs nothing at all; it says the same in both languages.
PLAIN_SERVER_ERROR = (
    '<!doctype html><html lang="pt-br"><head><meta charset="utf-8">'
    '<meta name="viewport" content="width=device-width, initial-scale=1"><title>Rumo</title>'
    "</head><body><h1>Rumo</h1>"
    "<p>Algo deu errado do nosso lado. Tente novamente em alguns minutos.</p>"
    '<p lang="es">Algo salió mal de nuestro lado. Inténtalo de nuevo en unos minutos.</p>'
    '<p><a href="/">Rumo</a></p></body></html>'
)


@never_cache
def ping(request: HttpRequest) -> HttpResponse:
    """Liveness check for load balancers and process supervisors: no database, no session.
    Kept for existing monitors; ``/health/live`` is the same, ``/health/ready`` checks more."""
    return HttpResponse("ok", content_type="text/plain")


@never_cache
@require_GET
def health_live(request: HttpRequest) -> JsonResponse:
    """The process answers: restart it when this fails. No dependency is touched."""
    return JsonResponse({"status": OK})


@never_cache
@require_GET
def health_ready(request: HttpRequest) -> JsonResponse:
    """Database, cache, broker and disk, each ``ok`` or ``fail``; 503 when any fails, so a
    load balancer sends no traffic here meanwhile. Anonymous, so it names no host or error."""
    checks = readiness_check()
    healthy = all(result == OK for result in checks.values())
    return JsonResponse(
        {"status": OK if healthy else "fail", "checks": checks}, status=200 if healthy else 503
    )


@cache
def _favicon() -> bytes:
    return FAVICON.read_bytes()


@require_GET
@cache_control(public=True, max_age=7 * 24 * 3600)
def favicon(request: HttpRequest) -> HttpResponse:
    """``/favicon.ico``, asked for by browsers and apps that do not read the page's icon
    links: the bytes themselves rather than a redirect, one round trip on slow networks."""
    return HttpResponse(_favicon(), content_type="image/vnd.microsoft.icon")


@requires_csrf_token
def server_error(request: HttpRequest) -> HttpResponse:
    """The 500 page in the site's layout and the page's language; a plain page when the
    layout itself fails (it reads the session and the user, so it needs the database)."""
    try:
        body = loader.get_template("500.html").render(request=request)
    except Exception:
        logger.exception("the 500 page could not be drawn; sent the plain one")
        body = PLAIN_SERVER_ERROR
    return HttpResponseServerError(body)
