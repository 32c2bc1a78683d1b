"""The public surface of ``curriculum`` for ``lms``: functions in, plain dataclasses out."""

from __future__ import annotations

import time
from collections import defaultdict
from decimal import Decimal
from typing import Any
from uuid import UUID

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Page, Site

from curriculum.blocks.facilitation import AgendaMethod
from curriculum.data import (
    AgendaItem,
    BlockRef,
    CurriculumOutline,
    LiveSession,
    ModuleOutline,
    OptionDef,
    QuestionDef,
    QuizDef,
    QuizText,
    SessionOutline,
)
from curriculum.markdown import render_markdown
from curriculum.models import CurriculumPage, ModulePage, SessionPage
from curriculum.models.mixins import BusinessLevel
from curriculum.offline import OfflineFile, OfflinePage
from curriculum.offline import page_offline as _page_offline
from curriculum.per_request import forget, once_per_request

__all__ = [
    "BusinessLevel",
    "OfflineFile",
    "OfflinePage",
    "curricula_live",
    "curricula_live_list",
    "curriculum_outline",
    "live_session_get",
    "offline_page_live",
    "page_offline",
    "refresher_search",
    "session_agenda",
    "session_for_key",
    "session_is_refresher",
    "session_live",
    "session_outline",
    "session_outlines",
    "session_quiz",
]

_METHOD_LABELS = dict(AgendaMethod.choices)
TRACKED_KINDS = ("video", "quiz", "reflection", "resource")


def session_agenda(*, session: SessionPage) -> list[AgendaItem]:
    """The facilitator guide's timed agenda, with each activity's start minute."""
    items: list[AgendaItem] = []
    start = 0
    for block in session.facilitator_guide:
        if block.block_type != "agenda_item":
            continue
        value = block.value
        minutes = value["minutes"] or 0
        items.append(
            AgendaItem(
                block_id=block.id,
                title=value["title"],
                minutes=minutes,
                method=value["method"],
                method_label=str(_METHOD_LABELS.get(value["method"], value["method"])),
                starts_at_minute=start,
                instructions_html=render_markdown(value["instructions"]),
                tips=value["tips"],
            )
        )
        start += minutes
    return items


def _tracked_from_raw(raw: list[dict[str, Any]]) -> tuple[BlockRef, ...]:
    """Tracked blocks read from the stored JSON: no block objects, no queries."""
    refs = []
    for item in raw:
        kind = item.get("type")
        if kind in TRACKED_KINDS:
            value = item.get("value") or {}
            required = kind != "resource" and bool(value.get("required", True))
            refs.append(BlockRef(id=item["id"], kind=kind, required=required))
    return tuple(refs)


def _quizzes_from_raw(raw: list[dict[str, Any]]) -> tuple[QuizText, ...]:
    """Quiz titles and question prompts read from the stored JSON, like ``_tracked_from_raw``."""
    quizzes = []
    for item in raw:
        if item.get("type") == "quiz":
            value = item.get("value") or {}
            questions = tuple(
                (question["id"], (question.get("value") or {}).get("prompt", ""))
                for question in value.get("questions") or ()
            )
            quizzes.append(QuizText(item["id"], value.get("title", ""), questions))
    return tuple(quizzes)


def _outline(session: SessionPage, curriculum_key: UUID) -> SessionOutline:
    return SessionOutline(
        page_id=session.pk,
        key=session.translation_key,
        curriculum_key=curriculum_key,
        title=session.title,
        url=session.url,
        number=session.number,
        self_paced_minutes=session.self_paced_minutes,
        tracked=_tracked_from_raw(session.body.raw_data),
        levels=tuple(session.levels or ()),
        quizzes=_quizzes_from_raw(session.body.raw_data),
    )


def _live(queryset: QuerySet) -> QuerySet:
    return queryset.live().public()


def session_live(*, page_id: int) -> SessionPage | None:
    return _live(SessionPage.objects.filter(pk=page_id)).select_related("locale").first()


