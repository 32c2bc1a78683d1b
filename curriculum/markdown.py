"""Markdown written by authors is untrusted input: it is rendered, then sanitised with nh3
so that no script, event handler or ``javascript:`` link ever reaches a page."""

from __future__ import annotations

from functools import lru_cache

import markdown as md
import nh3
from django.utils.safestring import SafeString, mark_safe

ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "code", "dd", "del", "dl", "dt", "em", "h2", "h3",
    "h4", "hr", "i", "li", "ol", "p", "pre", "strong", "sub", "sup", "table", "tbody", "td",
    "th", "thead", "tr", "ul",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}, "td": {"align"}, "th": {"align"}}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto", "tel"}
EXTENSIONS = ["extra", "sane_lists"]


def render_markdown(text: str) -> SafeString:
    """Markdown to safe HTML. Headings start at h2: the page title is the only h1. Converted
    once per process for each text (a lesson's texts are the same for every learner)."""
    return _render(text or "")


@lru_cache(maxsize=1024)
def _render(text: str) -> SafeString:
    html = md.markdown(text, extensions=EXTENSIONS, output_format="html")
    html = html.replace("<h1>", "<h2>").replace("</h1>", "</h2>")
    clean = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="noopener noreferrer nofollow",
    )
    return mark_safe(clean)  # noqa: S308 - sanitised by nh3 just above
