"""The home page's next step for a signed-in person (the catalogue page template loads it:
the one sanctioned crossing from curriculum to lms)."""

from __future__ import annotations

from dataclasses import dataclass

from django import template
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from curriculum import api as curriculum_api
from lms.core.links import url_for
from lms.core.roles import user_is_learner, user_may_author, user_may_facilitate
from lms.progress.selectors import session_progress_latest

register = template.Library()


@dataclass(frozen=True)
class HomeAction:
    label: str
    url: str
    detail: str = ""  # the session a learner continues with


@register.simple_tag(takes_context=True)
def home_actions(context) -> list[HomeAction]:
    """Where a signed-in person goes from the home page, the first one foremost: a learner
    continues the session they last worked on (then their path), facilitators and managers
    open their groups, authors and reviewers the admin. Visitors get none: the template
    offers sign-up and log-in."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return []
    actions = []
    if user_is_learner(user=user):
        latest = session_progress_latest(learner=user)
        session = latest and curriculum_api.session_for_key(
            session_key=latest.session_key, language=get_language()
        )
        if session:
            actions.append(
                HomeAction(
                    _("Continue where you left off"), session.get_url(request), session.title
                )
            )
        actions.append(HomeAction(_("My path"), url_for("learner:path")))
    if user_may_facilitate(user=user):
        actions.append(HomeAction(_("My groups"), url_for("facilitation:groups")))
    if user_may_author(user=user):
        actions.append(HomeAction(_("Content admin"), url_for("wagtailadmin_home")))
    return actions
