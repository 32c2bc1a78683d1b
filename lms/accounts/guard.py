"""The login guard: one set of limits on every password check, whichever form made it.

Every form that logs people in (allauth's, Wagtail's admin and front-end forms, allauth's
re-authentication) ends in Django's ``authenticate()``. ``LoginGuardBackend`` comes first in
``AUTHENTICATION_BACKENDS`` and refuses the attempt while the account, or the connection, is
locked; a ``user_login_failed`` receiver counts each failure. So a form that forgets to rate
limit is covered all the same.

Failures are counted per account, whatever identifier was typed: the username, e-mail or phone
number (in any spelling) is first resolved to the account, and the limit is keyed on its id.
An identifier that names no account is keyed on its normalised form, so that an unknown name
locks like a known one and the lock tells nothing about which accounts exist.

The counters are allauth's rate limits (``allauth.core.ratelimit``, in the cache), configured in
``ACCOUNT_RATE_LIMITS`` next to allauth's own: ``login_failed_account`` (per account) and
``login_failed_ip`` (per connection, generous, because a class of 25 shares one).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from allauth.core import ratelimit
from django.db.models import Q

from .forms import normalise_phone
from .models import User

if TYPE_CHECKING:
    from collections.abc import Mapping

    from django.http import HttpRequest

ACCOUNT_ACTION = "login_failed_account"
IP_ACTION = "login_failed_ip"
IDENTIFIER_FIELDS = ("username", "email", "phone", "login")
MAX_IDENTIFIER_LENGTH = 254
_LOCKED_FLAG = "_rumo_login_locked"
_KEYS_CACHE = "_rumo_login_keys"


def _identifiers(credentials: Mapping[str, object]) -> list[str]:
    found: list[str] = []
    for field in IDENTIFIER_FIELDS:
        value = credentials.get(field)
        if isinstance(value, str):
            value = value.strip()[:MAX_IDENTIFIER_LENGTH]
            if value and value not in found:
                found.append(value)
    return found


def _phone_form(identifier: str) -> str:
    """The stored form of a phone number, or "" when the identifier is not one."""
    if "@" in identifier or any(ch.isalpha() for ch in identifier):
        return ""
    phone = normalise_phone(identifier)
    return phone if len(phone.lstrip("+")) >= 8 else ""


def login_keys(*, credentials: Mapping[str, object]) -> list[str]:
    """The rate-limit keys for a login attempt: one per account the typed identifier can name
    (as username, e-mail or phone), or its normalised form when it names none."""
    keys: list[str] = []
    for identifier in _identifiers(credentials):
        phone = _phone_form(identifier)
        match = Q(username__iexact=identifier) | Q(email__iexact=identifier)
        if phone:
            match |= Q(phone=phone)
        # At most a handful: a username may equal another person's e-mail or phone digits.
        ids = list(User.objects.filter(match).values_list("pk", flat=True)[:5])
        if ids:
            keys.extend(f"account:{pk}" for pk in ids)
        else:
            keys.append(f"unknown:{phone or identifier.casefold()}")
    return list(dict.fromkeys(keys))


def _keys_for(request: HttpRequest, credentials: Mapping[str, object]) -> list[str]:
    # Resolved once per request: the lock check and the failure count ask alike.
    memo = getattr(request, _KEYS_CACHE, None)
    identifiers = tuple(_identifiers(credentials))
    if memo is None or memo[0] != identifiers:
        memo = (identifiers, login_keys(credentials=credentials))
        setattr(request, _KEYS_CACHE, memo)
    return memo[1]


def login_is_locked(*, request: HttpRequest, credentials: Mapping[str, object]) -> bool:
    """True while too many recent failures name one of the accounts (or the unknown
    identifier) these credentials name, or came from this connection."""
    if not ratelimit.consume(request, action=IP_ACTION, dry_run=True):
        return True
    return any(
        not ratelimit.consume(request, action=ACCOUNT_ACTION, key=key, dry_run=True)
        for key in _keys_for(request, credentials)
    )


def login_failure_record(*, request: HttpRequest, credentials: Mapping[str, object]) -> None:
    """Count one failed password check against the connection and every account named."""
    ratelimit.consume(request, action=IP_ACTION)
    for key in _keys_for(request, credentials):
        ratelimit.consume(request, action=ACCOUNT_ACTION, key=key)


def login_failures_clear(*, request: HttpRequest, user: User) -> None:
    """Forget an account's failures: its owner has just proven who they are (password reset)."""
    ratelimit.clear(request, action=ACCOUNT_ACTION, key=f"account:{user.pk}")


def mark_locked(request: HttpRequest) -> None:
    setattr(request, _LOCKED_FLAG, True)


def was_locked(request: HttpRequest | None) -> bool:
    """Whether this request's login attempt was refused by the guard (not a wrong password)."""
    return bool(request is not None and getattr(request, _LOCKED_FLAG, False))
