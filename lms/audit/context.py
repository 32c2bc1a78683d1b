"""The request being answered, for audit rows written far from the view (signal receivers,
services called without a request): ``AuditRequestMiddleware`` sets it for the length of one
request. It also sets the device cookie that ``device_login_record`` asks for."""

from __future__ import annotations

from contextvars import ContextVar
from typing import TYPE_CHECKING

from django.conf import settings

if TYPE_CHECKING:
    from django.http import HttpRequest

_current: ContextVar[HttpRequest | None] = ContextVar("rumo_audit_request", default=None)

DEVICE_COOKIE = "rumo_device"
DEVICE_SALT = "lms.audit.device"
DEVICE_MAX_AGE = 400 * 24 * 3600  # the longest a browser keeps a cookie
NEW_DEVICE_ATTR = "_rumo_audit_new_device"


def current_request() -> HttpRequest | None:
    return _current.get()


class AuditRequestMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _current.set(request)
        try:
            response = self.get_response(request)
        finally:
            _current.reset(token)
        device = getattr(request, NEW_DEVICE_ATTR, None)
        if device:
            response.set_signed_cookie(
                DEVICE_COOKIE,
                device,
                salt=DEVICE_SALT,
                max_age=DEVICE_MAX_AGE,
                secure=settings.SESSION_COOKIE_SECURE,
                httponly=True,
                samesite="Lax",
            )
        return response
