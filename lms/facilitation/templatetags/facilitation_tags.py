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
from django.utils.translation import get_language, gettext, ngettext

from lms.cohorts.models import AttendanceStatus
from lms.core.links import url_for
from lms.facilitation.formatting import number_text
from lms.facilitation.selectors import (
    RISK_FAILED_QUIZ,
    RISK_INACTIVE,
    RISK_MISSED_SESSIONS,
    GroupMatrix,
    RiskFlag,
)

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


def _risk_summary(risks: tuple[RiskFlag, ...], labels: dict[str, str]) -> str:
    """The reasons in one short line ("Absences · 2 quizzes failed"), escaped; the full
    messages go under it, shown on demand."""
    failed = sum(flag.code == RISK_FAILED_QUIZ for flag in risks)
    parts = [
        labels[code]
        for code in (RISK_MISSED_SESSIONS, RISK_INACTIVE)
        if code in {flag.code for flag in risks}
    ]
    if failed:
        parts.append(
            escape(
                ngettext("%(count)s quiz failed", "%(count)s quizzes failed", failed)
                % {"count": failed}
            )
        )
    return " · ".join(parts)


def _risk_labels() -> dict[str, str]:
    return {
        RISK_MISSED_SESSIONS: escape(gettext("Absences")),
        RISK_INACTIVE: escape(gettext("No recent activity")),
    }


def _risk_messages(risks: tuple[RiskFlag, ...]) -> str:
    last = len(risks) - 1
    return "".join(
        f'<span class="risk-tag">{escape(flag.message)}{RISK_SEPARATOR if n < last else ""}</span>'
        for n, flag in enumerate(risks)
    )


@register.simple_tag
def matrix_rows(matrix: GroupMatrix) -> SafeString:
    """One row per learner. Wide screens show it as a table row; on a phone the stylesheet
    turns the same row into a card (name, risk, the three summaries and a strip of the held
    sessions' attendance), so the page carries the matrix once."""
    labels = {value: escape(str(label)) for value, label in AttendanceStatus.choices}
    labels[""] = ""
    risk_labels = _risk_labels()
    separator = formats.get_format("DECIMAL_SEPARATOR")
    learner_url = escape(_learner_url(matrix))
    held = [column.held for column in matrix.columns]
    held_count = sum(held)
    width = len(held)
    # Labels shown only on the phone's cards, where no column header is in view.
    attended_label = escape(gettext("Attendance"))
    progress_label = escape(gettext("Progress"))
    quiz_label = escape(gettext("Quiz"))
    summaries = (
        f'<td class="sum"><span class="lbl">{attended_label} </span>'
        '<span data-k="attended">{}</span><span class="of">/' + str(held_count) + "</span></td>"
        f'<td class="sum"><span class="lbl">{progress_label} </span>{{}}%</td>'
        f'<td class="sum"><span class="lbl">{quiz_label} </span>{{}}</td>'
    ).format
    cell = (
        '<td class="cell{}"><span class="att att-{}" data-k="attendance">{}</span>'
        '<span class="pct" data-k="progress">{}</span>'  # the stylesheet adds the "%"
        '<span class="score" data-k="score">{}</span></td>'
    ).format
    # Cells repeat (the same status, progress and score in many places), so each distinct
    # cell is written once and reused.
    written: dict[tuple, str] = {}
    lines = []
    for row in matrix.rows:
        if row.risks:
            risk = (
                f"<details><summary>{_risk_summary(row.risks, risk_labels)}</summary>"
                f'<span data-k="risk">{_risk_messages(row.risks)}</span></details>'
            )
        else:
            risk = '<span data-k="risk"></span>'
        parts = []
        progress_sum = 0
        scores = []
        for c, is_held in zip(row.cells, held, strict=True):
            percent = c.progress_percent
            progress_sum += percent
            if c.best_score is not None:
                scores.append(c.best_score)
            key = (c.attendance, percent, c.best_score, is_held)
            text = written.get(key)
            if text is None:
                text = written[key] = cell(
                    "" if is_held else " later",
                    c.attendance or "none",
                    labels[c.attendance],
                    percent,
                    number_text(c.best_score, separator),
                )
            parts.append(text)
        cells = "".join(parts)
        mean_score = number_text(round(sum(scores) / len(scores)), separator) if scores else "–"
        lines.append(
            f'<tr{AT_RISK_CLASS if row.risks else ""} data-learner="{row.learner_id}">'
            f'<th scope="row" class="sticky"><a href="{learner_url}{row.learner_id}/" '
            f'data-k="name">{escape(row.name)}</a> '
            f'<span class="meta" data-k="username">{escape(row.username)}</span></th>'
            f'<td class="risk-cell">{risk}</td>'
            f"{summaries(row.attended, round(progress_sum / width) if width else 0, mean_score)}"
            f"{cells}</tr>"
        )
    # Text people typed (names, usernames, quiz titles in the risk messages) goes through
    # ``escape``; the rest is generated here: statuses, integers, formatted numbers, labels
    # from the code's own catalogue (escaped all the same).
    return mark_safe("\n".join(lines))  # noqa: S308


@register.simple_tag
def risk_list(matrix: GroupMatrix) -> SafeString:
    """The learners at risk, each with the reasons in one line and in full on demand."""
    learner_url = escape(_learner_url(matrix))
    risk_labels = _risk_labels()
    return mark_safe(  # noqa: S308 - names and messages escaped, the rest generated here
        "\n".join(
            f'<li><details><summary><a href="{learner_url}{row.learner_id}/">'
            f"<strong>{escape(row.name)}</strong></a> · {_risk_summary(row.risks, risk_labels)}"
            "</summary><ul>"
            + "".join(
                f'<li class="risk risk-{flag.code}">{escape(flag.message)}</li>'
                for flag in row.risks
            )
            + "</ul></details></li>"
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
                f'<meter class="wrong" min="0" max="100" value="{q.percent}"></meter> '
                f"{escape(label)}"
                "</span></li>"
                for q, label in questions
            )
            + "</ol></details>"
            for n, (column, questions) in enumerate(sessions)
        )
    )
