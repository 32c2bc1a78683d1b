"""The dashboard's repeated parts, written in Python: 25 learners × 24 sessions are 600
cells, and rendering them node by node in the template language alone cost more than the
whole target for the page (see tests/perf/bench_dashboard.py). Every value is escaped."""

from __future__ import annotations

from datetime import date
from functools import lru_cache
from html import escape  # Django's escape is this, plus a lazy-string wrapper per call

from django import template
from django.utils import formats
from django.utils.dateformat import format as date_format
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from lms.cohorts.models import AttendanceStatus
from lms.core.links import url_for
from lms.facilitation.formatting import number_text
from lms.facilitation.selectors import GroupMatrix

register = template.Library()

# Literal markup, no data in it.
RISK_SEPARATOR = mark_safe('<span class="sr">; </span>')
AT_RISK_CLASS = mark_safe(' class="is-at-risk"')
OPEN = mark_safe(" open")


@lru_cache(maxsize=4096)
def _date_text(day: date, format_string: str, language: str | None) -> str:
    """A date as the language writes it, remembered: a group's column dates are the same on
    every view of its dashboard (the language is in the key for month and day names)."""
    return date_format(day, format_string)


def _learner_url(matrix: GroupMatrix) -> str:
    """The learner page's URL up to the learner id, reversed once (per process) for every row."""
    return url_for("facilitation:learner", matrix.group_id, 0)[: -len("0/")]


@register.simple_tag
def matrix_rows(matrix: GroupMatrix) -> SafeString:
    labels = {value: escape(str(label)) for value, label in AttendanceStatus.choices}
    labels[""] = ""
    separator = formats.get_format("DECIMAL_SEPARATOR")
    learner_url = escape(_learner_url(matrix))
    cell = (
        '<td class="cell"><span class="att att-{}" data-k="attendance">{}</span>'
        '<span class="pct"><span data-k="progress">{}</span>%</span>'
        '<span class="score"><span data-k="score">{}</span></span></td>'
    ).format
    # Cells repeat (the same status, progress and score in many places), so each distinct
    # cell is written once and reused.
    written: dict[tuple, str] = {}
    lines = []
    for row in matrix.rows:
        last = len(row.risks) - 1
        risks = "".join(
            f'<span class="risk-tag">{escape(flag.message)}{RISK_SEPARATOR if n < last else ""}'
            "</span>"
            for n, flag in enumerate(row.risks)
        )
        parts = []
        for c in row.cells:
            key = (c.attendance, c.progress, c.best_score)
            text = written.get(key)
            if text is None:
                text = written[key] = cell(
                    c.attendance or "none",
                    labels[c.attendance],
                    c.progress_percent,
                    number_text(c.best_score, separator),
                )
            parts.append(text)
        cells = "".join(parts)
        lines.append(
            f'<tr{AT_RISK_CLASS if row.risks else ""} data-learner="{row.learner_id}">'
            f'<th scope="row" class="sticky"><a href="{learner_url}{row.learner_id}/" '
            f'data-k="name">{escape(row.name)}</a><br>'
            f'<span class="meta" data-k="username">{escape(row.username)}</span></th>'
            f'<td data-k="risk">{risks}</td><td class="num" data-k="attended">{row.attended}'
            f"</td>{cells}</tr>"
        )
    # Text people typed (names, usernames, quiz titles in the risk messages) goes through
    # ``escape``; the rest is generated here: statuses, integers, formatted numbers, labels
    # from the code's own catalogue (escaped all the same).
    return mark_safe("\n".join(lines))  # noqa: S308


@register.simple_tag
def risk_list(matrix: GroupMatrix) -> SafeString:
    """The learners at risk, each with the reasons, linked to their page."""
    learner_url = escape(_learner_url(matrix))
    return mark_safe(  # noqa: S308 - names and messages escaped, the rest generated here
        "\n".join(
            f'<li><a href="{learner_url}{row.learner_id}/"><strong>{escape(row.name)}</strong>'
            "</a><ul>"
            + "".join(
                f'<li class="risk risk-{flag.code}">{escape(flag.message)}</li>'
                for flag in row.risks
            )
            + "</ul></li>"
            for row in matrix.at_risk
        )
    )


@register.simple_tag
def matrix_head(matrix: GroupMatrix) -> SafeString:
    short_date, language = formats.get_format("SHORT_DATE_FORMAT"), get_language()
    cells = []
    for column in matrix.columns:
        title = escape(column.title)
        when = (
            f'<span class="meta">{escape(_date_text(column.date, short_date, language))}</span>'
            if column.date
            else ""
        )
        cells.append(
            f'<th scope="col" class="col-session{" is-held" if column.held else ""}" '
            f'title="{title}"><span class="session-number">{column.number}</span>'
            f'<span class="session-title">{title}</span>{when}</th>'
        )
    return mark_safe("".join(cells))  # noqa: S308 - titles and dates escaped


@register.simple_tag
def difficult_list(sessions: list) -> SafeString:
    """``sessions``: (column, [(question, label)]) pairs, the first one open."""
    return mark_safe(  # noqa: S308 - titles, questions and labels escaped
        "".join(
            f'<details class="difficult-session"{OPEN if n == 0 else ""}><summary>'
            f'{column.number}. {escape(column.title)}</summary><ol class="difficult">'
            + "".join(
                f'<li><span class="q-text">{escape(q.text)}</span> <span class="q-share">'
                f'<meter min="0" max="100" value="{q.percent}"></meter> {escape(label)}'
                "</span></li>"
                for q, label in questions
            )
            + "</ol></details>"
            for n, (column, questions) in enumerate(sessions)
        )
    )
