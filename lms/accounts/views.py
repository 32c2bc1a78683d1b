"""One way in: the other login URLs send people to allauth's login."""

from django.contrib.auth import REDIRECT_FIELD_NAME
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt


@csrf_exempt  # nothing is read from the body: a POST is answered like a GET
@never_cache
def login_elsewhere(request: HttpRequest) -> HttpResponse:
    """Wagtail's admin login (``/admin/login/``) and front-end login (``/<lang>/_util/login/``)
    check only a password. They redirect to allauth's login, which goes through the login
    guard and asks for the second factor, keeping where the person was going."""
    next_url = request.GET.get(REDIRECT_FIELD_NAME, "")
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect("account_login")
    return redirect_to_login(next_url, login_url="account_login")