def session_for_key(*, session_key: UUID, language: str) -> SessionPage | None:
    """The live session with this translation key in ``language``, else in any language."""
    pages = list(
        _live(SessionPage.objects.filter(translation_key=session_key)).select_related("locale")
    )
    return next((p for p in pages if p.locale.language_code == language), None) or (
        pages[0] if pages else None
    )


def session_is_refresher(*, session: SessionPage) -> bool:
    """True when the session belongs to a refresher module (lessons open to every learner)."""
    return ModulePage.objects.filter(refresher=True).ancestor_of(session).exists()


def session_outline(*, session: SessionPage) -> SessionOutline:
    return _outline(session, _curriculum_key_of(session))


def _curriculum_key_of(session: SessionPage) -> UUID:
    """The translation key of the session's curriculum: kept on the page object for the rest
    of the request and in the cache under the content version (a move bumps it)."""
    known = session.__dict__.get("_curriculum_key")
    if known is not None:
        return known
    cache_key = f"curriculum:curriculum-of:{content_version()}:{session.pk}"
    key = cache.get(cache_key)
    if key is None:
        curriculum = CurriculumPage.objects.ancestor_of(session).only("translation_key").first()
        key = curriculum.translation_key if curriculum else session.translation_key
        cache.set(cache_key, key, timeout=OUTLINE_CACHE_SECONDS)
    session.__dict__["_curriculum_key"] = key
    return key


def page_translation_url(*, page: Page, language: str, request: HttpRequest | None) -> str:
    """The URL of the live translation of ``page`` in ``language``, or "" when there is
    none: for the language switch every page shows. Kept in the cache under the content
    version (publishing, unpublishing, moving or translating a page replaces it)."""
    site = Site.find_for_request(request) if request is not None else None
    key = (
        f"curriculum:translation-url:{content_version()}:{getattr(site, 'pk', None)}:"
        f"{page.pk}:{language}"
    )
    url = cache.get(key)
    if url is None:
        translation = page.get_translations().filter(locale__language_code=language).live()
        found = translation.first()
        url = (found.get_url(request=request) or "") if found is not None else ""
        cache.set(key, url, timeout=OUTLINE_CACHE_SECONDS)
    return url


def curricula_live(*, language: str) -> QuerySet[CurriculumPage]:
    return _live(CurriculumPage.objects.filter(locale__language_code=language)).order_by("path")


def curricula_live_list(*, language: str) -> list[CurriculumPage]:
    """``curricula_live`` read once per content version and language (My path lists them
    on every visit): from the cache while no page changes."""
    key = f"curriculum:curricula-live:{content_version()}:{language}"
    pages = cache.get(key)
    if not isinstance(pages, list):
        pages = list(curricula_live(language=language))
        cache.set(key, pages, timeout=OUTLINE_CACHE_SECONDS)
    return pages


CONTENT_VERSION_KEY = "curriculum:content-version"
# A ceiling on staleness where a change cannot reach the cache (a local-memory cache in the
# web process while a separate worker publishes a scheduled page).
OUTLINE_CACHE_SECONDS = 600
# How long a process keeps an outline it has read from the cache: every page that shows one
# then skips unpickling it (some 80 objects), while a change is still seen at once, because
# the content version is read from the shared cache on every call.
OUTLINE_MEMO_SECONDS = 60
# Part of the cache key: outlines pickled by code with other fields are never read back.
OUTLINE_FORMAT = 2
_outlines_read: dict[str, tuple[float, CurriculumOutline]] = {}


def _version_new() -> int:
    """A version for a cache that has none: the clock in milliseconds, not 1, so after a
    flush or an eviction versions (and so the keys of outlines kept in a process) are not
    reused."""
    return time.time_ns() // 1_000_000


def content_version() -> int:
    """The version of the published content, from the shared cache; read once per request
    (``per_request``)."""
    return once_per_request(
        CONTENT_VERSION_KEY, lambda: cache.get_or_set(CONTENT_VERSION_KEY, _version_new, None)
    )


