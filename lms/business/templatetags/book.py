"""Amounts and categories of the business book as the owner reads them."""

from django import template

from ..money import money_format
from ..sectors import category_label

register = template.Library()


@register.filter
def money(amount: int | None, currency: str) -> str:
    """Minor units → "R$ 1.234,56" in the business's currency; below zero "−R$ 12,00"."""
    amount = amount or 0
    if amount < 0:
        return "−" + money_format(-amount, currency=currency)
    return money_format(amount, currency=currency)


@register.filter
def category(key: str) -> str:
    return category_label(key)
