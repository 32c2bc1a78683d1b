"""The two streams of a session: what learners see, and the facilitator's guide."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks

from .activities import TakeHomeActivityBlock
from .assessment import QuizBlock
from .calculators import (
    BreakEvenCalculatorBlock,
    CashFlowCalculatorBlock,
    PriceCalculatorBlock,
)
from .facilitation import AgendaItemBlock, FacilitatorNoteBlock, MaterialsBlock, ObjectivesBlock
from .media import ImageBlock, ResourceBlock, VideoBlock
from .text import KeyPointsBlock, MarkdownBlock, ReflectionPromptBlock


class LevelVariantBlock(blocks.StructBlock):
    """Content for one business level (enterprise curriculum)."""

    level = blocks.ChoiceBlock(
        label=_("Level"),
        choices=[("1", _("Level 1")), ("2", _("Level 2")), ("3", _("Level 3"))],
    )
    text = MarkdownBlock(label=_("Text"))

    class Meta:
        icon = "pick"
        label = _("For one business level")
        template = "curriculum/blocks/level_variant.html"
        preview_value = {"level": "1", "text": _("Start with a notebook for sales.")}


class LearnerContentBlock(blocks.StreamBlock):
    text = MarkdownBlock()
    image = ImageBlock()
    video = VideoBlock()
    key_points = KeyPointsBlock()
    reflection = ReflectionPromptBlock()
    quiz = QuizBlock()
    resource = ResourceBlock()
    take_home = TakeHomeActivityBlock()
    level_variant = LevelVariantBlock()
    price_calculator = PriceCalculatorBlock()
    break_even_calculator = BreakEvenCalculatorBlock()
    cash_flow_calculator = CashFlowCalculatorBlock()


class FacilitatorGuideBlock(blocks.StreamBlock):
    objectives = ObjectivesBlock()
    materials = MaterialsBlock()
    agenda_item = AgendaItemBlock()
    note = FacilitatorNoteBlock()
