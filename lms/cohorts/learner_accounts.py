"""Learner accounts made by facilitators one by one, and password resets. The CSV import is
in ``learner_import``; the checks and the creation both use are in ``learner_creation``."""

from __future__ import annotations

import logging

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from lms.accounts.models import User
from lms.audit.models import AuditKind
from lms.audit.services import audit_record
from lms.core.roles import Role

from .errors import CohortError, _not_a_member
from .joining import _group_full
from .learner_creation import (
    _created_record,
    _LearnerRow,
    _learners_create,
    _rows_check,
    password_readable,
)
from .models import LearnerGroup, Membership

logger = logging.getLogger(__name__)


def learner_account_create(
    *,
    group: LearnerGroup,
    username: str,
    first_name: str,
    last_name: str = "",
    created_by: User,
) -> tuple[User, str]:
    """An account for a learner with no email or phone, made by their facilitator; returns
    the account and its generated password to hand out."""
    row = _LearnerRow(
        row=1, username=username.strip(), first_name=first_name.strip(), last_name=last_name.strip()
    )
    with transaction.atomic():
        locked = LearnerGroup.objects.select_for_update().get(pk=group.pk)
        count = Membership.objects.filter(group=locked).count()
        if count >= locked.capacity:
            raise CohortError(_group_full(locked, count))
        errors = _rows_check([row])
        if errors:
            raise CohortError(" ".join(errors[0].reasons))
        try:
            with transaction.atomic():
                [(user, imported)] = _learners_create(group=locked, rows=[row])
        except IntegrityError as error:
            raise CohortError(_("A user with this username already exists.")) from error
        _created_record(group=locked, users=[user], by=created_by, how="facilitator")
    logger.info("learner account created: group=%s user=%s by=%s", group.pk, user.pk, created_by.pk)
    return user, imported.password


def account_is_learner_only(*, user: User) -> bool:
    """Whether ``user``'s only rights are a learner's: not staff or superuser, no role group
    but the learner's, no permission given directly, no group to facilitate. Only such
    accounts may be handled by a facilitator (password reset): anything more and a
    facilitator could take over a colleague's or an administrator's account."""
    return not (
        user.is_staff
        or user.is_superuser
        or user.groups.exclude(name=Role.LEARNER.value).exists()
        or user.user_permissions.exists()
        or user.facilitated_groups.exists()
    )


def learner_password_reset(*, group: LearnerGroup, learner: User, reset_by: User) -> str:
    """A new readable password for a member of ``group`` (who forgot theirs and has no email
    to reset it). Accounts with more than a learner's rights are refused
    (``account_is_learner_only``); nothing changes then."""
    if not Membership.objects.filter(group=group, learner=learner).exists():
        raise CohortError(_not_a_member())
    if not account_is_learner_only(user=learner):
        raise CohortError(
            _(
                "This account has more rights than a learner's (a role, a permission or "
                "administrator access), so only an administrator can reset its password. "
                "Nothing was changed."
            )
        )
    password = password_readable()
    learner.set_password(password)  # also signs the learner out everywhere
    learner.must_change_password = True  # the facilitator knows it: the learner replaces it
    with transaction.atomic():
        learner.save(update_fields=["password", "must_change_password"])
        audit_record(
            kind=AuditKind.PASSWORD_RESET,
            actor=reset_by,
            subject=learner,
            detail={"how": "facilitator", "group": group.pk},
        )
    logger.info("password reset: group=%s user=%s by=%s", group.pk, learner.pk, reset_by.pk)
    return password
