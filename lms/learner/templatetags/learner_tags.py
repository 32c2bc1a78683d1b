"""Template tags curriculum pages load to show a learner's own progress (the one sanctioned
crossing from curriculum to lms)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field

from django import template
from django.utils import timezone

from lms.portfolio.models import Reflection
from lms.portfolio.selectors import reflection_map
from lms.progress.models import BlockProgress
from lms.progress.selectors import block_progress_map
from lms.quizzes.selectors import QuizSummary, quiz_summaries

register = template.Library()


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