def content_changed() -> None:
    """Called on every page save, delete, move, publish and unpublish (``signals.py``): the
    cached outlines of the previous version are never read again.

    The version moves at once and again when the transaction that made the change commits.
    Between the two, another request still reads the rows as they were before the change (it
    is not committed yet) and may keep what it built from them under the new version: a page
    still live after its unpublishing, a lesson without its new view restriction. The second
    move leaves that behind too."""
    _version_bump()
    transaction.on_commit(_version_bump)


def _version_bump() -> None:
    forget(CONTENT_VERSION_KEY)
    try:
        cache.incr(CONTENT_VERSION_KEY)
    except ValueError:  # not in the cache (evicted, or a fresh cache)
        cache.set(CONTENT_VERSION_KEY, _version_new(), timeout=None)


def curriculum_outline(*, curriculum_key: UUID, language: str) -> CurriculumOutline | None:
    """A curriculum's modules and sessions in one language (falling back to any): from the
    process or the cache while the content is unchanged, else built in three queries
    whatever its size."""
    key = f"curriculum:outline:{OUTLINE_FORMAT}:{content_version()}:{curriculum_key}:{language}"
    now = time.monotonic()
    kept = _outlines_read.get(key)
    if kept is not None and kept[0] > now:
        return kept[1]
    outline = cache.get(key)
    if outline is None:
        outline = _curriculum_outline_build(curriculum_key=curriculum_key, language=language)
        if outline is not None:
            cache.set(key, outline, timeout=OUTLINE_CACHE_SECONDS)
    if outline is not None:
        if len(_outlines_read) >= 64:  # a few curricula × languages; old versions go
            _outlines_read.clear()
        _outlines_read[key] = (now + OUTLINE_MEMO_SECONDS, outline)
    return outline


def session_outlines(*, curriculum_key: UUID, language: str) -> list[SessionOutline]:
    """A curriculum's sessions in curriculum order, each in ``language`` where its page is
    translated and in the source language (``LANGUAGE_CODE``) where it is not yet: a session
    added to the source but not translated still appears. Read from the cached outlines."""
    outline = curriculum_outline(curriculum_key=curriculum_key, language=language)
    sessions = list(outline.sessions) if outline else []
    source_language = get_supported_content_language_variant(settings.LANGUAGE_CODE)
    if language == source_language:
        return sessions
    source = curriculum_outline(curriculum_key=curriculum_key, language=source_language)
    if source is None or {s.key for s in source.sessions} <= {s.key for s in sessions}:
        return sessions
    translated = {s.key: s for s in sessions}
    merged = [translated.pop(s.key, s) for s in source.sessions]
    return merged + list(translated.values())  # translations whose source is gone, last


def _curriculum_outline_build(*, curriculum_key: UUID, language: str) -> CurriculumOutline | None:
    pages = _live(CurriculumPage.objects.filter(translation_key=curriculum_key)).select_related(
        "locale"
    )
    curriculum = (
        next((p for p in pages if p.locale.language_code == language), None) or pages.first()
    )
    if curriculum is None:
        return None
    modules = list(_live(ModulePage.objects.child_of(curriculum)).order_by("path"))
    sessions_by_module: dict[str, list[SessionOutline]] = defaultdict(list)
    sessions = _live(SessionPage.objects.descendant_of(curriculum)).order_by("path")
    for session in sessions:
        sessions_by_module[session.path[: -Page.steplen]].append(
            _outline(session, curriculum.translation_key)
        )
    return CurriculumOutline(
        page_id=curriculum.pk,
        key=curriculum.translation_key,
        kind=curriculum.kind,
        title=curriculum.title,
        summary=curriculum.summary,
        url=curriculum.url,
        modules=tuple(
            ModuleOutline(
                key=m.translation_key,
                title=m.title,
                number=m.number,
                sessions=tuple(sessions_by_module[m.path]),
            )
            for m in modules
        ),
    )


def _decimal(value: Any) -> Decimal | None:
    if value is None or value == "":
        return None
    return Decimal(str(value))


