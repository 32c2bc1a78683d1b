"""Quiz blocks. Every question and option is a block with a stable id, so a learner's answer
is recorded against the id, never against the (translated) text. Scoring happens on the
server (``curriculum.api``), never from what the browser says is correct."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks import StructBlockValidationError


class OptionBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("Option"), max_length=300)
    correct = blocks.BooleanBlock(label=_("Correct"), required=False)
    feedback = blocks.TextBlock(
        label=_("Feedback"),
        required=False,
        rows=2,
        help_text=_("Shown to the learner after choosing this option."),
    )

    class Meta:
        icon = "radio-full"
        label = _("Option")
        form_classname = "struct-block rumo-option"


class BaseQuestionBlock(blocks.StructBlock):
    prompt = blocks.TextBlock(label=_("Question"), rows=2)
    explanation = blocks.TextBlock(
        label=_("Explanation"),
        required=False,
        rows=3,
        help_text=_("Shown after answering: why the right answer is right."),
    )

    class Meta:
        template = "curriculum/blocks/question.html"


class ChoiceQuestionBlock(BaseQuestionBlock):
    """Single choice: exactly one option is correct."""

    options = blocks.ListBlock(OptionBlock(), label=_("Options"), min_num=2, max_num=8)
    min_correct = 1
    max_correct: int | None = 1
    exact_options: int | None = None

    def clean(self, value):
        value = super().clean(value)
        options = list(value["options"])
        correct = sum(1 for option in options if option["correct"])
        errors = []
        if self.exact_options is not None and len(options) != self.exact_options:
            errors.append(
                ValidationError(
                    _("This question needs exactly %(count)d options; it has %(given)d.")
                    % {"count": self.exact_options, "given": len(options)}
                )
            )
        if correct < self.min_correct:
            errors.append(ValidationError(_("Mark at least one option as correct.")))
        elif self.max_correct is not None and correct > self.max_correct:
            errors.append(
                ValidationError(
                    _(
                        "Only one option may be correct in this kind of question; "
                        "%(given)d are marked."
                    )
                    % {"given": correct}
                )
            )
        if errors:
            raise StructBlockValidationError(non_block_errors=errors)
        return value

    class Meta:
        icon = "radio-full"
        label = _("Single choice")
        preview_value = {
            "prompt": _("Which of these is a need rather than a want?"),
            "options": [
                {"text": _("Rent"), "correct": True, "feedback": _("Yes: a place to live.")},
                {"text": _("A new phone"), "correct": False, "feedback": _("Usually a want.")},
            ],
        }


class MultipleChoiceQuestionBlock(ChoiceQuestionBlock):
    """Multiple choice: one or more options are correct; all must be chosen."""

    max_correct = None

    class Meta:
        icon = "tick-inverse"
        label = _("Multiple choice")


class TrueFalseQuestionBlock(ChoiceQuestionBlock):
    """A statement with two options (such as True / False); one is correct."""

    options = blocks.ListBlock(OptionBlock(), label=_("Options"), min_num=2, max_num=2)
    exact_options = 2

    class Meta:
        icon = "help"
        label = _("True or false")


class NumericQuestionBlock(BaseQuestionBlock):
    answer = blocks.DecimalBlock(label=_("Correct answer"), decimal_places=4, max_digits=18)
    tolerance = blocks.DecimalBlock(
        label=_("Tolerance"),
        decimal_places=4,
        max_digits=18,
        default=Decimal(0),
        help_text=_("Answers within this distance of the correct answer count as right."),
    )
    unit = blocks.CharBlock(label=_("Unit"), required=False, max_length=20)
    feedback_correct = blocks.TextBlock(label=_("Feedback when right"), required=False, rows=2)
    feedback_incorrect = blocks.TextBlock(label=_("Feedback when wrong"), required=False, rows=2)

    def clean(self, value):
        value = super().clean(value)
        tolerance = value.get("tolerance")
        if tolerance is not None and tolerance < 0:
            raise StructBlockValidationError(
                block_errors={
                    "tolerance": ValidationError(
                        _("The tolerance cannot be negative (it is %(value)s).")
                        % {"value": tolerance}
                    )
                }
            )
        return value

    class Meta:
        icon = "decimal"
        label = _("Numeric answer")
        preview_value = {
            "prompt": _("You save 50 a week. How much after 4 weeks?"),
            "answer": Decimal(200),
            "tolerance": Decimal(0),
        }


class QuestionStreamBlock(blocks.StreamBlock):
    single_choice = ChoiceQuestionBlock()
    multiple_choice = MultipleChoiceQuestionBlock()
    true_false = TrueFalseQuestionBlock()
    numeric = NumericQuestionBlock()

    class Meta:
        min_num = 1
        label = _("Questions")


class QuizBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Title"), max_length=150)
    pass_mark = blocks.IntegerBlock(
        label=_("Pass mark (%)"), min_value=0, max_value=100, default=75
    )
    questions = QuestionStreamBlock()
    required = blocks.BooleanBlock(
        label=_("Required to complete the session"), required=False, default=True
    )

    class Meta:
        icon = "form"
        label = _("Quiz")
        template = "curriculum/blocks/quiz.html"
        preview_value = {"title": _("Check what you learned"), "pass_mark": 75}
