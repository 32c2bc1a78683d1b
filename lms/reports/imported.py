"""The imported records' tallies (participants and institutions tracked outside Rumo), with
the ORM: one grouped query each, shaped like the live participants' tallies."""

from __future__ import annotations

from django.db.models import Case, Count, F, FloatField, Q, Sum, Value, When
from django.db.models.functions import Cast

from lms.programmes.models import ImportedParticipant, Institution, ParticipantState

from .tally import Tally

_TRAINED = (ParticipantState.TRAINED, ParticipantState.GRADUATED)


def _band(year: int) -> Case:
    """The age band by year of birth: aged under 18 in ``year`` means born after year - 18."""
    return Case(
        When(birth_year__isnull=True, then=Value("unknown")),
        When(Q(birth_year__gt=year - 18), then=Value("u18")),
        When(Q(birth_year__gt=year - 25), then=Value("18_24")),
        When(Q(birth_year__gt=year - 35), then=Value("25_34")),
        When(Q(birth_year__gt=year - 45), then=Value("35_44")),
        default=Value("45"),
    )


def _count(condition: Q) -> Count:
    return Count("pk", filter=condition)


def _pct(before: str, after: str) -> Sum:
    change = (
        (Cast(after, FloatField()) - Cast(before, FloatField()))
        * Value(100.0)
        / Cast(before, FloatField())
    )
    return Sum(
        Case(
            When(Q(**{f"{before}__gt": 0, f"{after}__isnull": False}), then=change),
            output_field=FloatField(),
        )
    )


def imported_tallies(
    *, programme_ids: tuple[int, ...], country: str, year: int
) -> dict[tuple[str, str, str, str], Tally]:
    """{(pillar, country, gender, age band): Tally} of the imported participants."""
    if not programme_ids:
        return {}
    rows = ImportedParticipant.objects.filter(programme_id__in=programme_ids)
    if country:
        rows = rows.filter(country=country)
    both_incomes = Q(baseline_income__isnull=False, followup_income__isnull=False)
    graduated = Q(status=ParticipantState.GRADUATED)
    grouped = (
        rows.annotate(band=_band(year))
        .values("pillar", "country", "gender", "band")
        .order_by()
        .annotate(
            participants=Count("pk"),
            trained=_count(Q(status__in=_TRAINED)),
            graduated=_count(graduated),
            women=_count(Q(gender="female")),
            income_n=_count(Q(baseline_income__gt=0, followup_income__isnull=False)),
            income_pct=_pct("baseline_income", "followup_income"),
            grad_income_n=_count(graduated & both_incomes),
            grad_income_up=_count(
                graduated & both_incomes & Q(followup_income__gt=F("baseline_income"))
            ),
            sales_n=_count(Q(baseline_sales__gt=0, followup_sales__isnull=False)),
            sales_pct=_pct("baseline_sales", "followup_sales"),
            soft_n=_count(Q(soft_skills_improved__isnull=False)),
            soft_up=_count(Q(soft_skills_improved=True)),
            jobs_created_n=_count(Q(jobs_created__isnull=False)),
            jobs_created_sum=Sum("jobs_created"),
            jobs_supported_n=_count(Q(jobs_supported__isnull=False)),
            jobs_supported_sum=Sum("jobs_supported"),
        )
    )
    out = {}
    for row in grouped:
        key = (row.pop("pillar"), row.pop("country"), row.pop("gender"), row.pop("band"))
        row["jobs_created"] = row.pop("jobs_created_sum")
        row["jobs_supported"] = row.pop("jobs_supported_sum")
        # Imported records come from spreadsheets, never from a business book.
        out[key] = Tally.from_row([row[name] for name in _ORDER] + [0, 0.0])
    return out


_ORDER = (
    "participants", "trained", "graduated", "women", "income_n", "income_pct", "grad_income_n",
    "grad_income_up", "sales_n", "sales_pct", "soft_n", "soft_up", "jobs_created_n",
    "jobs_created", "jobs_supported_n", "jobs_supported",
)  # fmt: skip


def institutions_improved(
    *, programme_ids: tuple[int, ...], country: str
) -> dict[tuple[str, str], int]:
    """{(pillar, country): institutions that improved their services}."""
    if not programme_ids:
        return {}
    rows = Institution.objects.filter(programme_id__in=programme_ids, improved=True)
    if country:
        rows = rows.filter(country=country)
    return {
        (row["pillar"], row["country"]): row["n"]
        for row in rows.values("pillar", "country").order_by().annotate(n=Count("pk"))
    }
