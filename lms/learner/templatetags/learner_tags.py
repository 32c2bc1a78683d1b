"""Template tags curriculum pages load to show a learner's own progress (the one sanctioned
crossing from curriculum to lms)."""

from __future__ import annotations

import re

from django import template
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from lms.learner.fragments import LearnerSlots, Skeleton, article_skeleton, skeleton_fill

register = template.Library()
_MARKER_UNSAFE = re.compile(r"[^\w!.-]|--")


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
