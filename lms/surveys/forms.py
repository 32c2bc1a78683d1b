"""The round form, built from an instrument's questions: money typed as people write it
("1.500", "R$ 1.500,00"), whole numbers, one choice, ratings from 1 to 5. Every value is
checked here before the service sees it."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from curriculum.calculators import CalculatorInputError, parse_amount

from .blocks import COUNT_MAX, MONEY_MAX
from .models import Channel
from .selectors import Question

RATING_CHOICES = [(str(n), str(n)) for n in range(1, 6)]
FIELD_PREFIX = "q_"


class MoneyField(forms.CharField):
    def __init__(self, *, maximum: Decimal, **kwargs):
        self.maximum = min(Decimal(maximum), MONEY_MAX)
        kwargs.setdefault("max_length", 40)
        super().__init__(**kwargs)
        self.widget.attrs.update({"inputmode": "decimal", "autocomplete": "off"})

    def clean(self, value):
        text = super().clean(value)
        if text in self.empty_values:
            return None
        try:
            amount = parse_amount(text, language=get_language() or "pt-br")
        except CalculatorInputError as exc:
            if str(exc) == "negative":
                raise forms.ValidationError(_("The amount cannot be negative.")) from exc
            raise forms.ValidationError(
                _("Type an amount with digits only, for example 1.500 or 1.500,50.")
            ) from exc
        if amount > self.maximum:
            raise forms.ValidationError(
                _("That is more than %(max)s: check the number of zeros.")
                % {"max": f"{self.maximum:,.0f}".replace(",", ".")}
            )
        return amount.quantize(Decimal("0.01"))


class RoundForm(forms.Form):
    """One field per question, named ``q_<key>``; ``answers()`` gives them by key."""

    def __init__(self, *args, questions: tuple[Question, ...], with_channel: bool = False, **kw):
        super().__init__(*args, **kw)
        self.questions = questions
        for question in questions:
            self.fields[FIELD_PREFIX + question.key] = self._field(question)
        if with_channel:
            self.fields["channel"] = forms.ChoiceField(
                label=_("How were the answers collected?"),
                choices=[(c.value, c.label) for c in (Channel.PHONE, Channel.PAPER)],
                widget=forms.RadioSelect,
            )

    @staticmethod
    def _field(question: Question) -> forms.Field:
        common = {
            "label": question.prompt,
            "help_text": question.help_text,
            # Business questions are skipped by people without a business.
            "required": not question.business_only,
        }
        if question.kind == "money":
            return MoneyField(maximum=question.maximum or MONEY_MAX, **common)
        if question.kind == "count":
            maximum = min(int(question.maximum or COUNT_MAX), COUNT_MAX)
            field = forms.IntegerField(min_value=0, max_value=maximum, **common)
            field.widget.attrs.update({"inputmode": "numeric"})
            return field
        if question.kind == "rating":
            if not question.help_text and question.low_label:
                common["help_text"] = _("1 = %(low)s · 5 = %(high)s") % {
                    "low": question.low_label,
                    "high": question.high_label,
                }
            return forms.TypedChoiceField(
                choices=RATING_CHOICES,
                coerce=Decimal,
                widget=forms.RadioSelect(attrs={"class": "rating"}),
                **common,
            )
        return forms.ChoiceField(choices=list(question.options), widget=forms.RadioSelect, **common)

    def channel_fields(self):
        return [self["channel"]] if "channel" in self.fields else []

    def general_fields(self):
        return [self[FIELD_PREFIX + q.key] for q in self.questions if not q.business_only]

    def business_fields(self):
        return [self[FIELD_PREFIX + q.key] for q in self.questions if q.business_only]

    def answers(self) -> dict[str, Decimal | str | None]:
        out: dict[str, Decimal | str | None] = {}
        for question in self.questions:
            value = self.cleaned_data.get(FIELD_PREFIX + question.key)
            if isinstance(value, int) and not isinstance(value, bool):
                value = Decimal(value)
            out[question.key] = value
        return out
