"""Business calculators that authors place in lessons.

Each renders a GET form to the same page, so it works with JavaScript off: ``get_context``
reads only this block's own query parameters (``c-<block id>-<field>``), computes with
``curriculum.calculators`` and hands the result or the errors to the template. Nothing is
stored, so the page stays safe to cache. ``static/curriculum/calculators.js`` recomputes as
the learner types, with the same messages, which the template passes to it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from wagtail import blocks

from curriculum.calculators import (
    CASH_FLOW_MONTHS,
    CURRENCIES,
    MAX_INPUT_LENGTH,
    MESSAGES,
    CalculatorInputError,
    break_even_calculate,
    cash_flow_calculate,
    format_amount,
    format_count,
    format_input,
    format_money,
    format_percent,
    language_decimal_mark,
    parse_amount,
    price_calculate,
)

CURRENCY_CHOICES = [
    ("BRL", _("Brazilian real (R$)")),
    ("CLP", _("Chilean peso ($)")),
    ("PEN", _("Peruvian sol (S/)")),
]
DEFAULT_HELP = _("Optional: filled in for the learner as an example.")


@dataclass(frozen=True)
class CalculatorField:
    """One input a learner fills in; ``default`` names the authoring field that pre-fills it."""

    name: str
    label: Promise
    kind: str  # "money" or "percent"
    default: str
    required: bool = True
    allow_negative: bool = False
    help: Promise | None = None


def money_default(label: Promise) -> blocks.DecimalBlock:
    return blocks.DecimalBlock(
        label=label,
        required=False,
        min_value=0,
        max_value=999_999_999,
        decimal_places=2,
        help_text=DEFAULT_HELP,
    )


class BaseCalculatorBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Title"), max_length=150)
    intro = blocks.TextBlock(label=_("Introduction"), required=False, rows=3)
    currency = blocks.ChoiceBlock(
        label=_("Currency"),
        choices=CURRENCY_CHOICES,
        help_text=_("Amounts are shown the way receipts print them in that country."),
    )

    kind = ""
    fields: tuple[CalculatorField, ...] = ()

    def compute(self, values: dict[str, Decimal], *, currency: str) -> dict[str, Any]:
        """Formatted figures for the template; raises CalculatorInputError."""
        raise NotImplementedError

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        context["calculator"] = self.calculator_state(
            value, block_id=context.get("block_id"), request=context.get("request")
        )
        return context

    def calculator_state(
        self, value: blocks.StructValue, *, block_id: str | None, request: HttpRequest | None
    ) -> dict[str, Any]:
        # Outside a page (the admin's block preview) there is no block id; any fixed one works.
        block_id = str(block_id or "preview")
        currency = value.get("currency") or "BRL"
        language = translation.get_language() or settings.LANGUAGE_CODE
        query = getattr(request, "GET", None) or {}
        names = {field.name: f"c-{block_id}-{field.name}" for field in self.fields}
        # Only this block's own parameters count: another calculator on the page, or a stray
        # query string, must not trigger errors here.
        submitted = any(name in query for name in names.values())

        inputs: dict[str, str] = {}
        errors: dict[str, Any] = {}
        values: dict[str, Decimal] = {}
        for field in self.fields:
            if not submitted:
                default = value.get(field.default)
                inputs[field.name] = (
                    "" if default is None else format_input(default, currency=currency)
                )
                continue
            raw = query.get(names[field.name], "")
            inputs[field.name] = raw[: MAX_INPUT_LENGTH * 2]
            if not raw.strip() and not field.required:
                values[field.name] = Decimal(0)
                continue
            try:
                values[field.name] = parse_amount(
                    raw, language=language, allow_negative=field.allow_negative
                )
            except CalculatorInputError as error:
                errors[field.name] = error.message

        result = message = None
        warning = False
        if submitted and not errors:
            try:
                result = self.compute(values, currency=currency)
            except CalculatorInputError as error:
                if error.field:
                    errors[error.field] = error.message
                else:
                    message, warning = error.message, True
            else:
                message, warning = result.pop("message", None), result.pop("warning", False)

        symbol = CURRENCIES[currency].symbol
        return {
            "id": block_id,
            "kind": self.kind,
            "currency": currency,
            "symbol": symbol,
            "language": language,
            "decimal_mark": language_decimal_mark(language),
            "submitted": submitted,
            "fields": [
                {
                    "name": field.name,
                    "id": names[field.name],
                    "label": field.label,
                    "help": field.help,
                    "unit": symbol if field.kind == "money" else "%",
                    "kind": field.kind,
                    "required": field.required,
                    "allow_negative": field.allow_negative,
                    "value": inputs[field.name],
                    "error": errors.get(field.name),
                }
                for field in self.fields
            ],
            "result": result,
            "message": message,
            "warning": warning,
            "messages_json": json.dumps(
                {key: str(text) for key, text in MESSAGES.items()},
                ensure_ascii=False,
                separators=(",", ":"),
            ),
        }


class PriceCalculatorBlock(BaseCalculatorBlock):
    default_cost = money_default(_("Default unit cost"))
    default_margin = blocks.DecimalBlock(
        label=_("Default margin (%)"),
        required=False,
        min_value=0,
        max_value=Decimal("99.99"),
        decimal_places=2,
        help_text=DEFAULT_HELP,
    )

    kind = "price"
    fields = (
        CalculatorField("cost", _("Cost of one unit"), "money", "default_cost"),
        CalculatorField(
            "margin",
            _("Margin you want"),
            "percent",
            "default_margin",
            help=_("The share of the selling price that is profit."),
        ),
    )

    def compute(self, values, *, currency):
        result = price_calculate(
            unit_cost=values["cost"], margin_percent=values["margin"], currency=currency
        )
        return {
            "price": format_money(result.price, currency=currency),
            "profit": format_money(result.profit, currency=currency),
            "markup": format_percent(result.markup_percent, currency=currency),
        }

    class Meta:
        icon = "tag"
        label = _("Price calculator")
        template = "curriculum/blocks/price_calculator.html"
        preview_value = {
            "title": _("Set your price"),
            "intro": _("Start from what one unit costs you and the margin you want to keep."),
            "currency": "BRL",
            "default_cost": Decimal(7),
            "default_margin": Decimal(30),
        }


class BreakEvenCalculatorBlock(BaseCalculatorBlock):
    default_fixed_costs = money_default(_("Default fixed costs per month"))
    default_price = money_default(_("Default price per unit"))
    default_variable_cost = money_default(_("Default variable cost per unit"))

    kind = "break_even"
    fields = (
        CalculatorField(
            "fixed",
            _("Fixed costs per month"),
            "money",
            "default_fixed_costs",
            help=_("Rent, wages, phone: costs that stay the same however much you sell."),
        ),
        CalculatorField("price", _("Price of one unit"), "money", "default_price"),
        CalculatorField(
            "variable",
            _("Variable cost of one unit"),
            "money",
            "default_variable_cost",
            help=_("Materials and anything else you pay for each unit you sell."),
        ),
    )

    def compute(self, values, *, currency):
        result = break_even_calculate(
            fixed_costs=values["fixed"],
            price=values["price"],
            variable_cost=values["variable"],
            currency=currency,
        )
        return {
            "contribution": format_money(result.contribution, currency=currency),
            "units": format_count(result.units, currency=currency),
            "sales": format_money(result.sales, currency=currency),
        }

    class Meta:
        icon = "crosshairs"
        label = _("Break-even calculator")
        template = "curriculum/blocks/break_even_calculator.html"
        preview_value = {
            "title": _("When do you break even?"),
            "intro": _("How many units you must sell each month to pay your fixed costs."),
            "currency": "BRL",
            "default_fixed_costs": Decimal(1200),
            "default_price": Decimal(15),
            "default_variable_cost": Decimal(9),
        }


class CashFlowCalculatorBlock(BaseCalculatorBlock):
    default_opening_cash = money_default(_("Default cash at the start"))
    default_sales = money_default(_("Default sales per month"))
    default_costs = money_default(_("Default costs per month"))
    default_growth = blocks.DecimalBlock(
        label=_("Default monthly sales growth (%)"),
        required=False,
        min_value=-100,
        max_value=100,
        decimal_places=2,
        help_text=DEFAULT_HELP,
    )

    kind = "cash_flow"
    fields = (
        CalculatorField(
            "opening", _("Cash at the start"), "money", "default_opening_cash", allow_negative=True
        ),
        CalculatorField(
            "sales",
            _("Sales per month"),
            "money",
            "default_sales",
            help=_("The money you expect to receive in the first month."),
        ),
        CalculatorField(
            "costs",
            _("Costs per month"),
            "money",
            "default_costs",
            help=_("Everything you pay out each month."),
        ),
        CalculatorField(
            "growth",
            _("Sales growth per month"),
            "percent",
            "default_growth",
            required=False,
            allow_negative=True,
            help=_("Optional. Use a negative number if you expect sales to fall."),
        ),
    )

    def compute(self, values, *, currency):
        result = cash_flow_calculate(
            opening_cash=values["opening"],
            monthly_sales=values["sales"],
            monthly_costs=values["costs"],
            growth_percent=values["growth"],
            currency=currency,
        )
        rows = [
            {
                "month": month.month,
                "cash_in": format_amount(month.cash_in, currency=currency),
                "cash_out": format_amount(month.cash_out, currency=currency),
                "net": format_amount(month.net, currency=currency),
                "closing": format_amount(month.closing, currency=currency),
                "negative": month.closing < 0,
            }
            for month in result.months
        ]
        first = result.first_negative
        if first is None:
            return {"rows": rows, "message": MESSAGES["stays_positive"], "warning": False}
        message = MESSAGES["runs_out"] % {
            "month": first.month,
            "balance": format_money(first.closing, currency=currency),
        }
        return {"rows": rows, "message": message, "warning": True}

    def calculator_state(
        self, value: blocks.StructValue, *, block_id: str | None, request: HttpRequest | None
    ) -> dict[str, Any]:
        state = super().calculator_state(value, block_id=block_id, request=request)
        # The table is always there, empty until there is a result, for the script to fill in.
        empty = [{"month": month} for month in range(1, CASH_FLOW_MONTHS + 1)]
        state["rows"] = state["result"]["rows"] if state["result"] else empty
        return state

    class Meta:
        icon = "table"
        label = _("Cash-flow calculator")
        template = "curriculum/blocks/cash_flow_calculator.html"
        preview_value = {
            "title": _("Your next six months"),
            "intro": _("See whether your cash lasts, month by month."),
            "currency": "BRL",
            "default_opening_cash": Decimal(300),
            "default_sales": Decimal(3000),
            "default_costs": Decimal(3200),
            "default_growth": Decimal(2),
        }
