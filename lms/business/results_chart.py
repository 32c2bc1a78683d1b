"""The last twelve months as a server-drawn SVG: for each month a filled bar for sales and a
hatched bar for what the month cost (goods and expenses), and a line with dots for profit.
Shapes, not colours, tell the three apart (the legend says which is which), a table under
the chart gives every number, and colours come from the stylesheet (classes only: the
page's Content-Security-Policy refuses style attributes). Coordinates are the only floats:
amounts stay integers."""

from __future__ import annotations

from django.utils import dateformat
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from .money import money_format
from .selectors import MonthResult

WIDTH = 360
LEFT = 6
TOP = 22
PLOT = 150  # height of the plotting area
HEIGHT = TOP + PLOT + 36  # room for the month and year under the bars


def book_chart(
    *, months: list[MonthResult], currency: str, title: str, description: str
) -> SafeString:
    values = [0]
    for m in months:
        values += [m.sales, m.cost_of_goods + m.expenses, m.profit]
    high, low = max(values), min(values)
    span = (high - low) or 1
    slot = (WIDTH - 2 * LEFT) / max(len(months), 1)
    bar = slot * 0.34

    def y_of(value: int) -> float:
        return TOP + (high - value) / span * PLOT

    zero = y_of(0)
    parts = [
        format_html(
            '<text x="{}" y="12" class="chart-label">{}</text>',
            LEFT,
            money_format(high, currency=currency),
        ),
        format_html(
            '<line x1="{}" y1="{}" x2="{}" y2="{}" class="book-chart-axis"/>',
            LEFT,
            f"{zero:.1f}",
            WIDTH - LEFT,
            f"{zero:.1f}",
        ),
    ]
    if low < 0:
        parts.append(
            format_html(
                '<text x="{}" y="{}" class="chart-label">{}</text>',
                LEFT,
                f"{TOP + PLOT + 12:.1f}",
                money_format(low, currency=currency),
            )
        )
    points = []
    for n, m in enumerate(months):
        x = LEFT + slot * n + slot * 0.14
        costs = m.cost_of_goods + m.expenses
        for value, css, offset in ((m.sales, "book-bar-sales", 0), (costs, "book-bar-costs", bar)):
            top = y_of(max(value, 0))
            parts.append(
                format_html(
                    '<rect x="{}" y="{}" width="{}" height="{}" class="{}"/>',
                    f"{x + offset:.1f}",
                    f"{top:.1f}",
                    f"{bar:.1f}",
                    f"{zero - top:.1f}",
                    css,
                )
            )
        middle = LEFT + slot * n + slot / 2
        points.append((middle, y_of(m.profit)))
        label_y = TOP + PLOT + (24 if low < 0 else 14)
        parts.append(
            format_html(
                '<text x="{}" y="{}" class="chart-label" text-anchor="middle">{}</text>',
                f"{middle:.1f}",
                label_y,
                dateformat.format(m.month, "M"),
            )
        )
        if n == 0 or m.month.month == 1:
            parts.append(
                format_html(
                    '<text x="{}" y="{}" class="chart-label" text-anchor="middle">{}</text>',
                    f"{middle:.1f}",
                    label_y + 12,
                    m.month.year,
                )
            )
    if points:
        parts.append(
            format_html(
                '<polyline points="{}" class="book-line-profit"/>',
                " ".join(f"{x:.1f},{y:.1f}" for x, y in points),
            )
        )
        parts.extend(
            format_html(
                '<circle cx="{}" cy="{}" r="3" class="book-dot-profit"/>', f"{x:.1f}", f"{y:.1f}"
            )
            for x, y in points
        )
    return format_html(
        '<svg viewBox="0 0 {} {}" class="chart book-chart" role="img" '
        'aria-labelledby="book-chart-title book-chart-desc">'
        '<title id="book-chart-title">{}</title><desc id="book-chart-desc">{}</desc>'
        '<defs><pattern id="book-hatch" width="4" height="4" patternUnits="userSpaceOnUse" '
        'patternTransform="rotate(45)"><rect width="4" height="4" class="book-hatch-back"/>'
        '<line x1="0" y1="0" x2="0" y2="4" class="book-hatch-line"/></pattern></defs>'
        "{}</svg>",
        WIDTH,
        HEIGHT,
        title,
        description,
        format_html_join("", "{}", ((p,) for p in parts)),
    )
