"""How every response leaves: compressed, and with the Content-Security-Policy of its area.

Both are thin subclasses of maintained libraries (django-http-compression, django-csp); the
policies themselves are settings (``CONTENT_SECURITY_POLICY`` and ``RUMO_ADMIN_CSP``).
"""

from __future__ import annotations

from csp.middleware import CSPMiddleware, PolicyParts
from csp.utils import default_config
from django.conf import settings
from django.http import HttpRequest
from django.http.response import HttpResponseBase
from django_http_compression.middleware import HttpCompressionMiddleware


class CompressionMiddleware(HttpCompressionMiddleware):
    """Brotli, else gzip (else Zstandard) for text responses: HTML, JSON, CSV, and CSS and
    JavaScript that do not arrive compressed already.

    The library prefers Zstandard when a browser takes it (as current ones do) because it
    costs the server less; Rumo's pages come out 5-15 % smaller with Brotli, for a tenth or
    two of a millisecond, and learners pay for every byte. Partial responses are left alone:
    a 206 carries a byte range of the uncompressed file, and compressing it would hand the
    browser bytes that match neither its request nor the file.
    """

    def maybe_compress(self, request: HttpRequest, response: HttpResponseBase) -> None:
        if response.status_code == 206 or response.has_header("Content-Range"):
            return
        super().maybe_compress(_BrotliFirst(request), response)  # type: ignore[arg-type]


class _BrotliFirst:
    """The request as the library reads it (its Accept-Encoding header), with Zstandard left
    out when the browser also takes Brotli."""

    def __init__(self, request: HttpRequest) -> None:
        accept = request.headers.get("accept-encoding", "")
        parts = [(part, part.split(";", 1)[0].strip().lower()) for part in accept.split(",")]
        if any(coding == "br" for _part, coding in parts):
            accept = ",".join(part for part, coding in parts if coding != "zstd")
        self.headers = {"accept-encoding": accept}


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """The strict policy everywhere except Wagtail's admin, which gets ``RUMO_ADMIN_CSP``.

    The admin (and the previews it shows in a frame under its own URL) still relies on inline
    scripts and styles, so it cannot live with the policy the learner and facilitator pages
    follow; only people with admin access reach it.
    """

    def get_policy_parts(
        self, request: HttpRequest, response: HttpResponseBase, report_only: bool = False
    ) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        if (
            not report_only
            and parts.config is None
            and request.path_info.startswith(settings.RUMO_ADMIN_PATH)
        ):
            parts.config = default_config(settings.RUMO_ADMIN_CSP)
        return parts
