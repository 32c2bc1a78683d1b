"""Account views of Rumo's own: choosing one's own password after a facilitator set one, and
the one way in (the other login URLs send people to allauth's login)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import REDIRECT_FIELD_NAME, update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods

from .adapter import AccountAdapter
from .forms import RequiredPasswordChangeForm
from .services import user_password_choose


@sensitive_post_parameters("password1", "password2")
@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def password_required(request: HttpRequest) -> HttpResponse:
    """Choose your own password in place of the one your facilitator gave you. Every other
    page leads here until that is done (``PasswordChangeRequiredMiddleware``)."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    # A path on this site only: ``redirect`` takes any other word for a URL name to reverse.
    if not target.startswith("/") or not url_has_allowed_host_and_scheme(
        target, {request.get_host()}, request.is_secure()
    ):
        target = ""
    if not request.user.must_change_password:
        return redirect(target or AccountAdapter(request).get_login_redirect_url(request))
    form = RequiredPasswordChangeForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        user_password_choose(user=request.user, password=form.cleaned_data["password1"])
        update_session_auth_hash(request, request.user)  # stay logged in
        messages.success(request, _("Your new password is saved. Use it from now on."))
        return redirect(target or AccountAdapter(request).get_login_redirect_url(request))
    return render(request, "account/password_required.html", {"form": form, "next": target})


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
