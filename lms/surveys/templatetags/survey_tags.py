"""The reminder on My path: one notice per open round, linking to its form."""

from __future__ import annotations

from django import template

from lms.surveys.selectors import rounds_open_for

register = template.Library()


@register.inclusion_tag("surveys/_notices.html", takes_context=True)
def survey_notices(context) -> dict:
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"rounds": []}
    return {"rounds": rounds_open_for(person=user)}
