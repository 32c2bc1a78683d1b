"""What the results report adds up, per pillar, country, gender and age band: counts and sums
only, so that groups add exactly (a mean is a sum over a count, combined after adding)."""

from __future__ import annotations

from dataclasses import dataclass, fields
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

# Age bands, by age in the report's year (the period's end, or this year).
AGE_BANDS = (
    ("u18", _("Under 18"), None, 17),
    ("18_24", _("18 to 24"), 18, 24),
    ("25_34", _("25 to 34"), 25, 34),
    ("35_44", _("35 to 44"), 35, 44),
    ("45", _("45 and over"), 45, None),
    ("unknown", _("Age not known"), None, None),
)
AGE_BAND_CODES = tuple(code for code, *_rest in AGE_BANDS)

# Where the group is too small to break down (by gender or age) without pointing at people.
SMALL_GROUP = 5


@dataclass
class Tally:
    participants: int = 0
    trained: int = 0  # graduates count as trained too
    graduated: int = 0
    women: int = 0
    income_n: int = 0  # with a baseline income above zero and a follow-up income
    income_pct: float = 0.0  # the sum of their percentage changes
    grad_income_n: int = 0  # graduates with both incomes
    grad_income_up: int = 0  # ... whose follow-up income is higher
    sales_n: int = 0
    sales_pct: float = 0.0
    soft_n: int = 0  # with at least one soft skill rated at baseline and follow-up
    soft_up: int = 0  # ... rating at least one higher
    jobs_created_n: int = 0
    jobs_created: Decimal = Decimal(0)
    jobs_supported_n: int = 0
    jobs_supported: Decimal = Decimal(0)
    # From the business book, with the owner's consent: first and latest complete month with
    # sales, like ``sales_n``/``sales_pct`` for the survey answers.
    book_sales_n: int = 0
    book_sales_pct: float = 0.0

    def __add__(self, other: Tally) -> Tally:
        return Tally(
            **{f.name: getattr(self, f.name) + getattr(other, f.name) for f in fields(self)}
        )

    @classmethod
    def from_row(cls, values: list) -> Tally:
        """A row of numbers in field order, as the database returns them (SQLite gives
        floats for sums of decimals, PostgreSQL Decimals)."""
        out = {}
        for f, value in zip(fields(cls), values, strict=True):
            if f.type == "int":
                out[f.name] = int(value or 0)
            elif f.type == "float":
                out[f.name] = float(value or 0)
            else:
                out[f.name] = Decimal(str(value or 0)).quantize(Decimal("0.01"))
        return cls(**out)


TALLY_FIELDS = tuple(f.name for f in fields(Tally))
