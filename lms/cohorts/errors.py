"""The error cohort services raise: a request a person made that cannot be done."""

from __future__ import annotations

from django.utils.translation import gettext as _


class CohortError(Exception):
    """A request a person made that cannot be done; ``message`` is translated and can be shown
    as it is. Nothing was saved."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def _not_a_member() -> str:
    return _("This learner is not a member of this group.")
