"""Joining groups: by code, with the facilitator's approval where the group asks for it."""

from __future__ import annotations

import logging
import re

from allauth.core.internal import ratelimit as allauth_ratelimit
from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext as _

from lms.accounts.models import User

from .enrolments import enrolment_create
from .errors import CohortError
from .models import JoinRequest, LearnerGroup, Membership, join_code_new

logger = logging.getLogger(__name__)

# --- Members ---------------------------------------------------------------------------------


def _group_full(group: LearnerGroup, count: int) -> str:
    return _("This group is full (%(count)s of %(capacity)s places).") % {
        "count": count,
        "capacity": group.capacity,
    }


def membership_join(*, group: LearnerGroup, learner: User) -> Membership:
    """Add ``learner`` to ``group`` (joining twice is harmless) and enrol them in its
    curriculum. The group row is locked so that two last-place joins cannot both succeed."""
    with transaction.atomic():
        locked = LearnerGroup.objects.select_for_update().get(pk=group.pk)
        membership = Membership.objects.filter(group=locked, learner=learner).first()
        if membership is None:
            count = Membership.objects.filter(group=locked).count()
            if count >= locked.capacity:
                raise CohortError(_group_full(locked, count))
            membership = Membership.objects.create(group=locked, learner=learner)
        enrolment_create(learner=learner, curriculum_key=locked.curriculum_key)
    return membership


def join_code_normalise(code: str) -> str:
    """``" abc-234 "`` → ``"ABC234"``: people type codes with spaces, dashes, lower case."""
    return re.sub(r"[^0-9A-Za-z]", "", code).upper()


def _no_such_code() -> str:
    return _("No group has this code. Check it with your facilitator.")


def membership_join_by_code(*, code: str, learner: User) -> Membership | JoinRequest:
    """Join the group with this code: at once, or, when the group's joins need approval, as
    a pending ``JoinRequest`` (returned instead of a membership). Already a member: the
    membership, unchanged."""
    group = LearnerGroup.objects.filter(join_code=join_code_normalise(code)).first()
    if group is None:
        raise CohortError(_no_such_code())
    if group.join_needs_approval:
        membership = Membership.objects.filter(group=group, learner=learner).first()
        if membership is not None:
            return membership
        join_request, _created = JoinRequest.objects.get_or_create(group=group, learner=learner)
        return join_request
    return membership_join(group=group, learner=learner)


# --- Guessing codes -----------------------------------------------------------------------------

# allauth's rate limits (``ACCOUNT_RATE_LIMITS``), as the login guard uses them: wrong codes are
# counted per connection (generous: a class shares one) and per account.
JOIN_FAILED_IP = "join_code_failed_ip"
JOIN_FAILED_ACCOUNT = "join_code_failed_account"


class JoinCodeLimited(CohortError):
    """Too many wrong codes lately, from this connection or this account."""


def _join_limit_keys(request: HttpRequest) -> list[tuple[str, str | None]]:
    keys: list[tuple[str, str | None]] = [(JOIN_FAILED_IP, None)]
    if request.user.is_authenticated:
        keys.append((JOIN_FAILED_ACCOUNT, f"account:{request.user.pk}"))
    return keys


def _consume(request: HttpRequest, *, action: str, key: str | None, dry_run: bool) -> bool:
    # allauth's public helper skips GET requests, but the join link is a GET that looks the
    # code up: ``limit_get`` counts those too (same settings, same cache keys).
    return bool(
        allauth_ratelimit.consume(
            request,
            app="allauth.account",
            action=action,
            key=key,
            dry_run=dry_run,
            limit_get=True,
        )
    )


def group_for_join_code(*, request: HttpRequest, code: str) -> LearnerGroup:
    """The group a code opens, for someone logged in who typed or followed it. While too
    many wrong codes came from this connection or account, every code is refused, the right
    one too (else guessing would go on); each wrong code counts."""
    for action, key in _join_limit_keys(request):
        if not _consume(request, action=action, key=key, dry_run=True):
            raise JoinCodeLimited(_("Too many wrong codes. Wait a few minutes, then try again."))
    normalised = join_code_normalise(code)
    group = LearnerGroup.objects.filter(join_code=normalised).first() if normalised else None
    if group is None:
        for action, key in _join_limit_keys(request):
            _consume(request, action=action, key=key, dry_run=False)
        raise CohortError(_no_such_code())
    return group


# --- Codes and approvals, by the group's facilitator -------------------------------------------


def join_code_rotate(*, group: LearnerGroup, rotated_by: User) -> LearnerGroup:
    """A new join code for ``group``; the old one stops working at once (pending requests
    made with it stay pending)."""
    with transaction.atomic():
        locked = LearnerGroup.objects.select_for_update().get(pk=group.pk)
        locked.join_code = join_code_new()
        locked.save(update_fields=["join_code", "updated_at"])
    logger.info("join code changed: group=%s by=%s", group.pk, rotated_by.pk)
    return locked


def join_request_approve(*, join_request: JoinRequest, approved_by: User) -> Membership:
    """Make the pending learner a member (the capacity is checked now) and drop the request."""
    with transaction.atomic():
        membership = membership_join(group=join_request.group, learner=join_request.learner)
        JoinRequest.objects.filter(pk=join_request.pk).delete()
    logger.info(
        "join approved: group=%s user=%s by=%s",
        join_request.group_id,
        join_request.learner_id,
        approved_by.pk,
    )
    return membership


def join_request_decline(*, join_request: JoinRequest, declined_by: User) -> None:
    JoinRequest.objects.filter(pk=join_request.pk).delete()
    logger.info(
        "join declined: group=%s user=%s by=%s",
        join_request.group_id,
        join_request.learner_id,
        declined_by.pk,
    )
