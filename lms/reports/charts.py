"""Bar charts drawn on the server as SVG: no JavaScript, no build, readable on a 360 px
phone (each bar's label sits above it), and every bar carries its number in text, so colour
never carries the meaning alone. Colours come from the stylesheet (classes only: the page's
Content-Security-Policy refuses style attributes)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from lms.accounts.models import User
from lms.programmes.models import Pillar

from .formatting import cell_text
from .results import ResultsReport
from .tables import mean_percent
from .tally import SMALL_GROUP

WIDTH = 340
BAR_LEFT = 4
BAR_MAX = 260  # room for the value after the longest bar
ROW = 40


@dataclass(frozen=True)
class Bar:
    label: str
    value: Decimal | None  # None: nothing to draw (the text says why)
    text: str


def bar_chart(
    *,
    title: str,
    bars: list[Bar],
    scale_max: Decimal,
    reference: Decimal | None = None,
    reference_label: str = "",
) -> SafeString:
    """Horizontal bars from 0 to ``scale_max`` (longer values are drawn to the end with
    their real number written), with an optional dashed line at ``reference`` (100 %)."""
    height = ROW * len(bars) + (24 if reference is not None else 8)

    def x_of(value: Decimal) -> float:
        share = min(max(value, Decimal(0)), scale_max) / scale_max if scale_max else 0
        return BAR_LEFT + float(share) * BAR_MAX

    parts = []
    for n, bar in enumerate(bars):
        y = ROW * n + 14
        width = x_of(bar.value) - BAR_LEFT if bar.value is not None else 0
        parts.append(
            format_html(
                '<text x="{}" y="{}" class="chart-label">{}</text>'
                '<rect x="{}" y="{}" width="{}" height="14" class="chart-bar"/>'
                '<text x="{}" y="{}" class="chart-value">{}</text>',
                BAR_LEFT,
                y,
                bar.label,
                BAR_LEFT,
                y + 6,
                f"{width:.1f}",
                f"{BAR_LEFT + width + 4:.1f}",
                y + 18,
                bar.text,
            )
        )
    if reference is not None:
        x = x_of(reference)
        parts.append(
            format_html(
                '<line x1="{}" y1="4" x2="{}" y2="{}" class="chart-reference"/>'
                '<text x="{}" y="{}" class="chart-label" text-anchor="middle">{}</text>',
                f"{x:.1f}",
                f"{x:.1f}",
                height - 16,
                f"{x:.1f}",
                height - 4,
                reference_label,
            )
        )
    return format_html(
        '<svg viewBox="0 0 {} {}" class="chart" role="img" aria-label="{}">'
        "<title>{}</title>{}</svg>",
        WIDTH,
        height,
        title,
        title,
        format_html_join("", "{}", ((p,) for p in parts)),
    )


def percent_text(value: Decimal | None) -> str:
    return "" if value is None else f"{cell_text(value)} %"


@dataclass(frozen=True)
class Chart:
    title: str
    svg: SafeString


def report_charts(report: ResultsReport) -> list[Chart]:
    """The charts people would rather look at than read: % of target by pillar and country,
    and by pillar the average income increase and the share of women."""
    charts = []
    bars = []
    for section in report.sections:
        pillar = str(Pillar(section.pillar).label) if section.pillar else _("All pillars")
        for row in section.rows:
            if row.percent is None:
                continue
            if report.filters.by_person and 0 < row.achieved < SMALL_GROUP:
                continue  # "<5" in the table
            country = str(User.Country(row.country).label)
            bars.append(Bar(f"{pillar} · {country}", row.percent, percent_text(row.percent)))
    if bars:
        top = max(Decimal(200), min(max(b.value for b in bars), Decimal(400)))
        title = _("Share of target achieved (%)")
        charts.append(
            Chart(
                title,
                bar_chart(
                    title=title,
                    bars=bars,
                    scale_max=top,
                    reference=Decimal(100),
                    reference_label=_("target"),
                ),
            )
        )
    small = report.filters.by_person
    rows = [
        r
        for r in report.by_pillar
        if r.label and not (small and r.tally.participants < SMALL_GROUP)
    ]
    income = [
        Bar(str(Pillar(r.label).label), value, percent_text(value))
        for r in rows
        if (value := mean_percent(r.tally.income_pct, r.tally.income_n)) is not None
    ]
    if income:
        title = _("Average income increase (%)")
        top = max(Decimal(100), max(b.value for b in income))
        charts.append(Chart(title, bar_chart(title=title, bars=income, scale_max=top)))
    women = []
    for r in rows:
        if r.tally.participants:
            value = (Decimal(r.tally.women) * 100 / r.tally.participants).quantize(Decimal("0.1"))
            women.append(Bar(str(Pillar(r.label).label), value, percent_text(value)))
    if women:
        title = _("Women (%)")
        charts.append(
            Chart(
                title,
                bar_chart(
                    title=title,
                    bars=women,
                    scale_max=Decimal(100),
                    reference=Decimal(50),
                    reference_label="50 %",
                ),
            )
        )
    return charts
