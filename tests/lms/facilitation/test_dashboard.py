"""The group dashboard: what it shows, that its CSV and XLSX exports hold exactly the same
rows and numbers, its query count pinned for 5 and 25 learners × 24 sessions, and session
mode."""

from __future__ import annotations

import csv
import gzip
import io
import re
from datetime import timedelta
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation
from openpyxl import load_workbook

from lms.accounts.models import User
from lms.cohorts.models import AttendanceRecord, Membership
from lms.cohorts.services import attendance_record, schedule_generate
from lms.quizzes.models import QuizAnswer
from tests.factories import SessionPageFactory
from tests.lms.cohorts.factories import attempt_add
from tests.lms.facilitation.helpers import pt, url

pytestmark = pytest.mark.django_db


class MatrixReader(HTMLParser):
    """The rows of ``table#matrix`` as a screen reader would read them: for each learner,
    the texts of the cells marked ``data-k``, in order (risk flags joined with "; ")."""

    def __init__(self):
        super().__init__()
        self.rows: list[list[str]] = []
        self.in_table = False
        self.stack: list[str | None] = []
        self.texts: dict[int, list[str]] = {}

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "table" and attrs.get("id") == "matrix":
            self.in_table = True
        if not self.in_table:
            return
        if tag == "tr" and "data-learner" in attrs:
            self.rows.append([])
        key = attrs.get("data-k")
        if key and self.rows:
            self.rows[-1].append("")
            self.stack.append(key)
        elif tag in ("span", "td", "th", "a"):
            self.stack.append(None)

    def handle_endtag(self, tag):
        if tag == "table" and self.in_table:
            self.in_table = False
        elif self.in_table and tag in ("span", "td", "th", "a") and self.stack:
            self.stack.pop()

    def handle_data(self, data):
        if self.in_table and self.rows and any(k for k in self.stack):
            self.rows[-1][-1] += data


def screen_rows(html: str) -> list[list[str]]:
    reader = MatrixReader()
    reader.feed(html)
    return [[" ".join(cell.split()) for cell in row] for row in reader.rows]


def row_html(html: str, learner_id: int) -> str:
    """The dashboard's row (a card on a phone) of one learner."""
    start = html.index(f'data-learner="{learner_id}"')
    return html[start : html.index("</tr>", start)]


def pt_plural(singular: str, plural: str, count: int, **params) -> str:
    with translation.override("pt-br"):
        return translation.ngettext(singular, plural, count) % {"count": count, **params}


def as_screen(value) -> str:
    """An exported XLSX value written the way the pt-BR screen prints it."""
    if value is None:
        return ""
    if isinstance(value, float):
        text = f"{value:.2f}".rstrip("0").rstrip(".")
        return text.replace(".", ",")
    return str(value)


@pytest.fixture
def busy_group(group, members, outlines, facilitator):
    """Two sessions held with attendance, quiz attempts with wrong answers, a learner who
    failed the first quiz twice."""
    ana, bia, caio = members
    first, second, _third = group.schedule.order_by("date")
    for person, statuses in (
        (ana, ("present", "present")),
        (bia, ("late", "absent")),
        (caio, ("absent", "absent")),
    ):
        for scheduled, status in zip((first, second), statuses, strict=True):
            attendance_record(
                scheduled=scheduled, learner=person, status=status, recorded_by=facilitator
            )
    key = outlines[0].key
    attempt_add(ana, key, answers={"q1": True, "q2": True}, title="Quiz 1")
    attempt_add(bia, key, answers={"q1": False, "q2": True}, title="Quiz 1")
    attempt_add(caio, key, answers={"q1": False, "q2": False}, title="Quiz 1")
    attempt_add(caio, key, answers={"q1": False, "q2": True}, title="Quiz 1")
    return group


