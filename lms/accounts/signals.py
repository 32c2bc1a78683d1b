"""Receivers that keep the login guard's counters (see ``guard``)."""

from allauth.account.signals import password_reset
from django.contrib.auth.signals import user_login_failed
from django.dispatch import receiver

from . import guard


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
