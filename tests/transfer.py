"""What a first visit to a page transfers: its HTML, CSS and JavaScript as the server sends
them (compressed), fetched through the whole middleware stack.

Static files are served the development way (WhiteNoise reading the apps' folders, the
compression middleware compressing them as they go out); in production WhiteNoise sends the
files collectstatic compressed at the highest levels, which come out no larger.
"""

from __future__ import annotations

import gzip
import re
from dataclasses import dataclass, field

import brotli
from backports import zstd

# Every browser accepts gzip; Brotli and Zstandard (what current browsers prefer) come out
# smaller, so budgets are checked against gzip.
GZIP = "gzip"
BROWSER = "gzip, deflate, br, zstd"
_DECODE = {"gzip": gzip.decompress, "br": brotli.decompress, "zstd": zstd.decompress}
_ASSET = re.compile(rb'(?:href|src)="(/static/[^"]+\.(?:css|js))"')  # STATIC_URL
_IMPORT = re.compile(rb'(?:from|import)\s+"\./([^"]+)"')


@dataclass
class Transfer:
    encodings: dict[str, str] = field(default_factory=dict)
    sizes: dict[str, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(self.sizes.values())

    def __str__(self) -> str:
        parts = ", ".join(
            f"{name.rsplit('/', 1)[-1]} {size / 1024:.1f} ({self.encodings[name]})"
            for name, size in self.sizes.items()
        )
        return f"{self.total / 1024:.1f} KiB: {parts}"


def static_served_from_app_folders(settings_fixture) -> None:
    """Let WhiteNoise serve static files the development way (call before the client's first
    request: the middleware reads these settings when it is built)."""
    settings_fixture.WHITENOISE_USE_FINDERS = True
    settings_fixture.WHITENOISE_AUTOREFRESH = True


def _get(client, url: str, accept: str) -> tuple[bytes, int, str]:
    response = client.get(url, HTTP_ACCEPT_ENCODING=accept)
    assert response.status_code == 200, (url, response.status_code)
    body = b"".join(response.streaming_content) if response.streaming else response.content
    coding = response.get("Content-Encoding", "identity")
    return (_DECODE[coding](body) if coding in _DECODE else body), len(body), coding


def first_visit(client, url: str, *, accept: str = GZIP) -> tuple[str, Transfer]:
    """The page's HTML (decoded) and what the HTML, its stylesheets and scripts (and the
    modules those import) cost on the wire."""
    transfer = Transfer()
    html, size, coding = _get(client, url, accept)
    transfer.sizes["html"], transfer.encodings["html"] = size, coding
    pending = [a.decode() for a in _ASSET.findall(html)]
    assert any(a.endswith(".css") for a in pending), "the page links no stylesheet"
    while pending:
        asset = pending.pop()
        if asset in transfer.sizes:
            continue
        body, size, coding = _get(client, asset, accept)
        transfer.sizes[asset], transfer.encodings[asset] = size, coding
        if asset.endswith(".js"):
            folder = asset.rsplit("/", 1)[0]
            pending += [f"{folder}/{m.decode()}" for m in _IMPORT.findall(body)]
    return html.decode(), transfer
