import logging
from functools import cache
from pathlib import Path

from django.http import HttpRequest, HttpResponse, HttpResponseServerError, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.templatetags.static import static
from django.utils.translation import get_language
from django.utils.translation import gettext as _
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


SERVICE_WORKER = Path(__file__).resolve().parent.parent / "static" / "lms" / "sw.js"


@cache
def _service_worker() -> bytes:
    return SERVICE_WORKER.read_bytes()


@require_GET
@cache_control(no_cache=True, max_age=0)
def service_worker(request: HttpRequest) -> HttpResponse:
    """``/sw.js``: the service worker, from the site root so that it may answer for every
    page (a worker's scope is its own folder and below). Always revalidated, so a new version
    reaches phones on their next visit."""
    return HttpResponse(_service_worker(), content_type="text/javascript; charset=utf-8")


@require_GET
@cache_control(public=True, max_age=24 * 3600)
def manifest(request: HttpRequest) -> JsonResponse:
    """The web app manifest in the page's language: installing Rumo from a phone's browser
    puts it on the home screen under its name in that language, opening the learner's path."""
    language = get_language()
    response = JsonResponse(
        {
            # One app whatever the language it was installed in: the same id in every manifest.
            "id": "/",
            "name": _("Rumo: learning for local economies"),
            "short_name": "Rumo",
            "lang": language,
            "start_url": f"/{language}/learn/",
            "scope": "/",
            "display": "standalone",
            "background_color": "#fffdf8",
            "theme_color": "#0b6e4f",
            "icons": [
                *(
                    {
                        "src": static(f"lms/icons/icon-{n}.png"),
                        "sizes": f"{n}x{n}",
                        "type": "image/png",
                        "purpose": "any",
                    }
                    for n in (192, 512)
                ),
                # Full bleed, the compass inside the central circle a phone's mask keeps.
                {
                    "src": static("lms/icons/icon-maskable-512.png"),
                    "sizes": "512x512",
                    "type": "image/png",
                    "purpose": "maskable",
                },
            ],
        },
        json_dumps_params={"ensure_ascii": False},
    )
    response["Content-Type"] = "application/manifest+json"
    return response


@require_GET
def offline(request: HttpRequest) -> HttpResponse:
    """What is on this phone: the page the service worker shows when a page was never kept
    and there is no network. Its list is drawn on the phone (from the worker's caches); it
    holds nothing of any learner itself, so it is kept once for everyone."""
    return render(request, "offline.html")