def test_dashboard_shows_matrix_difficult_questions_and_risks(
    client, busy_group, members, facilitator
):
    client.force_login(facilitator)
    response = client.get(url("facilitation:group", busy_group.pk))
    html = response.content.decode()
    assert response.status_code == 200
    rows = screen_rows(html)
    assert [row[0] for row in rows] == ["Ana", "Bia", "Caio"]
    ana, bia, caio = rows
    # name, username, risk, attended, then attendance / progress / score per session
    assert ana[3:9] == ["2", pt("Present"), "0", "100", pt("Present"), "0"]
    assert bia[3:6] == ["1", pt("Late"), "0"] and bia[6] == "50"
    assert caio[6] == "50"  # best of 0 and 50
    assert (
        pt(
            "Failed the quiz “%(quiz)s” of session %(number)s %(count)s times.",
            quiz="Quiz 1",
            number=1,
            count=2,
        )
        in caio[2]
    )
    assert pt("Missed %(missed)s of the last %(window)s sessions.", missed=2, window=3) in caio[2]
    assert ana[2] == ""
    # Question q1 was missed by Bia and Caio (latest attempts): 2 of 3.
    assert (
        pt("%(wrong)s of %(answered)s wrong (%(percent)s%%)", wrong=2, answered=3, percent=67)
        in html
    )
    assert "Question q1?" in html


def test_exports_hold_exactly_what_the_screen_shows(client, busy_group, facilitator):
    client.force_login(facilitator)
    screen = screen_rows(client.get(url("facilitation:group", busy_group.pk)).content.decode())
    # The screen shows name first and username under it; the files list username first.
    screen = [[row[1], row[0], *row[2:]] for row in screen]

    response = client.get(url("facilitation:export_csv", busy_group.pk))
    assert response["Content-Type"].startswith("text/csv")
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    header, *rows = list(csv.reader(io.StringIO(text[1:]), delimiter=";"))
    assert rows == screen
    assert len(header) == 4 + 3 * 3

    response = client.get(url("facilitation:export_xlsx", busy_group.pk))
    sheet = load_workbook(io.BytesIO(response.content), read_only=True).active
    xlsx_header, *xlsx_rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    assert [str(h) for h in xlsx_header] == header
    # A spreadsheet row ends at its last filled cell: pad the empty ones back.
    padded = [row + [None] * (len(header) - len(row)) for row in xlsx_rows]
    assert [[as_screen(v) for v in row] for row in padded] == screen
    assert isinstance(xlsx_rows[2][3], int)  # numbers stay numbers in the spreadsheet


def test_csv_in_spanish_uses_spanish_labels(client, busy_group, facilitator):
    client.force_login(facilitator)
    text = client.get(url("facilitation:export_csv", busy_group.pk, language="es")).content.decode()
    from django.utils import translation

    with translation.override("es"):
        assert translation.gettext("Present") in text
        assert translation.gettext("Username") in text.splitlines()[0]


def test_empty_group_has_a_helpful_dashboard(client, group, facilitator):
    client.force_login(facilitator)
    html = client.get(url("facilitation:group", group.pk)).content.decode()
    assert (
        pt(
            "No learners have joined yet. Share the join code, add learners one by one or "
            "import a CSV file."
        )
        in html
    )
    assert group.join_code_display in html


def _grow(group, outlines, count: int, start: int) -> None:
    """``count`` more members with attendance in every held session and quiz attempts in
    every session."""
    people = User.objects.bulk_create(
        User(username=f"bulk{n}", first_name=f"Pessoa {n}") for n in range(start, start + count)
    )
    Membership.objects.bulk_create(Membership(group=group, learner=p) for p in people)
    held = list(group.schedule.filter(date__lte=timezone.localdate()))
    AttendanceRecord.objects.bulk_create(
        AttendanceRecord(scheduled=s, learner=p, status="absent" if n % 3 else "present")
        for n, p in enumerate(people)
        for s in held
    )
    for person in people:
        for outline in outlines:
            attempt_add(person, outline.key, answers={"q1": False, "q2": True})


