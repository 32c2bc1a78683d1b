"""Receivers that keep the login guard's counters (see ``guard``), each session's
two-step verification state (see ``mfa``) and the cached roles (``lms.core.roles``)."""

from allauth.account.signals import password_reset
from allauth.mfa.signals import authenticator_added, authenticator_removed, authenticator_used
from allauth.mfa.utils import is_mfa_enabled
from django.contrib.auth.models import Group
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from lms.core.roles import roles_changed

from . import guard, mfa
from .models import User


@receiver(user_login_failed, dispatch_uid="rumo_login_failure_count")
def login_failure_count(sender, credentials, request=None, **kwargs):
    # Django sends this for every failed authenticate(), from any form. An attempt the guard
    # refused is not counted again: the lock expires on time instead of being pushed on.
    if request is None or guard.was_locked(request):
        return
    guard.login_failure_record(request=request, credentials=credentials)


@receiver(password_reset, dispatch_uid="rumo_login_failures_clear")
def login_failures_clear(sender, request, user, **kwargs):
    guard.login_failures_clear(request=request, user=user)


@receiver(user_logged_in, dispatch_uid="rumo_mfa_session_mark")
def mfa_session_mark_at_login(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        mfa.mfa_session_mark(request=request, user=user)


@receiver(authenticator_added, dispatch_uid="rumo_mfa_added")
@receiver(authenticator_used, dispatch_uid="rumo_mfa_used")
def mfa_session_verified(sender, request, user, **kwargs):
    # Setting up an authenticator, like using one, means the code was just typed.
    request.session[mfa.SESSION_KEY] = mfa.OK


@receiver(authenticator_removed, dispatch_uid="rumo_mfa_removed")
def mfa_session_removed(sender, request, user, **kwargs):
    if not is_mfa_enabled(user, mfa.SECOND_FACTORS) and mfa.mfa_required_for(user=user):
        request.session[mfa.SESSION_KEY] = mfa.SETUP


@receiver(m2m_changed, sender=User.groups.through, dispatch_uid="rumo_roles_cache_membership")
def roles_cache_membership(sender, action, **kwargs):
    if action in {"post_add", "post_remove", "post_clear"}:
        _roles_cache_expire()


@receiver(post_save, sender=Group, dispatch_uid="rumo_roles_cache_group_saved")
@receiver(post_delete, sender=Group, dispatch_uid="rumo_roles_cache_group_deleted")
@receiver(post_delete, sender=User, dispatch_uid="rumo_roles_cache_account_deleted")
def roles_cache_groups_or_account(sender, **kwargs):
    _roles_cache_expire()


def _roles_cache_expire() -> None:
    # Now, and again once the change commits: a request that read the old roles in between
    # keeps them under the version the commit replaces.
    roles_changed()
    if transaction.get_connection().in_atomic_block:
        transaction.on_commit(roles_changed)
