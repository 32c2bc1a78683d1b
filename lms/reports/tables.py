"""The report as tables of cells: the one source of what the screen, the CSV and XLSX files
and ``manage.py results_report`` show, so they cannot differ."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lms.accounts.models import User
from lms.programmes.models import Indicator, Pillar

from .formatting import cell_text
from .results import (
    PEOPLE,
    SUPPRESSED,
    OutcomeRow,
    ResultRow,
    ResultsReport,
    percent,
    suppress_small,
)
from .tally import AGE_BANDS, SMALL_GROUP

Cell = str | int | Decimal | None


@dataclass
class TableRow:
    cells: list[Cell]
    total: bool = False


@dataclass
class Table:
    key: str
    title: str
    header: list[str]
    rows: list[TableRow]

    def text_rows(self) -> list[tuple[list[str], bool]]:
        """The rows as the screen writes them (the CSV writes the same text)."""
        return [([cell_text(c) for c in row.cells], row.total) for row in self.rows]


def _pillar(code: str) -> str:
    return str(Pillar(code).label) if code else _("All pillars")


def _country(code: str) -> str:
    return str(User.Country(code).label) if code else _("Total")


def _jobs(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.1"))


def _result_cells(
    row: ResultRow, *, pillar: str, indicator: str, label: str, small: bool
) -> list[Cell]:
    people = indicator in PEOPLE
    achieved: Cell = row.achieved
    if isinstance(achieved, Decimal) and indicator not in PEOPLE:
        achieved = _jobs(achieved) if achieved != achieved.to_integral() else int(achieved)
    share: Cell = row.percent
    if people and small:
        achieved = suppress_small(int(row.achieved), active=True)
        if achieved == SUPPRESSED:
            share = SUPPRESSED if row.target is not None else None
    return [
        _pillar(pillar),
        str(Indicator(indicator).label) if indicator else "",
        label,
        row.target if row.target is not None else _("reported only"),
        suppress_small(row.trained, active=small),
        suppress_small(row.graduated, active=small),
        achieved,
        share,
    ]


def results_table(report: ResultsReport) -> Table:
    small = report.filters.by_person
    rows = []
    for section in report.sections:
        for row in section.rows:
            rows.append(
                TableRow(
                    _result_cells(
                        row,
                        pillar=section.pillar,
                        indicator=section.indicator,
                        label=_country(row.country),
                        small=small,
                    )
                )
            )
        if section.total is not None:
            rows.append(
                TableRow(
                    _result_cells(
                        section.total,
                        pillar=section.pillar,
                        indicator=section.indicator,
                        label=_("Total"),
                        small=small,
                    ),
                    total=True,
                )
            )
    if report.grand_total is not None:
        cells = _result_cells(
            report.grand_total,
            pillar="",
            indicator=Indicator.TRAINED,
            label=_("Grand total"),
            small=small,
        )
        cells[0], cells[1] = _("All pillars"), ""
        rows.append(TableRow(cells, total=True))
    return Table(
        key="results",
        title=_("Targets and results"),
        header=[
            _("Pillar"),
            _("Target indicator"),
            _("Country"),
            _("Target"),
            _("Trained"),
            _("Graduated"),
            _("Achieved"),
            _("Share of target (%)"),
        ],
        rows=rows,
    )


def mean_percent(total: float, count: int) -> Decimal | None:
    """The mean of ``count`` percentage changes that add up to ``total``."""
    if not count:
        return None
    return (Decimal(str(total)) / count).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def _outcome_cells(row: OutcomeRow, *, label: str, small: bool) -> list[Cell]:
    t = row.tally
    if small and t.participants < SMALL_GROUP:
        return [label] + [SUPPRESSED] * (len(OUTCOME_HEADER))
    return [
        label,
        t.participants,
        percent(t.women, t.participants),
        mean_percent(t.income_pct, t.income_n),
        percent(t.grad_income_up, t.grad_income_n),
        percent(t.soft_up, t.soft_n),
        mean_percent(t.sales_pct, t.sales_n),
        mean_percent(t.book_sales_pct, t.book_sales_n),
        _jobs(t.jobs_created) if t.jobs_created_n else None,
        _jobs(t.jobs_supported) if t.jobs_supported_n else None,
    ]


OUTCOME_HEADER = (
    gettext_lazy("Participants"),
    gettext_lazy("Women (%)"),
    gettext_lazy("Average income increase (%)"),
    gettext_lazy("Graduates with a higher income (%)"),
    gettext_lazy("Improved at least one soft skill (%)"),
    gettext_lazy("Average sales increase (%)"),
    gettext_lazy("Average sales increase, from the business book (%)"),
    gettext_lazy("Net jobs created"),
    gettext_lazy("Jobs supported"),
)


def outcomes_table(report: ResultsReport, *, by: str) -> Table:
    small = report.filters.by_person
    source = report.by_pillar if by == "pillar" else report.by_country
    name = _pillar if by == "pillar" else _country
    rows = [
        TableRow(
            _outcome_cells(r, label=name(r.label) if r.label else _("Total"), small=small),
            total=not r.label,
        )
        for r in source
    ]
    return Table(
        key=f"outcomes_{by}",
        title=_("Outcomes by pillar") if by == "pillar" else _("Outcomes by country"),
        header=[_("Pillar") if by == "pillar" else _("Country")]
        + [str(text) for text in OUTCOME_HEADER],
        rows=rows,
    )


GENDER_COLUMNS = (("female", gettext_lazy("Women")), ("male", gettext_lazy("Men")))


def breakdown_table(report: ResultsReport) -> Table:
    """Participants by gender and age band; a group under five people is not broken down,
    and no cell shows one to four people ("<5")."""
    rows = []
    for pillar, country, tally, counts in report.breakdown:
        total = tally.participants
        others = counts.get("other", 0) + counts.get("undisclosed", 0)
        values = [counts.get(code, 0) for code, _label in GENDER_COLUMNS] + [others]
        values += [counts.get(code, 0) for code, *_rest in AGE_BANDS]
        if total < SMALL_GROUP:
            cells: list[Cell] = [SUPPRESSED] * len(values)
        else:
            cells = [suppress_small(v, active=True) for v in values]
        rows.append(
            TableRow(
                [_pillar(pillar), _country(country), suppress_small(total, active=True), *cells]
            )
        )
    return Table(
        key="breakdown",
        title=_("Participants by gender and age"),
        header=[_("Pillar"), _("Country"), _("Participants")]
        + [str(label) for _code, label in GENDER_COLUMNS]
        + [_("Another gender or not said")]
        + [str(label) for _code, label, *_rest in AGE_BANDS],
        rows=rows,
    )


def report_tables(report: ResultsReport) -> list[Table]:
    return [
        results_table(report),
        outcomes_table(report, by="pillar"),
        outcomes_table(report, by="country"),
        breakdown_table(report),
    ]
