"""The site's menu: the links each person sees, by role, and which one is the current page.

URL names are strings on purpose: core sits below the apps whose views they name."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _

from .links import url_for
from .roles import Role, user_has_role, user_is_learner, user_may_author, user_may_facilitate

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

LEARNER_LINKS = (
    ("learner:path", _("My path")),
    ("learner:refreshers", _("Refreshers")),
    ("learner:life_plan", _("Life plan")),
    ("business:home", _("Business book")),
    ("learner:join_form", _("Join a group")),
)
FACILITATOR_LINKS = (("facilitation:groups", _("My groups")), ("mentoring:list", _("Mentoring")))
MANAGER_LINKS = (("reports:results", _("Results")),)
AUTHOR_LINKS = (("wagtailadmin_home", _("Content admin")),)
VISITOR_LINKS = (("account_login", _("Log in")), ("account_signup", _("Create an account")))


@dataclass(frozen=True)
class NavLink:
    label: str
    url: str
    # The value of aria-current: "page" on the page itself, "true" on a page inside its
    # section (a group's dashboard under My groups), "" elsewhere.
    current: str = ""


def nav_links(*, user: AbstractBaseUser | AnonymousUser, path: str) -> list[NavLink]:
    """The menu for ``user`` on the page at ``path``: learners' pages for learners, My
    groups for facilitators and managers, Results for managers, the admin for authors and
    reviewers (a person with several roles sees each part once); log-in and sign-up for
    visitors."""
    names: list[tuple[str, str]] = []
    if not user.is_authenticated:
        names += VISITOR_LINKS
    elif user_is_learner(user=user):
        names += LEARNER_LINKS
    if user_may_facilitate(user=user):
        names += FACILITATOR_LINKS
    if user_has_role(user=user, role=Role.MANAGER):
        names += MANAGER_LINKS
    if user_may_author(user=user):
        names += AUTHOR_LINKS
    urls = [url_for(name) for name, _label in names]
    # The section is the longest link the path starts with: /learn/refreshers/ belongs to
    # the refreshers, not to My path at /learn/.
    section = max((url for url in urls if path.startswith(url)), key=len, default=None)
    return [
        NavLink(
            label=str(label),
            url=url,
            current="page" if url == path else "true" if url == section else "",
        )
        for (_name, label), url in zip(names, urls, strict=True)
    ]
