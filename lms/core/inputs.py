"""Reading untrusted request values: ids, small JSON bodies, finite numbers and dates in a
sane range. Every input is hostile, so these answer None (or raise ``InputError``) rather
than hand the database a value it would reject with an error (a 500)."""

from __future__ import annotations

import json
import math
import re
from datetime import date, datetime, timedelta

from django.core.validators import MaxValueValidator, MinValueValidator
from django.http import HttpRequest
from django.utils import timezone

# str.isdigit() and int() take "²", "١" and "１" as digits: ids are ASCII digits only, and
# at most 18 of them fit every integer column (a BigAutoField holds 19).
_ID = re.compile(r"[0-9]{1,18}")

# Dates people type for groups, schedules and plans: far enough either way for any
# programme, near enough that date arithmetic cannot leave Python's or a database's range.
EARLIEST_DATE = date(1900, 1, 1)
LATEST_DATE = date(2100, 12, 31)
DATE_VALIDATORS = [MinValueValidator(EARLIEST_DATE), MaxValueValidator(LATEST_DATE)]

JSON_MAX_BYTES = 4096
JSON_MAX_DEPTH = 4


class InputError(ValueError):
    """A request value that cannot be used; the view answers 400."""


def id_parse(value: object) -> int | None:
    """A database id from a request value, or None unless it is plain ASCII digits
    (no sign, no spaces, no other scripts' digits) naming a positive number."""
    if not isinstance(value, str) or not _ID.fullmatch(value):
        return None
    number = int(value)
    return number or None


# Path converters take any number of digits. Django answers "no rows" for an integer field
# given a number beyond its range, but not for a lookup through a foreign key or Wagtail's
# page pointer (``SessionPage``): there SQLite raises OverflowError and PostgreSQL a data
# error. Ids of Rumo's own tables are 64-bit, Wagtail's page ids 32-bit.
MAX_ID = 2**63 - 1
MAX_PAGE_ID = 2**31 - 1


def id_in_range(value: int, *, maximum: int = MAX_ID) -> bool:
    return 0 < value <= maximum


def date_in_range(value: date | None) -> date | None:
    """``value`` when it lies between ``EARLIEST_DATE`` and ``LATEST_DATE``, else None."""
    if value is None:
        return None
    day = value.date() if isinstance(value, datetime) else value
    return value if EARLIEST_DATE <= day <= LATEST_DATE else None


def moment_recent(value: datetime | None, *, within: timedelta) -> datetime | None:
    """An aware ``value`` no older than ``within`` and not in the future, else None (e.g. the
    time a quiz page was opened, sent back by the browser)."""
    if value is None or timezone.is_naive(value):
        return None
    try:
        now = timezone.now()
        return value if now - within <= value <= now else None
    except OverflowError:  # year 1 in a time zone east of UTC
        return None


def _depth(text: str) -> int:
    """How deeply ``text``'s JSON arrays and objects nest (brackets inside strings aside)."""
    depth = deepest = 0
    in_string = escaped = False
    for ch in text:
        if in_string:
            if escaped:
                escaped = False
            elif ch == "\\":
                escaped = True
            elif ch == '"':
                in_string = False
        elif ch == '"':
            in_string = True
        elif ch in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif ch in "]}":
            depth -= 1
    return deepest


def _no_constant(name: str):
    raise InputError(f"{name} is not a number")


def json_object(
    request: HttpRequest, *, max_bytes: int = JSON_MAX_BYTES, max_depth: int = JSON_MAX_DEPTH
) -> dict:
    """The request's body as a small JSON object: at most ``max_bytes`` of UTF-8, nested at
    most ``max_depth`` deep (Python's parser recurses per level), without NaN or Infinity.
    Raises ``InputError`` otherwise."""
    body = request.body or b"{}"
    if len(body) > max_bytes:
        raise InputError("body too large")
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as error:
        raise InputError("not UTF-8") from error
    if _depth(text) > max_depth:
        raise InputError("nested too deeply")
    try:
        data = json.loads(text, parse_constant=_no_constant)
    except (ValueError, RecursionError) as error:  # JSONDecodeError is a ValueError
        raise InputError("not JSON") from error
    if not isinstance(data, dict):
        raise InputError("not a JSON object")
    return data


def number_in_range(value: object, *, low: float, high: float) -> float:
    """A finite number between ``low`` and ``high`` from a JSON value (a number, or a string
    holding one); raises ``InputError`` for anything else, booleans and lists included."""
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise InputError("not a number")
    if isinstance(value, str) and len(value) > 32:
        raise InputError("not a number")
    try:
        number = float(value)
    except (ValueError, OverflowError) as error:  # float(10**400) overflows
        raise InputError("not a number") from error
    if not math.isfinite(number) or not low <= number <= high:
        raise InputError("out of range")
    return number
