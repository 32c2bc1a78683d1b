"""Template tags curriculum pages load to show a learner's own progress (the one sanctioned
crossing from curriculum to lms)."""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass, field

from django import template
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from lms.learner.fragments import LearnerSlots, Skeleton, article_skeleton, skeleton_fill
from lms.portfolio.models import Reflection
from lms.portfolio.selectors import reflection_map
from lms.progress.models import BlockProgress
from lms.progress.selectors import block_progress_map
from lms.quizzes.selectors import QuizSummary, quiz_summaries

register = template.Library()
_MARKER_UNSAFE = re.compile(r"[^\w!.-]|--")


@dataclass
class SessionState:
    authenticated: bool
    blocks: dict[str, BlockProgress] = field(default_factory=dict)
    quizzes: dict[str, QuizSummary] = field(default_factory=dict)
    reflections: dict[str, Reflection] = field(default_factory=dict)


@register.simple_tag(takes_context=True)
def learner_session_state(context, page) -> SessionState:
    """The signed-in learner's records for this session (in any language): three queries
    plus one for the latest quiz answers, whatever the number of blocks and attempts."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return SessionState(authenticated=False)
    key = page.translation_key
    return SessionState(
        authenticated=True,
        blocks=block_progress_map(learner=user, session_key=key),
        quizzes=quiz_summaries(learner=user, session_key=key),
        reflections=reflection_map(learner=user, session_key=key),
    )


@register.simple_tag(takes_context=True)
def session_article(context, page) -> Skeleton:
    """The session's article for visitors or for any learner, rendered once per page revision
    and language (``lms.learner.fragments``); ``learner_fill`` adds this learner's state."""
    return article_skeleton(
        page=page, request=context["request"], context=context.flatten(), language=get_language()
    )


@register.simple_tag(takes_context=True)
def learner_fill(context, skeleton: Skeleton, page, readers=None) -> SafeString:
    if not skeleton.has_markers:
        return mark_safe(skeleton.html)  # noqa: S308 - a rendered template
    slots = LearnerSlots(request=context["request"], page=page, readers=list(readers or []))
    return skeleton_fill(html=skeleton.html, slots=slots)


def _marker_part(value) -> str:
    """Block and option ids are UUIDs; anything else a stored id might hold is dropped, so no
    id can end a marker early."""
    return _MARKER_UNSAFE.sub("", str(value))


class LearnerIfNode(template.Node):
    def __init__(self, spec: list[template.base.FilterExpression], nodelist) -> None:
        self.spec, self.nodelist = spec, nodelist

    def render(self, context) -> str:
        spec = ":".join(_marker_part(part.resolve(context)) for part in self.spec)
        return f"<!--@if {spec}-->{self.nodelist.render(context)}<!--@end-->"


@register.tag
def learner_if(parser, token):
    """``{% learner_if "complete" block.id %}...{% end_learner_if %}``: a section of the
    skeleton kept or dropped per learner (see ``lms.learner.fragments``; "!name" negates)."""
    bits = token.split_contents()[1:]
    nodelist = parser.parse(("end_learner_if",))
    parser.delete_first_token()
    return LearnerIfNode([parser.compile_filter(bit) for bit in bits], nodelist)


@register.simple_tag
def learner_value(name: str, *args) -> SafeString:
    """A learner's value (escaped when filled) in the skeleton: ``{% learner_value "resume"
    block_id %}``."""
    spec = ":".join(_marker_part(part) for part in (name, *args))
    return mark_safe(f"<!--@v {spec}-->")  # noqa: S308 - letters, digits, "!", "." and "-" only


@register.filter
def lookup(mapping, key):
    if not mapping:
        return None
    return mapping.get(key)


@register.simple_tag
def form_token() -> str:
    """A fresh token per rendered form: a second submit of the same form is ignored."""
    return str(uuid.uuid4())


@register.simple_tag
def now_iso() -> str:
    return timezone.now().isoformat()