def session_quiz(*, session: SessionPage, block_id: str) -> QuizDef | None:
    """The quiz block ``block_id`` of ``session`` with its answers, for server-side scoring."""
    return next((q for q in _session_quizzes(session) if q.block_id == block_id), None)


def _session_quizzes(session: SessionPage) -> tuple[QuizDef, ...]:
    # Only the quiz blocks are made Python values: going through the whole body would also
    # look up every video block's video, captions and renditions.
    return tuple(_quiz_def(block) for block in session.body.blocks_by_name("quiz"))


def _quiz_def(block) -> QuizDef:
    value = block.value
    questions = []
    for child in value["questions"]:
        q = child.value
        options: tuple[OptionDef, ...] = ()
        if child.block_type != "numeric":
            options = tuple(
                OptionDef(
                    id=o.id,
                    text=o.value["text"],
                    correct=bool(o.value["correct"]),
                    feedback=o.value["feedback"],
                )
                for o in q["options"].bound_blocks
            )
        questions.append(
            QuestionDef(
                id=child.id,
                kind=child.block_type,
                prompt=q["prompt"],
                explanation=q["explanation"],
                options=options,
                answer=_decimal(q.get("answer")),
                tolerance=_decimal(q.get("tolerance")) or Decimal(0),
                unit=q.get("unit", ""),
                feedback_correct=q.get("feedback_correct", ""),
                feedback_incorrect=q.get("feedback_incorrect", ""),
            )
        )
    return QuizDef(
        block_id=block.id,
        title=value["title"],
        pass_mark=value["pass_mark"],
        questions=tuple(questions),
    )


# Part of the cache key: live sessions pickled by code with other fields are never read back.
LIVE_SESSION_FORMAT = 1


def live_session_get(*, page_id: int) -> LiveSession | None:
    """``session_live`` as a learner's writes need it (``LiveSession``: the outline, the
    language, the quizzes with their answers), kept in the cache under the content version:
    no query while no page changes. Publishing, unpublishing, moving or deleting a page and
    adding or removing a view restriction bump the version, so a session that stopped being
    live and public is None at once, as it is for ``session_live``. Only sessions found are
    kept: an unknown page id costs its queries every time, and fills no cache."""
    key = f"curriculum:live-session:{LIVE_SESSION_FORMAT}:{content_version()}:{page_id}"
    found = cache.get(key)
    if isinstance(found, LiveSession):
        return found
    session = session_live(page_id=page_id)
    if session is None:
        return None
    found = LiveSession(
        outline=session_outline(session=session),
        language=session.locale.language_code,
        quizzes=_session_quizzes(session),
    )
    cache.set(key, found, timeout=OUTLINE_CACHE_SECONDS)
    return found


def refresher_search(*, query: str, language: str) -> list[SessionPage]:
    """Refresher lessons in ``language`` matching ``query`` (all of them when it is empty),
    with Wagtail search."""
    modules = list(_live(ModulePage.objects.filter(refresher=True, locale__language_code=language)))
    if not modules:
        return []
    prefixes = tuple(m.path for m in modules)
    # Search can filter on indexed fields only: the locale id is one, its code is not.
    sessions = _live(SessionPage.objects.filter(locale_id=modules[0].locale_id))
    if query:
        results = list(sessions.search(query, operator="or"))
    else:
        results = list(sessions.order_by("path"))
    return [s for s in results if s.path.startswith(prefixes)]


def offline_page_live(*, page_id: int) -> Page | None:
    """A live session or module page, for its "Download for offline"; view restrictions are
    left to the caller, which checks them against the request as Wagtail's ``serve`` does."""
    return (
        Page.objects.live()
        .type(SessionPage, ModulePage)
        .filter(pk=page_id)
        .select_related("locale")
        .first()
    )


def page_offline(*, page: Page, resource_url, variant: str = "") -> OfflinePage | None:
    """What the phone fetches to open ``page`` (a session, or a module and its sessions)
    offline, each URL with its size (``curriculum.offline``)."""
    return _page_offline(
        page=page, resource_url=resource_url, version=f"{content_version()}:{variant}"
    )
