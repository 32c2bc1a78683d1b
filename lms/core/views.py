from django.http import HttpRequest, HttpResponse
from django.views.decorators.cache import never_cache


@never_cache
def ping(request: HttpRequest) -> HttpResponse:
    """Liveness check for load balancers and process supervisors: no database, no session."""
    return HttpResponse("ok", content_type="text/plain")
