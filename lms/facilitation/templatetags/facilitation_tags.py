"""The dashboard's repeated parts, written in Python: 25 learners × 24 sessions are 600
cells, and rendering them node by node in the template language alone cost more than the
whole target for the page (see tests/perf/bench_dashboard.py). Every value is escaped."""

from __future__ import annotations

from django import template
from django.urls import reverse
from django.utils import formats
from django.utils.dateformat import format as date_format
from django.utils.html import conditional_escape, format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

from lms.cohorts.models import AttendanceStatus
from lms.facilitation.formatting import number_text
from lms.facilitation.selectors import GroupMatrix

register = template.Library()

# Literal markup, no data in it.
RISK_SEPARATOR = mark_safe('<span class="sr">; </span>')
AT_RISK_CLASS = mark_safe(' class="is-at-risk"')
OPEN = mark_safe(" open")


@register.simple_tag
def matrix_rows(matrix: GroupMatrix) -> SafeString:
    labels = {value: conditional_escape(str(label)) for value, label in AttendanceStatus.choices}
    labels[""] = ""
    separator = formats.get_format("DECIMAL_SEPARATOR")
    learner_url = reverse("facilitation:learner", args=[matrix.group_id, 0])[: -len("0/")]
    lines = []
    for row in matrix.rows:
        last = len(row.risks) - 1
        risks = format_html_join(
            "",
            '<span class="risk-tag">{}{}</span>',
            (
                (flag.message, RISK_SEPARATOR if n < last else "")
                for n, flag in enumerate(row.risks)
            ),
        )
        cells = "".join(
            '<td class="cell"><span class="att att-{status}" data-k="attendance">{label}</span>'
            '<span class="pct"><span data-k="progress">{progress}</span>%</span>'
            '<span class="score"><span data-k="score">{score}</span></span></td>'.format(
                status=cell.attendance or "none",
                label=labels[cell.attendance],
                progress=cell.progress_percent,
                score=number_text(cell.best_score, separator),
            )
            for cell in row.cells
        )
        lines.append(
            format_html(
                '<tr{} data-learner="{}"><th scope="row" class="sticky">'
                '<a href="{}{}/" data-k="name">{}</a><br>'
                '<span class="meta" data-k="username">{}</span></th>'
                '<td data-k="risk">{}</td><td class="num" data-k="attended">{}</td>',
                AT_RISK_CLASS if row.risks else "",
                row.learner_id,
                learner_url,
                row.learner_id,
                row.name,
                row.username,
                risks,
                row.attended,
            )
            + cells
            + "</tr>"
        )
    # Every value above went through format_html or conditional_escape; statuses, numbers
    # and percentages are generated here, not typed by anyone.
    return mark_safe("\n".join(lines))  # noqa: S308


@register.simple_tag
def matrix_head(matrix: GroupMatrix) -> SafeString:
    short_date = formats.get_format("SHORT_DATE_FORMAT")
    return format_html_join(
        "",
        '<th scope="col" class="col-session{}" title="{}"><span class="session-number">{}'
        '</span><span class="session-title">{}</span>{}</th>',
        (
            (
                " is-held" if column.held else "",
                column.title,
                column.number,
                column.title,
                format_html('<span class="meta">{}</span>', date_format(column.date, short_date))
                if column.date
                else "",
            )
            for column in matrix.columns
        ),
    )


@register.simple_tag
def difficult_list(sessions: list) -> SafeString:
    """``sessions``: (column, [(question, label)]) pairs, the first one open."""
    return format_html_join(
        "",
        '<details class="difficult-session"{}><summary>{}. {}</summary>'
        '<ol class="difficult">{}</ol></details>',
        (
            (
                OPEN if n == 0 else "",
                column.number,
                column.title,
                format_html_join(
                    "",
                    '<li><span class="q-text">{}</span> <span class="q-share">'
                    '<meter min="0" max="100" value="{}"></meter> {}</span></li>',
                    ((q.text, q.percent, label) for q, label in questions),
                ),
            )
            for n, (column, questions) in enumerate(sessions)
        ),
    )
