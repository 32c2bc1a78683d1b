"""The "Download for offline" control curriculum pages show a signed-in learner, with the
download's size written in before any of it is fetched (``lms.learner.downloads``)."""

from __future__ import annotations

from django import template

from lms.learner.downloads import offline_download

register = template.Library()


@register.inclusion_tag("learner/includes/download.html", takes_context=True)
def download_control(context, page) -> dict:
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or getattr(request, "is_preview", False):
        return {"download": None}
    return {"download": offline_download(page=page), "page": page}