def test_dashboard_query_count_does_not_grow_with_the_group(client, group, curriculum, facilitator):
    module = curriculum.get_children().first()
    for number in range(4, 25):
        SessionPageFactory(parent=module, number=number, title=f"Sessão {number}")
    from curriculum import api as curriculum_api

    outline = curriculum_api.curriculum_outline(
        curriculum_key=curriculum.translation_key, language="pt-br"
    )
    outlines = [s for m in outline.modules for s in m.sessions]
    assert len(outlines) == 24
    schedule_generate(
        group=group,
        session_keys=[(s.key, s.number) for s in outlines],
        first_date=timezone.localdate() - timedelta(days=20),
        weekdays=list(range(7)),
    )
    client.force_login(facilitator)
    dashboard = url("facilitation:group", group.pk)

    def count() -> int:
        client.get(dashboard)  # warm caches (site root, content types)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(dashboard)
        assert response.status_code == 200
        return len(queries), response

    _grow(group, outlines, 5, 0)
    five, small = count()
    assert len(screen_rows(small.content.decode())) == 5
    _grow(group, outlines, 20, 5)
    twenty_five, big = count()
    html = big.content.decode()
    rows = screen_rows(html)
    assert len(rows) == 25 and len(rows[0]) == 4 + 3 * 24
    # 21 sessions held (from 20 days ago to today): the 3 later ones stay off the phone's
    # attendance strip.
    assert html.count('<td class="cell later">') == 25 * 3
    # The matrix is written once for every screen width: light enough for a phone.
    size = len(gzip.compress(big.content, compresslevel=6))
    print(f"dashboard, 25 learners × 24 sessions: {len(big.content)} bytes, {size} gzipped")
    assert size < 20 * 1024
    # Login and role checks, the group, the curriculum outline (3), the matrix (6): about
    # 17 in all, the same for any group size.
    assert five == twenty_five <= 20


def test_session_mode_has_agenda_guide_content_and_attendance(client, group, members, facilitator):
    scheduled = group.schedule.order_by("date").first()
    attendance_record(
        scheduled=scheduled, learner=members[0], status="present", recorded_by=facilitator
    )
    client.force_login(facilitator)
    response = client.get(url("facilitation:session_mode", group.pk, scheduled.pk))
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count("data-agenda-item") == 3  # the factory's guide: 60, 15 and 135 minutes
    assert 'data-total="210"' in html
    assert "Facilitator only: handle with care." in html
    assert "Some text." in html  # the learner content, ready to project
    assert f'{url("facilitation:attendance", group.pk, scheduled.pk)}" data-attendance-link' in html
    assert "(1/3)" in html


def test_exports_never_carry_a_formula(client, group, members, facilitator):
    sneaky = members[0]
    sneaky.first_name, sneaky.last_name = '=HYPERLINK("http://example.com","x")', ""
    sneaky.save()
    client.force_login(facilitator)
    text = client.get(url("facilitation:export_csv", group.pk)).content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert "'" + sneaky.first_name in [row[1] for row in rows]
    response = client.get(url("facilitation:export_xlsx", group.pk))
    sheet = load_workbook(io.BytesIO(response.content)).active
    names = [sheet.cell(row=r, column=2) for r in range(2, sheet.max_row + 1)]
    cell = next(c for c in names if str(c.value).startswith("=HYPERLINK"))
    assert cell.data_type == "s"


def test_text_people_typed_is_escaped_on_the_dashboard(client, group, members, facilitator):
    """Names, usernames, quiz titles (in the risk reasons) and question texts are shown as
    text, never run as markup."""
    attack = '<img src=x onerror="alert(1)">'
    ana = members[0]
    ana.first_name, ana.last_name = attack, "<b>Souza</b>"
    ana.save()
    key = group.schedule.order_by("date").first().session_key
    for _try in range(2):
        attempt_add(ana, key, answers={"q1": False}, title=f"Quiz {attack}")
    QuizAnswer.objects.update(question_text=attack)

    client.force_login(facilitator)
    html = client.get(url("facilitation:group", group.pk)).content.decode()

    assert "<img src=x" not in html and "<b>Souza" not in html
    # The name in the table, the at-risk list and the graduation list, the quiz title in the
    # table and the at-risk list, the question.
    assert html.count("&lt;img src=x onerror=&quot;alert(1)&quot;&gt;") == 6
    row = screen_rows(html)[0]
    assert row[0] == f"{attack} <b>Souza</b>"  # read back as the text it is
    assert f"Quiz {attack}" in row[2]


