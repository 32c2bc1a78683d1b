"""“Download for offline”: what a session or module page costs to keep on the phone, shown
before a byte of it is spent, and the list of files the phone fetches (``download.js``).

The files are those a learner's page shows (``curriculum.offline``; never the facilitator
guide); the page is checked as Wagtail's ``serve`` checks it: live, and its view
restrictions (a password, a group, signing in) accepting the request.
"""

from __future__ import annotations

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from wagtail.models import Page

from curriculum import api as curriculum_api


def _resource_url(session, block_id: str) -> str:
    return reverse("learner:resource", args=[session.pk, block_id])


def offline_page_for_request(*, page_id: int, request: HttpRequest) -> Page | None:
    page = curriculum_api.offline_page_live(page_id=page_id)
    if page is None:
        return None
    if any(not r.accept_request(request) for r in page.get_view_restrictions()):
        return None
    return page


def offline_download(*, page: Page) -> curriculum_api.OfflinePage | None:
    return curriculum_api.page_offline(
        page=page, resource_url=_resource_url, variant=get_language() or ""
    )


def offline_manifest(*, download: curriculum_api.OfflinePage) -> dict:
    """The JSON the phone reads: each URL to fetch, the address it is kept under and its
    size; ``size`` is their total; the messages it shows meanwhile, in the page's language."""
    return {
        "page": download.page_id,
        "title": download.title,
        "url": download.url,
        "size": download.size,
        "files": [
            {"url": f.url, "key": f.key or f.url, "size": f.size, "kind": f.kind}
            for f in download.files
        ],
        # What the phone shows while it downloads (download.js has no catalogue of its own).
        "text": {
            "progress": _("{done} of {total}"),
            "done": _("On this phone"),
            "failed": _("The download stopped. Check your connection and try again."),
            "full": _("There is not enough space on this phone for this download."),
        },
    }
