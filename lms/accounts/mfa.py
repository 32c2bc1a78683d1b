"""Two-step verification: allauth's MFA (codes from an authenticator app, with recovery codes).

Required of the people who can change what everyone sees or read everyone's results:
superusers, programme managers and curriculum reviewers, when ``RUMO_REQUIRE_MFA`` is on (on
by default in production, off in the embedded demo). Offered to facilitators. allauth's login
asks for the code once an app is set up; the middleware below makes sure nobody gets round it:

* a person whose role requires it and who has not set it up is sent to set it up, and may use
  nothing else (the admin included) until they have;
* a person who has set it up but whose session was opened without the code (by any login view
  other than allauth's) is logged out and sent to allauth's login.

What the session needs is decided once, when it logs in (``user_logged_in``), and kept in it,
so signed-in pages cost no query for it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from allauth.account.authentication import get_authentication_records
from allauth.mfa.models import Authenticator
from allauth.mfa.utils import is_mfa_enabled
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from lms.core.roles import Role, user_has_role

if TYPE_CHECKING:
    from django.http import HttpRequest, HttpResponse

SESSION_KEY = "rumo_mfa"
OK = "ok"
SETUP = "setup"  # required, not set up yet
BYPASSED = "bypassed"  # set up, but this session was opened without the code

SECOND_FACTORS = [Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN]
REQUIRED_ROLES = (Role.MANAGER, Role.REVIEWER)
OFFERED_ROLES = (Role.FACILITATOR, *REQUIRED_ROLES)
# What someone who must set it up may still open: the set-up itself and the way out.
SETUP_URL_NAMES = frozenset(
    {
        "account_login",
        "account_logout",
        "account_reauthenticate",
        "account_change_password",
        "account_set_password",
        "account_password_required",  # a password someone else chose is replaced first
        "set_language",
        "ping",
    }
)


def mfa_required_for(*, user) -> bool:
    if not getattr(settings, "RUMO_REQUIRE_MFA", False) or not user.is_authenticated:
        return False
    return user.is_superuser or any(user_has_role(user=user, role=r) for r in REQUIRED_ROLES)


def mfa_offered_to(*, user) -> bool:
    """Whom the site shows the link to set it up (anyone signed in may use the pages)."""
    if not user.is_authenticated:
        return False
    return user.is_superuser or any(user_has_role(user=user, role=r) for r in OFFERED_ROLES)


def mfa_session_state(*, request: HttpRequest, user) -> str:
    if is_mfa_enabled(user, SECOND_FACTORS):
        records = get_authentication_records(request, user)
        used = any(record.get("method") == "mfa" for record in records)
        return OK if used else BYPASSED
    return SETUP if mfa_required_for(user=user) else OK


def mfa_session_mark(*, request: HttpRequest, user) -> None:
    request.session[SESSION_KEY] = mfa_session_state(request=request, user=user)


class MfaMiddleware:
    """Sends people whose role requires two-step verification to set it up, and logs out
    sessions opened without the second step by someone who has set it up."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        state = request.session.get(SESSION_KEY)
        if state is None:  # a session opened before this check existed
            mfa_session_mark(request=request, user=user)
            state = request.session[SESSION_KEY]
        if state == OK:
            return None
        if state == BYPASSED:
            next_url = request.get_full_path()
            logout(request)
            messages.info(request, _("Log in again with your password and your code."))
            return redirect_to_login(next_url, login_url="account_login")
        url_name = request.resolver_match.url_name if request.resolver_match else ""
        if url_name and (url_name.startswith("mfa_") or url_name in SETUP_URL_NAMES):
            return None
        messages.info(
            request,
            _("Your role needs two-step verification. Set it up to continue."),
        )
        return redirect("mfa_activate_totp")
