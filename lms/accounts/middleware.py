"""Someone whose password was chosen by someone else (a facilitator's reset, an account made
by a facilitator or from a CSV file) chooses their own before anything else."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode

# Besides the change page itself: logging out, and switching the page's language.
ALLOWED_URL_NAMES = ("account_password_required", "account_logout", "learner:language")


class PasswordChangeRequiredMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and getattr(user, "must_change_password", False)
            and request.path not in {reverse(name) for name in ALLOWED_URL_NAMES}
        ):
            target = reverse("account_password_required")
            if request.method in ("GET", "HEAD"):
                target += "?" + urlencode({"next": request.get_full_path()})
            return redirect(target)
        return self.get_response(request)
