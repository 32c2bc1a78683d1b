"""The results report: targets against participants trained and graduated (and institutions
improved, jobs created and supported) by pillar and country, the outcome indicators, and
who they are by gender and age; live participants and imported records counted together.

Five queries whatever the number of participants (pinned by a test): the programmes the
person manages, the targets, the live participants' tallies, the imported participants'
tallies, the institutions improved. Everything after that adds up tallies in Python."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.utils import timezone

from lms.accounts.models import User
from lms.programmes.models import Indicator, Pillar, Programme, Target
from lms.programmes.selectors import programmes_managed_by

from .imported import imported_tallies, institutions_improved
from .live_sql import LiveScope, live_tallies
from .tally import AGE_BAND_CODES, SMALL_GROUP, Tally

PEOPLE = (Indicator.TRAINED, Indicator.GRADUATED, Indicator.BUSINESSES_GRADUATED)
JOBS = (Indicator.JOBS_CREATED, Indicator.JOBS_SUPPORTED)
COUNTRY_ORDER = tuple(User.Country.values)
SUPPRESSED = "<5"


@dataclass(frozen=True)
class ReportFilters:
    programme: Programme | None = None
    country: str = ""
    since: date | None = None
    until: date | None = None
    gender: str = ""
    age_band: str = ""
    area: str = ""

    @property
    def by_person(self) -> bool:
        """Filtered by gender or age: small counts could point at people."""
        return bool(self.gender or self.age_band)

    @property
    def leaves_out_imported(self) -> bool:
        """Imported records have no dates and no rural/urban."""
        return bool(self.since or self.until or self.area)

    @property
    def year(self) -> int:
        return (self.until or timezone.localdate()).year


def percent(part: Decimal | int | float, whole: Decimal | int | float) -> Decimal | None:
    if not whole:
        return None
    value = Decimal(str(part)) * 100 / Decimal(str(whole))
    return value.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


@dataclass
class ResultRow:
    country: str  # an ISO code, or "" for a total
    target: Decimal | None
    trained: int | None
    graduated: int | None
    achieved: Decimal | int
    # The achievement counted against a target (a total's rows without a target are left out).
    achieved_with_target: Decimal | int = 0

    @property
    def percent(self) -> Decimal | None:
        if self.target is None:
            return None
        return percent(self.achieved_with_target, self.target)


@dataclass
class Section:
    pillar: str  # "" for the jobs sections, which add up every pillar
    indicator: str
    rows: list[ResultRow]
    total: ResultRow | None = None


@dataclass
class OutcomeRow:
    label: str  # a pillar or country code, or "" for the total
    tally: Tally


@dataclass
class ResultsReport:
    filters: ReportFilters
    programmes: list[Programme]
    sections: list[Section]
    grand_total: ResultRow | None
    by_pillar: list[OutcomeRow]
    by_country: list[OutcomeRow]
    breakdown: list[tuple[str, str, Tally, dict[str, int]]] = field(default_factory=list)


def _sum_targets(values: list[Decimal | None]) -> Decimal | None:
    numbers = [v for v in values if v is not None]
    return sum(numbers, Decimal(0)) if numbers else None


def _total(rows: list[ResultRow]) -> ResultRow:
    people = [r for r in rows if r.trained is not None]
    return ResultRow(
        country="",
        target=_sum_targets([r.target for r in rows]),
        trained=sum(r.trained for r in people) if people else None,
        graduated=sum(r.graduated or 0 for r in people) if people else None,
        achieved=sum((r.achieved for r in rows), Decimal(0)),
        achieved_with_target=sum((r.achieved for r in rows if r.target is not None), Decimal(0)),
    )


def results_report(*, programmes: list[Programme], filters: ReportFilters) -> ResultsReport:
    """The report over ``programmes`` (those the person manages: ``programmes_for_report``)
    narrowed by ``filters``."""
    ids = tuple(p.pk for p in programmes)
    if filters.programme is not None:
        ids = tuple(i for i in ids if i == filters.programme.pk)
    targets = Target.objects.filter(programme_id__in=ids)
    if filters.country:
        targets = targets.filter(country=filters.country)
    tallies: dict[tuple[str, str, str, str], Tally] = defaultdict(Tally)
    scope = LiveScope(
        programme_ids=ids,
        country=filters.country,
        area=filters.area,
        since=filters.since,
        until=filters.until,
        year=filters.year,
    )
    sources = [live_tallies(scope=scope)]
    if not filters.leaves_out_imported:
        sources.append(
            imported_tallies(programme_ids=ids, country=filters.country, year=filters.year)
        )
    for source in sources:
        for key, tally in source.items():
            _pillar, _country, gender, band = key
            if filters.gender and gender != filters.gender:
                continue
            if filters.age_band and band != filters.age_band:
                continue
            tallies[key] = tallies[key] + tally
    institutions = institutions_improved(programme_ids=ids, country=filters.country)
    by_place: dict[tuple[str, str], Tally] = defaultdict(Tally)
    genders: dict[tuple[str, str], dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for (pillar, country, gender, band), tally in tallies.items():
        by_place[pillar, country] = by_place[pillar, country] + tally
        genders[pillar, country][gender] += tally.participants
        genders[pillar, country][band] += tally.participants
    sections = _sections(list(targets), by_place, institutions)
    people_sections = [s for s in sections if s.indicator not in JOBS]
    grand = None
    if people_sections:
        everyone = sum(by_place.values(), Tally())
        totals = [s.total or s.rows[0] for s in people_sections]
        grand = ResultRow(
            country="",
            target=_sum_targets([t.target for t in totals]),
            trained=everyone.trained,
            graduated=everyone.graduated,
            # Only what counts against a target: a country shown "reported only" in a second
            # section of its pillar would otherwise be counted twice.
            achieved=sum((t.achieved_with_target for t in totals), Decimal(0)),
            achieved_with_target=sum((t.achieved_with_target for t in totals), Decimal(0)),
        )
    return ResultsReport(
        filters=filters,
        programmes=programmes,
        sections=sections,
        grand_total=grand,
        by_pillar=_outcomes(by_place, 0, tuple(Pillar.values)),
        by_country=_outcomes(by_place, 1, COUNTRY_ORDER),
        breakdown=[
            (pillar, country, by_place[pillar, country], genders[pillar, country])
            for pillar in Pillar.values
            for country in COUNTRY_ORDER
            if (pillar, country) in by_place
        ],
    )


def programmes_for_report(*, user: User) -> list[Programme]:
    return list(programmes_managed_by(user=user))


def _outcomes(
    by_place: dict[tuple[str, str], Tally], position: int, order: tuple[str, ...]
) -> list[OutcomeRow]:
    grouped: dict[str, Tally] = defaultdict(Tally)
    for key, tally in by_place.items():
        grouped[key[position]] = grouped[key[position]] + tally
    rows = [OutcomeRow(code, grouped[code]) for code in order if code in grouped]
    if rows:
        rows.append(OutcomeRow("", sum((r.tally for r in rows), Tally())))
    return rows


def _achieved(
    indicator: str,
    pillar: str,
    country: str,
    by_place: dict[tuple[str, str], Tally],
    institutions: dict[tuple[str, str], int],
) -> Decimal | int:
    if indicator == Indicator.TRAINED:
        return by_place[pillar, country].trained if (pillar, country) in by_place else 0
    if indicator in (Indicator.GRADUATED, Indicator.BUSINESSES_GRADUATED):
        return by_place[pillar, country].graduated if (pillar, country) in by_place else 0
    if indicator == Indicator.INSTITUTIONS_IMPROVED:
        return institutions.get((pillar, country), 0)
    jobs = [t for (_p, c), t in by_place.items() if c == country]
    if indicator == Indicator.JOBS_CREATED:
        return sum((t.jobs_created for t in jobs), Decimal(0))
    return sum((t.jobs_supported for t in jobs), Decimal(0))


def _sections(
    targets: list[Target],
    by_place: dict[tuple[str, str], Tally],
    institutions: dict[tuple[str, str], int],
) -> list[Section]:
    """One section per pillar and indicator with a target (the jobs indicators add up every
    pillar, as funders read them), one row per country. A country with participants or
    institutions in a pillar but no target for it shows them as "reported only"."""
    wanted: dict[tuple[str, str], dict[str, list[Decimal | None]]] = defaultdict(
        lambda: defaultdict(list)
    )
    for target in targets:
        pillar = "" if target.indicator in JOBS else target.pillar
        wanted[pillar, target.indicator][target.country].append(target.target)
    people_places = {place for place, t in by_place.items() if t.participants}
    # Sections without a target, for what was counted anyway ("reported only").
    for pillar, _country in people_places:
        if not any((pillar, i) in wanted for i in PEOPLE):
            wanted.setdefault((pillar, Indicator.TRAINED), defaultdict(list))
    for pillar, _country in institutions:
        wanted.setdefault((pillar, Indicator.INSTITUTIONS_IMPROVED), defaultdict(list))
    for indicator in JOBS:
        field_n = f"{indicator}_n"
        if any(getattr(t, field_n) for t in by_place.values()):
            wanted.setdefault(("", indicator), defaultdict(list))
    order = [(p, i) for p in Pillar.values for i in Indicator.values if i not in JOBS]
    order += [("", i) for i in JOBS]
    sections = []
    for pillar, indicator in order:
        if (pillar, indicator) not in wanted:
            continue
        countries = set(wanted[pillar, indicator])
        if indicator in PEOPLE:
            countries |= {c for p, c in people_places if p == pillar}
        elif indicator == Indicator.INSTITUTIONS_IMPROVED:
            countries |= {c for p, c in institutions if p == pillar}
        else:
            field_n = f"{indicator}_n"
            countries |= {c for (_p, c), t in by_place.items() if getattr(t, field_n)}
        rows = []
        for country in (c for c in COUNTRY_ORDER if c in countries):
            target = _sum_targets(wanted[pillar, indicator].get(country, []))
            achieved = _achieved(indicator, pillar, country, by_place, institutions)
            tally = by_place.get((pillar, country), Tally())
            people = indicator in PEOPLE
            rows.append(
                ResultRow(
                    country=country,
                    target=target,
                    trained=tally.trained if people else None,
                    graduated=tally.graduated if people else None,
                    achieved=achieved,
                    achieved_with_target=achieved if target is not None else 0,
                )
            )
        section = Section(pillar=pillar, indicator=indicator, rows=rows)
        section.total = _total(rows) if len(rows) > 1 else None
        sections.append(section)
    return sections


def suppress_small(value: int | None, *, active: bool) -> int | str | None:
    """A count of one to four people as "<5" when the report is broken down by person."""
    if active and value is not None and 0 < value < SMALL_GROUP:
        return SUPPRESSED
    return value


__all__ = [
    "AGE_BAND_CODES",
    "ReportFilters",
    "ResultsReport",
    "percent",
    "results_report",
    "suppress_small",
]
