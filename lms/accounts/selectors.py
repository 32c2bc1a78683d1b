"""Reads about one person's own settings."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser

from lms.accounts.models import User


def user_data_saver(*, user: User | AnonymousUser) -> bool:
    """Whether pages for ``user`` save data (240p video only, phone-width images).

    Visitors (refreshers open without an account) always do: they cannot choose yet, and the
    phone they read on is most likely paying for every megabyte (README, Decisions). No query:
    the setting is on the user row the request already loaded.
    """
    if not user.is_authenticated:
        return True
    return bool(user.data_saver)
