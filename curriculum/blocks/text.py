from django.utils.translation import gettext_lazy as _
from wagtail import blocks

from curriculum.markdown import render_markdown


class MarkdownBlock(blocks.TextBlock):
    """Markdown text, rendered and sanitised on output."""

    def __init__(self, **kwargs):
        kwargs.setdefault("rows", 8)
        kwargs.setdefault(
            "help_text",
            _("Markdown: ## heading, **bold**, *italic*, - list, 1. numbered list, > quote."),
        )
        super().__init__(**kwargs)

    def render_basic(self, value, context=None):
        return render_markdown(value)

    class Meta:
        icon = "doc-full"
        label = _("Text (Markdown)")
        template = "curriculum/blocks/markdown.html"
        preview_value = _(
            "## A heading\n\nA paragraph with **bold** words and a list:\n\n- one\n- two"
        )


class KeyPointsBlock(blocks.StructBlock):
    heading = blocks.CharBlock(label=_("Heading"), required=False, max_length=120)
    points = blocks.ListBlock(
        blocks.CharBlock(label=_("Point"), max_length=300), label=_("Points"), min_num=1
    )

    class Meta:
        icon = "list-ul"
        label = _("Key points")
        template = "curriculum/blocks/key_points.html"
        preview_value = {
            "heading": _("Key points"),
            "points": [_("Know your strengths."), _("Plan one small step.")],
        }


class ReflectionPromptBlock(blocks.StructBlock):
    prompt = blocks.TextBlock(label=_("Question"), rows=3)
    required = blocks.BooleanBlock(
        label=_("Required to complete the session"), required=False, default=True
    )

    class Meta:
        icon = "comment"
        label = _("Reflection prompt")
        template = "curriculum/blocks/reflection_prompt.html"
        preview_value = {"prompt": _("What is one strength you used this week?"), "required": True}
