from django import template

from lms.business.money import money_format

register = template.Library()


@register.filter
def money(amount: int | None, currency: str) -> str:
    """Minor units → the country's receipt format: ``{{ month.sales|money:currency }}``."""
    if amount is None:
        return "–"
    return money_format(amount, currency=currency)
