"""Question blocks of a survey instrument.

Every question carries a ``key`` that reports read (``monthly_income``, ``soft_skill_planning``).
The key block is not a text block, so wagtail-localize synchronises it from the source instead
of offering it for translation: the Spanish instrument asks in Spanish and stores its answers
under the same keys. Limits (maximum amounts and counts) and choice values are synchronised
the same way; only prompts, help texts, option labels and scale labels are translated."""

from __future__ import annotations

import re
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks import StreamBlockValidationError

KEY_PATTERN = r"^[a-z][a-z0-9_]{1,59}$"
SOFT_SKILL_PREFIX = "soft_skill_"
MONEY_MAX = Decimal(100_000_000)
COUNT_MAX = 1_000

# Keys that reports read, with the kind of question each must be.
KNOWN_KEYS = {
    "monthly_income": "money",
    "monthly_sales": "money",
    "employment_status": "choice",
    "employees_full_time": "count",
    "employees_part_time": "count",
}


class QuestionKeyBlock(blocks.RegexBlock):
    """A stable, language-neutral identifier (a RegexBlock, not a CharBlock, so that
    translation copies it instead of translating it)."""

    def __init__(self, **kwargs):
        super().__init__(
            regex=KEY_PATTERN,
            max_length=60,
            error_messages={
                "invalid": _(
                    "Use lower-case letters, digits and underscores, starting with a letter "
                    "(for example monthly_income)."
                )
            },
            **kwargs,
        )


class BaseQuestionBlock(blocks.StructBlock):
    key = QuestionKeyBlock(
        label=_("Question key"),
        help_text=_(
            "Reports read answers by this key: keep it when you reword the question, "
            "change it only for a different question."
        ),
    )
    prompt = blocks.CharBlock(label=_("Question"), max_length=300)
    help_text = blocks.CharBlock(label=_("Help text"), max_length=300, required=False)
    business_only = blocks.BooleanBlock(
        label=_("Only for people who run a business"),
        required=False,
        help_text=_("Shown in its own section, which people without a business skip."),
    )
    kind = ""

    class Meta:
        icon = "help"


class MoneyQuestionBlock(BaseQuestionBlock):
    maximum = blocks.DecimalBlock(
        label=_("Largest amount accepted"),
        min_value=Decimal(1),
        max_value=MONEY_MAX,
        decimal_places=0,
        default=Decimal(10_000_000),
    )
    kind = "money"

    class Meta:
        icon = "decimal"
        label = _("Amount of money")
        preview_value = {"key": "monthly_income", "prompt": _("Your income last month")}


class CountQuestionBlock(BaseQuestionBlock):
    maximum = blocks.IntegerBlock(
        label=_("Largest number accepted"), min_value=1, max_value=COUNT_MAX, default=500
    )
    kind = "count"

    class Meta:
        icon = "list-ol"
        label = _("Whole number")
        preview_value = {"key": "employees_full_time", "prompt": _("Full-time employees")}


class OptionBlock(blocks.StructBlock):
    value = QuestionKeyBlock(label=_("Stored value"))
    label = blocks.CharBlock(label=_("Option"), max_length=150)

    class Meta:
        icon = "radio-full"
        label = _("Option")


class ChoiceQuestionBlock(BaseQuestionBlock):
    options = blocks.ListBlock(OptionBlock(), label=_("Options"), min_num=2, max_num=12)
    kind = "choice"

    def clean(self, value):
        value = super().clean(value)
        values = [option["value"] for option in value["options"]]
        if len(set(values)) != len(values):
            raise blocks.StructBlockValidationError(
                non_block_errors=[ValidationError(_("Two options have the same stored value."))]
            )
        return value

    class Meta:
        icon = "radio-full"
        label = _("Single choice")


class RatingQuestionBlock(BaseQuestionBlock):
    """A self-assessment from 1 to 5; its key starts with ``soft_skill_``."""

    low_label = blocks.CharBlock(label=_("What 1 means"), max_length=80)
    high_label = blocks.CharBlock(label=_("What 5 means"), max_length=80)
    kind = "rating"

    class Meta:
        icon = "pick"
        label = _("Rating from 1 to 5")


def _key_error(key: str, kind: str) -> str | None:
    expected = KNOWN_KEYS.get(key)
    if expected and expected != kind:
        return str(_("The key %(key)s is read by reports as another kind of question.")) % {
            "key": key
        }
    if kind == "rating" and not key.startswith(SOFT_SKILL_PREFIX):
        return str(_("A rating's key starts with soft_skill_ (for example soft_skill_teamwork)."))
    if kind != "rating" and key.startswith(SOFT_SKILL_PREFIX):
        return str(_("Keys starting with soft_skill_ are for ratings from 1 to 5."))
    return None


class QuestionStreamBlock(blocks.StreamBlock):
    money = MoneyQuestionBlock()
    count = CountQuestionBlock()
    choice = ChoiceQuestionBlock()
    rating = RatingQuestionBlock()

    def clean(self, value):
        value = super().clean(value)
        seen: set[str] = set()
        errors: dict[int, ValidationError] = {}
        for index, child in enumerate(value):
            key = child.value["key"]
            if key in seen:
                errors[index] = ValidationError(
                    _("The key %(key)s is used twice in this instrument.") % {"key": key}
                )
            seen.add(key)
            problem = _key_error(key, child.block.kind)
            if problem and index not in errors:
                errors[index] = ValidationError(problem)
        if errors:
            raise StreamBlockValidationError(block_errors=errors)
        return value

    class Meta:
        min_num = 1
        max_num = 40
        label = _("Questions")


def key_valid(key: str) -> bool:
    return bool(re.fullmatch(KEY_PATTERN, key))
