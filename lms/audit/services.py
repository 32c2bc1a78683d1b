"""Writing the audit trail. ``audit_record`` is the one way in; it never breaks the action it
records: a failure is logged, not raised, and the row is written in a savepoint, so inside the
action's transaction it commits (or rolls back) with the action and a failed insert leaves
that transaction usable."""

from __future__ import annotations

import hashlib
import ipaddress
import json
import logging
import secrets
from typing import TYPE_CHECKING, Any

from allauth.account.adapter import get_adapter
from django.core import signing
from django.db import transaction

from .context import DEVICE_COOKIE, DEVICE_MAX_AGE, DEVICE_SALT, NEW_DEVICE_ATTR, current_request
from .models import AuditEvent, AuditKind

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser
    from django.http import HttpRequest

logger = logging.getLogger(__name__)

USER_AGENT_LENGTH = 200
DETAIL_MAX_KEYS = 12
DETAIL_MAX_TEXT = 200
DETAIL_MAX_BYTES = 4000


def client_ip(request: HttpRequest | None) -> str | None:
    """The client's address as the login guard sees it (allauth's ``get_client_ip``, which
    honours ``ALLAUTH_TRUSTED_PROXY_COUNT`` / ``ALLAUTH_TRUSTED_CLIENT_IP_HEADER``)."""
    if request is None:
        return None
    try:
        ip = get_adapter(request).get_client_ip(request)
        return str(ipaddress.ip_address(ip))
    except Exception:  # no address, a malformed header, a proxy count that does not match
        return None


def _user_agent(request: HttpRequest | None) -> str:
    if request is None:
        return ""
    agent = str(request.META.get("HTTP_USER_AGENT", ""))
    return "".join(ch for ch in agent if ch.isprintable())[:USER_AGENT_LENGTH]


def _small(value: Any) -> Any:
    if value is None or isinstance(value, bool | int | float):
        return value
    if isinstance(value, list | tuple):
        return [_small(v) for v in value[:DETAIL_MAX_KEYS]]
    return str(value)[:DETAIL_MAX_TEXT]


def detail_cap(detail: dict[str, Any] | None) -> dict[str, Any]:
    """At most a dozen flat keys with short values; anything bigger is cut, not refused."""
    if not detail:
        return {}
    capped = {str(k)[:50]: _small(v) for k, v in list(detail.items())[:DETAIL_MAX_KEYS]}
    if len(json.dumps(capped, default=str)) > DETAIL_MAX_BYTES:
        return {"truncated": True}
    return capped


def _username(user: AbstractBaseUser | None) -> str:
    return user.get_username() if user is not None else ""


def audit_record(
    *,
    kind: AuditKind,
    actor: AbstractBaseUser | None,
    subject: AbstractBaseUser | None,
    request: HttpRequest | None = None,
    detail: dict[str, Any] | None = None,
    subject_username: str = "",
) -> AuditEvent | None:
    """Write one event. ``actor`` is None when people act on themselves (or nobody is logged
    in); ``request`` defaults to the request being answered, for the address and browser.
    ``subject_username`` names an account that is not linked (one being deleted)."""
    try:
        request = request if request is not None else current_request()
        if actor is not None and not actor.is_authenticated:
            actor = None
        with transaction.atomic():
            return AuditEvent.objects.create(
                kind=kind,
                actor=actor,
                actor_username=_username(actor),
                subject=subject,
                subject_username=_username(subject) or subject_username[:150],
                detail=detail_cap(detail),
                ip_address=client_ip(request),
                user_agent=_user_agent(request),
            )
    except Exception:
        logger.exception("audit record failed: kind=%s", kind)
        return None


def consent_record(
    *,
    subject: AbstractBaseUser,
    purpose: str,
    given: bool,
    actor: AbstractBaseUser | None = None,
    request: HttpRequest | None = None,
) -> AuditEvent | None:
    """For the consent feature to come: call it whenever a person gives or withdraws a
    consent (``purpose`` names which), or someone records it for them (``actor``)."""
    return audit_record(
        kind=AuditKind.CONSENT_CHANGED,
        actor=actor,
        subject=subject,
        request=request,
        detail={"purpose": purpose, "given": bool(given)},
    )


def _device_id(request: HttpRequest) -> str:
    """The browser's long-lived id from its signed cookie, or a new one (the cookie is set
    on the way out by ``AuditRequestMiddleware``)."""
    try:
        device = request.get_signed_cookie(DEVICE_COOKIE, salt=DEVICE_SALT, max_age=DEVICE_MAX_AGE)
    except (KeyError, signing.BadSignature):
        device = ""
    if not (isinstance(device, str) and 16 <= len(device) <= 64):
        device = getattr(request, NEW_DEVICE_ATTR, None) or secrets.token_urlsafe(24)
        setattr(request, NEW_DEVICE_ATTR, device)
    return device


def device_login_record(*, request: HttpRequest, user: AbstractBaseUser) -> AuditEvent | None:
    """Record a login from a browser this person has not logged in from before. The browser
    is known by a random id in a signed cookie; the trail keeps only a hash of it."""
    try:
        device = hashlib.sha256(_device_id(request).encode()).hexdigest()[:32]
        known = AuditEvent.objects.filter(
            subject=user, kind=AuditKind.LOGIN_NEW_DEVICE, detail__device=device
        ).exists()
    except Exception:
        logger.exception("audit: device check failed")
        return None
    if known:
        return None
    return audit_record(
        kind=AuditKind.LOGIN_NEW_DEVICE,
        actor=None,
        subject=user,
        request=request,
        detail={"device": device},
    )