def test_each_row_carries_the_summaries_a_phone_card_shows(
    client, busy_group, members, facilitator
):
    """On a phone the stylesheet shows each row as a card: attendance of the sessions held,
    self-paced progress over the curriculum and the average of the best quiz scores."""
    ana, bia, caio = members
    client.force_login(facilitator)
    html = client.get(url("facilitation:group", busy_group.pk)).content.decode()
    cards = {person: row_html(html, person.pk) for person in members}
    assert '<span data-k="attended">2</span><span class="of">/3</span>' in cards[ana]
    assert '<span data-k="attended">0</span><span class="of">/3</span>' in cards[caio]
    assert f'<span class="lbl">{pt("Progress")} </span>0%' in cards[ana]
    quiz = f'<span class="lbl">{pt("Quiz")} </span>'
    assert (
        f"{quiz}100<" in cards[ana] and f"{quiz}50<" in cards[bia] and f"{quiz}50<" in cards[caio]
    )
    # Every session is held in this group: no cell is left off the phone's strip.
    assert 'class="cell later"' not in html
    # The strip's symbols come with the words for each status (a legend, and the cells').
    for status in ("Present", "Late", "Absent", "Excused"):
        assert f'<span class="att att-{status.lower()}">{pt(status)}</span>' in html


def test_risk_reasons_fit_one_line_with_the_details_on_demand(
    client, busy_group, members, facilitator
):
    ana, _bia, caio = members
    client.force_login(facilitator)
    html = client.get(url("facilitation:group", busy_group.pk)).content.decode()
    failed_once = pt_plural("%(count)s quiz failed", "%(count)s quizzes failed", 1)
    line = f"{pt('Absences')} · {failed_once}"
    card = row_html(html, caio.pk)
    assert re.search(r"<summary>(.*?)</summary>", card).group(1) == line
    details = card[card.index("</summary>") :]
    assert pt("Missed %(missed)s of the last %(window)s sessions.", missed=2, window=3) in details
    assert "<details>" not in row_html(html, ana.pk)
    # The list above the table: one line per learner at risk, the reasons under it.
    at_risk = html[html.index('<ul class="risk-list">') : html.index('id="matrix-title"')]
    assert at_risk.count("<li><details><summary>") == 1  # Caio
    assert f"<strong>Caio</strong></a> · {line}</summary>" in at_risk


def test_wrong_answers_are_drawn_in_the_warning_colour(client, busy_group, facilitator):
    client.force_login(facilitator)
    html = client.get(url("facilitation:group", busy_group.pk)).content.decode()
    assert '<meter class="wrong" min="0" max="100" value="67">' in html
    from django.contrib.staticfiles import finders

    css = Path(finders.find("lms/facilitate.css")).read_text(encoding="utf-8")
    assert "meter.wrong::-webkit-meter-optimum-value" in css
    rule = css[css.index("meter.wrong::-webkit-meter-optimum-value") :]
    assert rule[: rule.index("}")].endswith("{ background: var(--warn); ")


def test_session_mode_puts_the_timer_and_agenda_first(client, group, facilitator):
    scheduled = group.schedule.order_by("date").first()
    client.force_login(facilitator)
    html = client.get(url("facilitation:session_mode", group.pk, scheduled.pk)).content.decode()
    timer = html.index("data-session-timer")
    assert timer < html.index("data-timer-start") < html.index("data-agenda-item")
    # The guide and the learner content come after the agenda, folded.
    guide = html.index('<details class="block guide fold">')
    project = html.index('<details class="block project fold">')
    assert html.index("data-agenda-item") < guide < html.index("Facilitator only") < project
    assert project < html.index("Some text.")
    # The first activity's instructions are open without JavaScript.
    assert html.count("<details data-agenda-details open>") == 1


def test_learner_page_leads_with_what_explains_the_risk(client, busy_group, members, facilitator):
    caio = members[2]
    client.force_login(facilitator)
    html = client.get(url("facilitation:learner", busy_group.pk, caio.pk)).content.decode()
    summary = html.index('class="learner-summary is-at-risk"')
    missed = html.index(
        pt("Missed %(missed)s of the last %(window)s sessions.", missed=2, window=3)
    )
    attended = html.index(
        pt_plural(
            "%(attended)s of %(held)s session held",
            "%(attended)s of %(held)s sessions held",
            3,
            attended=0,
            held=3,
        )
    )
    strip = html.index('class="att-strip"')
    attempts = html.index('id="attempts-title"')
    assert summary < missed < attended < strip < attempts
    assert html[strip:attempts].count('class="att att-absent"') == 2
    assert html[strip:attempts].count('class="att att-none"') == 1  # session 3: not recorded
    ana = members[0]
    html = client.get(url("facilitation:learner", busy_group.pk, ana.pk)).content.decode()
    assert 'class="learner-summary"' in html and pt("Not at risk") in html
