"""Development serving of uploads that honours HTTP Range, so phones can seek in videos.

A drop-in for ``django.views.static.serve`` where DEBUG routes ``/media/`` through Django:
mobile browsers fetch videos in byte ranges and will not seek (some will not even play) when
the server ignores them. Production serves media from the web server, which does this itself
(and must refuse the private prefixes, as the README's nginx example does).
"""

from __future__ import annotations

import mimetypes
import re
from collections.abc import Iterator
from pathlib import Path

from django.conf import settings
from django.http import (
    FileResponse,
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseBase,
    HttpResponseNotModified,
    StreamingHttpResponse,
)
from django.utils.http import http_date
from django.views.decorators.http import require_safe
from django.views.static import was_modified_since

CHUNK_BYTES = 64 * 1024
_RANGE = re.compile(r"bytes=(\d*)-(\d*)", re.IGNORECASE)


class _Unsatisfiable(Exception):
    pass


def _byte_range(header: str, size: int) -> tuple[int, int] | None:
    """The first and last byte asked for, or None to send the whole file.

    Multiple ranges and malformed headers get the whole file, which RFC 9110 allows; a range
    wholly past the end raises ``_Unsatisfiable``.
    """
    match = _RANGE.fullmatch(header.strip())
    if match is None:
        return None
    first, last = match.groups()
    if not first:
        if not last:
            return None
        suffix = int(last)
        if suffix == 0 or size == 0:
            raise _Unsatisfiable
        return max(0, size - suffix), size - 1
    start = int(first)
    if last and int(last) < start:
        return None
    if start >= size:
        raise _Unsatisfiable
    end = min(int(last), size - 1) if last else size - 1
    return start, end


def _read(path: Path, start: int, length: int) -> Iterator[bytes]:
    with path.open("rb") as stream:
        stream.seek(start)
        while length > 0:
            chunk = stream.read(min(CHUNK_BYTES, length))
            if not chunk:
                return
            length -= len(chunk)
            yield chunk


def _resolve(root: Path, path: str) -> Path:
    """The file under ``root``; 404 for anything outside it, symlinks included."""
    try:
        target = (root / path).resolve()
    except (OSError, ValueError) as exc:  # e.g. an embedded NUL byte
        raise Http404 from exc
    if not target.is_relative_to(root) or not target.is_file():
        raise Http404
    # Originals that pages never link to (settings.RUMO_PRIVATE_MEDIA_PREFIXES) stay private,
    # however the path is spelled.
    relative = target.relative_to(root).as_posix()
    if any(relative.startswith(prefix) for prefix in settings.RUMO_PRIVATE_MEDIA_PREFIXES):
        raise Http404
    return target


@require_safe
def serve(
    request: HttpRequest, path: str, document_root: str | Path | None = None
) -> HttpResponseBase:
    target = _resolve(Path(document_root or settings.MEDIA_ROOT).resolve(), path)
    stat = target.stat()
    if not was_modified_since(request.META.get("HTTP_IF_MODIFIED_SINCE"), stat.st_mtime):
        return HttpResponseNotModified()
    content_type, encoding = mimetypes.guess_type(target.name)
    if encoding or not content_type:
        # Ranges count the stored bytes, so a .gz is sent as it is, never as Content-Encoding.
        content_type = "application/octet-stream"
    last_modified = http_date(stat.st_mtime)
    size = stat.st_size

    byte_range = None
    header = request.headers.get("Range")
    if_range = request.headers.get("If-Range")
    # A stale If-Range means the file changed since the client's first part: start over.
    if header and (if_range is None or if_range.strip() == last_modified):
        try:
            byte_range = _byte_range(header, size)
        except _Unsatisfiable:
            response = HttpResponse(status=416)
            response.headers["Content-Range"] = f"bytes */{size}"
            response.headers["Accept-Ranges"] = "bytes"
            return response

    if byte_range is None:
        response: HttpResponseBase = FileResponse(target.open("rb"), content_type=content_type)
        response.headers["Content-Length"] = str(size)
    else:
        start, end = byte_range
        length = end - start + 1
        response = StreamingHttpResponse(
            _read(target, start, length), status=206, content_type=content_type
        )
        response.headers["Content-Range"] = f"bytes {start}-{end}/{size}"
        response.headers["Content-Length"] = str(length)
    response.headers["Accept-Ranges"] = "bytes"
    response.headers["Last-Modified"] = last_modified
    return response
