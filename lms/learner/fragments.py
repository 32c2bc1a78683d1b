"""A session page's learner content rendered once per page revision and language, and filled
with one learner's state on each request.

The article (StreamField blocks, Markdown, video markup, quiz prompts, pager) is rendered by
``curriculum/includes/session_article.html`` into a *skeleton*: HTML in which every piece
that belongs to one learner (progress per block, resume position, latest answers and quiz
feedback, reflection text, CSRF and form tokens) is a marker left by ``learner_tags``:

    <!--@if complete:BLOCK-->...<!--@end-->   kept when the condition holds ("!" negates)
    <!--@v resume:BLOCK-->                    replaced by an escaped value

The skeleton is cached under the content version (bumped on every page save, publish,
unpublish, move and translation sync, and on media changes), the page's latest revision, the
language, whether the visitor is signed in and whether data saver is on (only the 240p video
and phone-width images: two variants, chosen per request from the account's setting); a
visitor's skeleton has no markers at all.
Markers cannot come from content: every author text is autoescaped (``<`` becomes ``&lt;``)
or sanitised by nh3, which drops comments. Nothing of a learner is ever in the cache: the
skeleton is rendered with no learner records in its context.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property

from django.core.cache import cache
from django.http import HttpRequest
from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

from curriculum import api as curriculum_api
from curriculum.models import SessionPage
from lms.accounts.models import User
from lms.accounts.selectors import user_data_saver
from lms.portfolio.models import Reflection
from lms.progress.models import BlockProgress
from lms.quizzes.models import QuizAnswer
from lms.quizzes.selectors import QuizSummary

from .state import LearnerState, learner_state_get

ARTICLE_TEMPLATE = "curriculum/includes/session_article.html"
# Part of the cache key: skeletons written by templates with other markers are never read.
FRAGMENT_FORMAT = 1
FRAGMENT_CACHE_SECONDS = 24 * 3600
MARKER = re.compile(r"<!--@(if|end|v)(?: ([!\w:.-]*))?-->")


@dataclass(frozen=True)
class Skeleton:
    html: str
    has_markers: bool
    needs_readers: bool


def _key(page: SessionPage, language: str, authenticated: bool, data_saver: bool) -> str:
    version = curriculum_api.content_version()
    return (
        f"learner:article:{FRAGMENT_FORMAT}:{version}:{page.pk}:{page.latest_revision_id}:"
        f"{language}:{int(authenticated)}:{int(data_saver)}"
    )


def article_skeleton(
    *, page: SessionPage, request: HttpRequest, context: dict, language: str
) -> Skeleton:
    """The article of ``page`` for a visitor or for any signed-in learner: from the cache, or
    rendered now (once per revision and language). A request with a query string (a
    calculator computed on the server without JavaScript) and an editor's preview of a draft
    (same revision id, other content) are rendered for themselves."""
    authenticated = request.user.is_authenticated
    data_saver = user_data_saver(user=request.user)
    cacheable = not request.GET and not getattr(request, "is_preview", False)
    key = _key(page, language, authenticated, data_saver)
    if cacheable:
        skeleton = cache.get(key)
        if isinstance(skeleton, Skeleton):
            return skeleton
    html = render_to_string(
        ARTICLE_TEMPLATE,
        {
            **context,
            "page": page,
            "state": SkeletonState(authenticated=authenticated, data_saver=data_saver),
        },
        request=request,
    )
    skeleton = Skeleton(
        html=html,
        has_markers="<!--@" in html,
        needs_readers="<!--@if readers-->" in html,
    )
    if cacheable:
        cache.set(key, skeleton, timeout=FRAGMENT_CACHE_SECONDS)
    return skeleton


@dataclass(frozen=True)
class SkeletonState:
    """What the article template knows while the skeleton is rendered: only whether the
    visitor is signed in and whether data saver is on. Per-learner records are markers,
    filled by ``LearnerSlots``."""

    authenticated: bool
    data_saver: bool = False
    skeleton: bool = True


class LearnerSlots:
    """One learner's records for one session (``state.py``: kept in the cache between
    visits), read when the first marker asks, and answered as conditions and escaped
    values."""

    def __init__(self, *, request: HttpRequest, page: SessionPage, readers: list[str]) -> None:
        self.request = request
        self.learner: User = request.user
        self.key = page.translation_key
        self.readers = readers

    @cached_property
    def state(self) -> LearnerState:
        return learner_state_get(learner=self.learner, session_key=self.key)

    @property
    def blocks(self) -> dict[str, BlockProgress]:
        return self.state.blocks

    @property
    def quizzes(self) -> dict[str, QuizSummary]:
        return self.state.quizzes

    @cached_property
    def answers(self) -> dict[str, QuizAnswer]:
        return {q: a for s in self.quizzes.values() for q, a in s.latest_answers.items()}

    @property
    def reflections(self) -> dict[str, Reflection]:
        return self.state.reflections

    def test(self, name: str, args: list[str]) -> bool:
        check = self._tests.get(name)
        return bool(check and check(self, *args))

    def value(self, name: str, args: list[str]) -> str:
        produce = self._values.get(name)
        return produce(self, *args) if produce else ""

    def _complete(self, block_id: str) -> bool:
        row = self.blocks.get(block_id)
        return row is not None and row.is_complete

    def _chosen(self, question_id: str, option_id: str) -> bool:
        answer = self.answers.get(question_id)
        return answer is not None and option_id in (answer.response or [])

    def _answer_correct(self, question_id: str) -> bool:
        answer = self.answers.get(question_id)
        return answer is not None and answer.correct

    def _numeric(self, question_id: str) -> str:
        answer = self.answers.get(question_id)
        return escape(answer.response[0]) if answer and answer.response else ""

    def _resume(self, block_id: str) -> str:
        row = self.blocks.get(block_id)
        return f"{row.position_seconds:.1f}" if row else ""

    def _quiz_result(self, block_id: str) -> str:
        summary = self.quizzes.get(block_id)
        return escape(summary.text) if summary else ""

    def _reflection_text(self, block_id: str) -> str:
        row = self.reflections.get(block_id)
        return escape(row.text) if row else ""

    def _reflection_saved_at(self, block_id: str) -> str:
        row = self.reflections.get(block_id)
        when = timezone.localtime(row.updated_at) if row else None
        return escape(date_format(when, "SHORT_DATETIME_FORMAT")) if when else ""

    def _reflection_shared(self, block_id: str) -> bool:
        row = self.reflections.get(block_id)
        return row is not None and row.shared

    def _csrf(self) -> str:
        # Per session and masked afresh per response: never part of a cached skeleton.
        return format_html(
            '<input type="hidden" name="csrfmiddlewaretoken" value="{}">', get_token(self.request)
        )

    _tests: dict[str, Callable[..., bool]] = {
        "complete": _complete,
        "progress": lambda self, block_id: block_id in self.blocks,
        "quiz_tried": lambda self, block_id: block_id in self.quizzes,
        "answered": lambda self, question_id: question_id in self.answers,
        "correct": _answer_correct,
        "chosen": _chosen,
        "reflection_saved": lambda self, block_id: block_id in self.reflections,
        "reflection_shared": _reflection_shared,
        "readers": lambda self: bool(self.readers),
    }
    _values: dict[str, Callable[..., str]] = {
        "resume": _resume,
        "numeric": _numeric,
        "quiz_result": _quiz_result,
        "reflection_text": _reflection_text,
        "reflection_saved_at": _reflection_saved_at,
        "readers": lambda self: escape(", ".join(self.readers)),
        "csrf": _csrf,
        "form_token": lambda self: str(uuid.uuid4()),
        "now": lambda self: timezone.now().isoformat(),
    }


def skeleton_fill(*, html: str, slots: LearnerSlots) -> SafeString:
    """Replace the markers of a skeleton with one learner's state, in one pass."""
    out: list[str] = []
    hiding: list[bool] = []  # per open "if": does it hide its content?
    hidden = 0
    position = 0
    for match in MARKER.finditer(html):
        if not hidden:
            out.append(html[position : match.start()])
        position = match.end()
        kind, spec = match.group(1), match.group(2) or ""
        if kind == "end":
            if hiding and hiding.pop():
                hidden -= 1
            continue
        if kind == "v":
            if not hidden:
                name, *args = spec.split(":")
                out.append(slots.value(name, args))
            continue
        if hidden:  # inside a hidden section: hidden too, whatever it says
            hiding.append(True)
            hidden += 1
            continue
        negate = spec.startswith("!")
        name, *args = spec.lstrip("!").split(":")
        hides = slots.test(name, args) == negate
        hiding.append(hides)
        hidden += hides
    if not hidden:
        out.append(html[position:])
    return mark_safe("".join(out))  # noqa: S308 - a rendered template and escaped values
