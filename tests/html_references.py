"""Every id an HTML page refers to must exist in that page.

``aria-describedby``, ``aria-labelledby`` and ``<label for>`` that name a missing id are
silently ignored by screen readers: the hint, the error or the label is simply never read.
``tests/conftest.py`` runs this check on every HTML page the test client receives, so the
test that rendered a broken page fails at the request that rendered it.
"""

from __future__ import annotations

from html.parser import HTMLParser

ID_LIST_ATTRIBUTES = ("aria-describedby", "aria-labelledby")


class _References(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.references: list[tuple[str, str, str]] = []  # (tag, attribute, id)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if values.get("id"):
            self.ids.add(values["id"])
        for attribute in ID_LIST_ATTRIBUTES:
            for ref in (values.get(attribute) or "").split():
                self.references.append((tag, attribute, ref))
        if tag == "label" and values.get("for") is not None:
            self.references.append((tag, "for", values["for"]))

    handle_startendtag = handle_starttag


def broken_references(html: str) -> list[str]:
    """Descriptions of the references in ``html`` that name no element of the page."""
    parser = _References()
    parser.feed(html)
    parser.close()
    return [
        f'<{tag} {attribute}="{ref}">'
        for tag, attribute, ref in parser.references
        if ref not in parser.ids
    ]


def response_html(response) -> str | None:
    """The body of an HTML response the test client received, or None."""
    if getattr(response, "streaming", False):
        return None
    if not response.get("Content-Type", "").startswith("text/html"):
        return None
    charset = getattr(response, "charset", None) or "utf-8"
    return response.content.decode(charset, errors="replace")
