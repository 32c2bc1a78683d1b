"""What a learner's phone must fetch to open a session or a module with no connection, with
the size of each file, known before a byte is downloaded.

Sizes come from what is stored: the renditions' measured ``size_bytes``, the storage's size of
posters, captions, image renditions and documents. A page's HTML is not stored; its size is
estimated from the page's content (the phone records the real size once it has it). Only the
learner stream (``body``) is walked: the facilitator guide never reaches a download.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from django.core.cache import cache
from django.db.models.fields.files import FieldFile

from curriculum.models import ModulePage, SessionPage
from curriculum.models.snippets import Video

logger = logging.getLogger(__name__)

OFFLINE_FORMAT = 1
OFFLINE_CACHE_SECONDS = 24 * 3600
# The page around the content (header, menus, scripts' tags, forms' tokens), measured on the
# demo's session pages; the content itself is counted from the page's stored text.
PAGE_CHROME_BYTES = 9_000
# The image rendition the session template shows (curriculum/blocks/image.html).
IMAGE_FILTER = "width-720|format-webp"
DEFAULT_HEIGHT = 240


@dataclass(frozen=True)
class OfflineFile:
    """One URL to keep on the phone; ``key`` is the URL the page asks for, when it differs
    (a resource's link records the learner's progress online, and opens the file offline)."""

    url: str
    size: int
    kind: str  # page | video | poster | captions | image | resource
    key: str = ""


@dataclass(frozen=True)
class OfflinePage:
    page_id: int
    title: str
    url: str
    files: tuple[OfflineFile, ...]

    @property
    def size(self) -> int:
        return sum(f.size for f in self.files)


def _stored_size(field: FieldFile) -> int:
    try:
        return field.size if field else 0
    except (OSError, ValueError):  # missing from storage: nothing to fetch, the page copes
        logger.warning("offline: %s is missing from storage", field.name)
        return 0


def _video_files(video: Video | None, height: int) -> list[OfflineFile]:
    if video is None or video.status != Video.Status.READY:
        return []
    renditions = list(video.renditions.all())
    if not renditions:
        return []
    # The chosen height, else the smallest there is (a small upload has no taller one).
    chosen = next((r for r in renditions if r.height == height), renditions[0])
    files = [OfflineFile(chosen.file.url, chosen.size_bytes, "video")]
    if video.poster:
        files.append(OfflineFile(video.poster.url, _stored_size(video.poster), "poster"))
    for track in video.captions.all():
        files.append(OfflineFile(track.file.url, _stored_size(track.file), "captions"))
    return files


def _block_files(session: SessionPage, height: int, resource_url) -> list[OfflineFile]:
    files: list[OfflineFile] = []
    for block in session.body:
        value = block.value
        if block.block_type == "video":
            files += _video_files(value["video"], height)
        elif block.block_type == "image" and value["image"] is not None:
            rendition = value["image"].get_rendition(IMAGE_FILTER)
            files.append(OfflineFile(rendition.url, _stored_size(rendition.file), "image"))
        elif block.block_type == "resource" and value["document"] is not None:
            document = value["document"]
            size = document.file_size or _stored_size(document.file)
            files.append(
                OfflineFile(document.url, size, "resource", key=resource_url(session, block.id))
            )
    return files


def _page_estimate(page) -> int:
    body = getattr(page, "body", None)
    return PAGE_CHROME_BYTES + (len(body.raw_data.__repr__().encode()) if body else 0)


def session_offline(
    *, session: SessionPage, resource_url, height: int = DEFAULT_HEIGHT
) -> OfflinePage:
    """The session page and its media. ``resource_url(session, block_id)`` is the link the
    page shows a signed-in learner for a resource (the learner app owns that view)."""
    page_file = OfflineFile(session.url, _page_estimate(session), "page")
    files = (page_file, *_block_files(session, height, resource_url))
    return OfflinePage(page_id=session.pk, title=session.title, url=session.url, files=files)


def module_offline(
    *, module: ModulePage, resource_url, height: int = DEFAULT_HEIGHT
) -> OfflinePage:
    """The module page and every live session in it, each with its media."""
    files = [OfflineFile(module.url, _page_estimate(module), "page")]
    for session in SessionPage.objects.child_of(module).live().public().order_by("path"):
        files += session_offline(session=session, resource_url=resource_url, height=height).files
    unique = tuple({(f.key or f.url): f for f in files}.values())  # a shared video once
    return OfflinePage(page_id=module.pk, title=module.title, url=module.url, files=unique)


def page_offline(*, page, resource_url, version: str) -> OfflinePage | None:
    """``session_offline`` or ``module_offline`` for a live page, from the cache under the
    content version and the page's revision (a new rendition or caption bumps the version)."""
    specific = page.specific
    if not isinstance(specific, SessionPage | ModulePage):
        return None
    key = (
        f"curriculum:offline:{OFFLINE_FORMAT}:{version}:{specific.pk}:{specific.latest_revision_id}"
    )
    found = cache.get(key)
    if isinstance(found, OfflinePage):
        return found
    build = session_offline if isinstance(specific, SessionPage) else module_offline
    kwargs = {"session": specific} if isinstance(specific, SessionPage) else {"module": specific}
    result = build(resource_url=resource_url, **kwargs)
    cache.set(key, result, timeout=OFFLINE_CACHE_SECONDS)
    return result
