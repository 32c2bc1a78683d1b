from django.utils.translation import gettext_lazy as _
from wagtail import blocks

from .text import MarkdownBlock


class TakeHomeActivityBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Title"), max_length=150)
    instructions = MarkdownBlock(label=_("Instructions"))

    class Meta:
        icon = "tasks"
        label = _("Take-home activity")
        template = "curriculum/blocks/take_home.html"
        preview_value = {
            "title": _("This week"),
            "instructions": _("Write down every expense for seven days."),
        }
