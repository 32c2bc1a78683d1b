"""Facilitator-only blocks. They are used by the session's facilitator guide only, which no
learner-facing page, search index, feed or download ever renders."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks

from .text import MarkdownBlock


class AgendaMethod(blocks.ChoiceBlock):
    choices = [
        ("short_talk", _("Short talk")),
        ("group_work", _("Group work")),
        ("discussion", _("Discussion")),
        ("role_play", _("Role play")),
        ("reflection", _("Individual reflection")),
        ("energizer", _("Energizer")),
        ("video", _("Video")),
        ("break", _("Break")),
    ]


class ObjectivesBlock(blocks.ListBlock):
    def __init__(self, **kwargs):
        super().__init__(blocks.CharBlock(label=_("Objective"), max_length=300), **kwargs)

    class Meta:
        icon = "pick"
        label = _("Objectives")
        template = "curriculum/blocks/facilitation/objectives.html"
        preview_value = [_("Name three personal strengths.")]


class MaterialsBlock(blocks.ListBlock):
    def __init__(self, **kwargs):
        super().__init__(blocks.CharBlock(label=_("Material"), max_length=300), **kwargs)

    class Meta:
        icon = "clipboard-list"
        label = _("Materials")
        template = "curriculum/blocks/facilitation/materials.html"
        preview_value = [_("Flip chart and markers")]


class AgendaItemBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Activity"), max_length=150)
    minutes = blocks.IntegerBlock(label=_("Minutes"), min_value=1, max_value=600)
    method = AgendaMethod(label=_("Method"))
    instructions = MarkdownBlock(label=_("Instructions"))
    tips = blocks.TextBlock(label=_("Tips"), required=False, rows=3)

    class Meta:
        icon = "time"
        label = _("Agenda activity")
        template = "curriculum/blocks/facilitation/agenda_item.html"
        preview_value = {
            "title": _("Welcome circle"),
            "minutes": 20,
            "method": "discussion",
            "instructions": _("Each person says their name and one hope for the course."),
        }


class FacilitatorNoteBlock(blocks.StructBlock):
    text = MarkdownBlock(label=_("Note"))

    class Meta:
        icon = "warning"
        label = _("Facilitator-only note")
        template = "curriculum/blocks/facilitation/note.html"
        preview_value = {"text": _("Some participants may find this topic painful.")}
