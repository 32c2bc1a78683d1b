"""Sectors and the categories suggested for each kind of entry.

Categories are stable keys with translated labels: the book stores the key, so a category
reads in the owner's language and the rules that suggest lessons can rely on it. The owner
may always choose "other".
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Sector(models.TextChoices):
    SHOP = "shop", _("Shop or market stall")
    FOOD = "food", _("Food and drinks")
    CRAFTS = "crafts", _("Crafts and small manufacturing")
    FARMING = "farming", _("Farming and livestock")
    SERVICES = "services", _("Services (repairs, beauty, transport...)")
    SUPPLIER = "supplier", _("Supplier to the mine or large companies")


class EntryKind(models.TextChoices):
    SALE = "sale", _("Sale")
    PURCHASE = "purchase", _("Purchase of goods or materials")
    EXPENSE = "expense", _("Expense")
    DRAW = "draw", _("Money taken home")
    INJECTION = "injection", _("Money put in")


CATEGORY_LABELS = {
    # sales
    "goods": _("Goods sold"),
    "meals": _("Meals and snacks"),
    "made_to_order": _("Made to order"),
    "harvest": _("Harvest or animals"),
    "service": _("Service"),
    "contract": _("Contract with a company"),
    # purchases
    "stock": _("Goods to resell"),
    "ingredients": _("Ingredients"),
    "materials": _("Materials"),
    "seeds_feed": _("Seeds, feed and supplies"),
    # expenses
    "rent": _("Rent"),
    "utilities": _("Electricity, water and gas"),
    "transport": _("Transport and fuel"),
    "phone": _("Phone and internet"),
    "wages": _("Wages and helpers"),
    "taxes": _("Taxes and fees"),
    "packaging": _("Packaging"),
    "repairs": _("Repairs and tools"),
    "loan": _("Loan repayment"),
    "household": _("Household spending"),
    # money in and out by the owner
    "take_home": _("For the household"),
    "savings": _("Own savings"),
    "loan_received": _("Loan received"),
    "other": _("Other"),
}

_SALES = {
    Sector.SHOP: ["goods"],
    Sector.FOOD: ["meals", "goods"],
    Sector.CRAFTS: ["made_to_order", "goods"],
    Sector.FARMING: ["harvest", "goods"],
    Sector.SERVICES: ["service"],
    Sector.SUPPLIER: ["contract", "service", "goods"],
}
_PURCHASES = {
    Sector.SHOP: ["stock"],
    Sector.FOOD: ["ingredients", "stock"],
    Sector.CRAFTS: ["materials"],
    Sector.FARMING: ["seeds_feed"],
    Sector.SERVICES: ["materials"],
    Sector.SUPPLIER: ["materials", "stock"],
}
_EXPENSES = [
    "rent",
    "utilities",
    "transport",
    "phone",
    "wages",
    "taxes",
    "packaging",
    "repairs",
    "loan",
    "household",
]
_FIRST_EXPENSE = {
    Sector.FOOD: ["utilities", "packaging"],
    Sector.SERVICES: ["transport", "phone"],
    Sector.FARMING: ["transport", "repairs"],
    Sector.SUPPLIER: ["wages", "transport", "taxes"],
}


def categories_for(*, sector: str, kind: str) -> list[str]:
    """The category keys offered for ``kind`` in a business of ``sector``, most likely first,
    always ending with "other"."""
    if kind == EntryKind.SALE:
        keys = _SALES.get(sector, ["goods", "service"])
    elif kind == EntryKind.PURCHASE:
        keys = _PURCHASES.get(sector, ["stock", "materials"])
    elif kind == EntryKind.EXPENSE:
        first = _FIRST_EXPENSE.get(sector, [])
        keys = first + [key for key in _EXPENSES if key not in first]
    elif kind == EntryKind.DRAW:
        keys = ["take_home"]
    else:
        keys = ["savings", "loan_received"]
    return [*keys, "other"]


def category_label(key: str) -> str:
    return str(CATEGORY_LABELS.get(key, CATEGORY_LABELS["other"]))
