"""The facilitator journey in headless Chromium, on a 360×640 phone: create a group, learners
join by code (one through sign-up from the join link, one by typing the code), open session
mode and run the timer, take attendance for 25 learners with one tap each (and undo one), then
find the quiz results, the difficult questions and the at-risk flags with their reasons on the
dashboard, and download a CSV that holds exactly what the screen shows."""

from __future__ import annotations

import csv
import io
import time
import uuid
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.utils import timezone, translation

from curriculum import api as curriculum_api
from curriculum.models import CurriculumPage
from lms.accounts.models import User
from lms.cohorts.models import AttendanceRecord, LearnerGroup, ScheduledSession
from lms.cohorts.services import attendance_record, membership_join_by_code
from lms.core.roles import Role
from lms.quizzes.services import quiz_attempt_submit
from tests.browser.waiting import wait_until

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "senha-de-teste-42"
LEARNERS = 25


def pt(message: str, **params) -> str:
    with translation.override("pt-br"):
        text = translation.gettext(message)
    return text % params if params else text


def log_in(page, base: str, username: str) -> None:
    page.goto(f"{base}/pt-br/accounts/login/")
    page.fill("input[name=login]", username)
    page.fill("input[name=password]", PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()


def answers(quiz, wrong: set[int]) -> dict[str, list[str]]:
    """Right answers except for the questions numbered in ``wrong``."""
    responses = {}
    for n, question in enumerate(quiz.questions):
        if question.is_numeric:
            value = question.answer + (question.tolerance + 10 if n in wrong else 0)
            responses[question.id] = [format(value, "f")]
            continue
        right = [o.id for o in question.options if o.correct]
        other = [o.id for o in question.options if not o.correct]
        responses[question.id] = other[:1] if n in wrong else right
    return responses


def screen_table(page) -> list[list[str]]:
    """The dashboard's table as the files write it: username, name, risks, attended, then
    attendance, progress and score per session."""
    return page.evaluate(
        """() => [...document.querySelectorAll('#matrix tbody tr[data-learner]')].map(tr => {
            const text = (el) => el.textContent.replace(/\\s+/g, ' ').trim();
            const k = (key) => [...tr.querySelectorAll(`[data-k="${key}"]`)];
            const risks = [...tr.querySelectorAll('[data-k="risk"] .risk-tag')]
                .map(el => el.firstChild.textContent.trim()).join('; ');
            const cells = [...tr.querySelectorAll('td.cell')].flatMap(td =>
                ['attendance', 'progress', 'score']
                    .map(key => text(td.querySelector(`[data-k="${key}"]`))));
            return [
                text(k('username')[0]), text(k('name')[0]), risks, text(k('attended')[0]),
                ...cells,
            ];
        })"""
    )


def test_facilitator_runs_a_group(live_server, browser, phone):
    call_command("seed_curricula", limit=3, no_video=True, verbosity=0)
    # Role groups by name: an earlier browser test's flush may have emptied the permission
    # rows that setup_roles would attach, and roles are checked by name.
    roles = {role: Group.objects.get_or_create(name=role.value)[0] for role in Role}
    facilitator = User.objects.create_user("camila", first_name="Camila", password=PASSWORD)
    facilitator.groups.add(roles[Role.FACILITATOR])
    learners = []
    for n in range(LEARNERS - 1):  # the last one signs up through the join link
        user = User.objects.create_user(
            f"aprendiz{n:02}", first_name=f"Pessoa {n:02}", password=PASSWORD
        )
        user.groups.add(roles[Role.LEARNER])
        learners.append(user)
    curriculum = CurriculumPage.objects.get(kind="personal", locale__language_code="pt-br")
    base = live_server.url

    # 1. The facilitator creates a group meeting every day since ten days ago.
    log_in(phone, base, "camila")
    assert phone.url.endswith("/pt-br/facilitate/")
    phone.goto(f"{base}/pt-br/facilitate/new/")
    phone.fill("input[name=name]", "Jovens de Congonhas")
    phone.select_option("select[name=curriculum]", str(curriculum.translation_key))
    phone.select_option("select[name=country]", "BR")
    phone.fill("input[name=municipality]", "Congonhas")
    phone.fill("input[name=start_date]", (timezone.localdate() - timedelta(days=10)).isoformat())
    for weekday in range(7):
        phone.check(f"input[name=weekdays][value='{weekday}']")
    assert phone.is_checked(f"input[name=facilitators][value='{facilitator.pk}']")
    phone.locator("main form button[type=submit]").click()
    phone.wait_for_url("**/pt-br/facilitate/*/")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    group = LearnerGroup.objects.get(name="Jovens de Congonhas")
    shown_code = phone.locator("[data-join-code]").inner_text()
    assert shown_code == group.join_code_display
    schedule = list(ScheduledSession.objects.filter(group=group).order_by("date"))
    assert len(schedule) == 3 and all(s.date < timezone.localdate() for s in schedule)

    # 2. Learners join by code: a newcomer through sign-up from the link…
    newcomer = browser.new_context(viewport={"width": 360, "height": 640}, locale="pt-BR")
    page = newcomer.new_page()
    page.goto(f"{base}/pt-br/learn/join/{group.join_code}/")
    assert "Jovens de Congonhas" not in page.inner_text("main")  # nothing before login
    page.locator("main a.button").click()
    page.fill("input[name=username]", "novata")
    page.fill("input[name=password1]", PASSWORD)
    page.fill("input[name=password2]", PASSWORD)
    page.fill("input[name=birth_year]", "2000")
    page.check("input[name=notice_accepted]")
    page.check("input[name=preferred_language][value=pt-br]")
    page.locator("main form button[type=submit]").last.click()
    page.wait_for_url(f"**/pt-br/learn/join/{group.join_code}/")
    assert "Jovens de Congonhas" in page.inner_text("main")  # logged in: confirm the group
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/pt-br/participants/profile/**")  # the profile, asked once
    page.get_by_role("link", name="Agora não").click()
    page.wait_for_url("**/pt-br/learn/")
    newcomer.close()
    # …one who has an account types the code as it was read out…
    typist = browser.new_context(viewport={"width": 360, "height": 640}, locale="pt-BR")
    page = typist.new_page()
    log_in(page, base, learners[0].username)
    page.goto(f"{base}/pt-br/learn/join/")
    page.fill("input[name=code]", shown_code.lower())
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/pt-br/participants/profile/**")
    page.get_by_role("link", name="Agora não").click()
    page.wait_for_url("**/pt-br/learn/")
    typist.close()
    # …and the rest as quickly as the service allows.
    for person in learners[1:]:
        membership_join_by_code(code=group.join_code, learner=person)
    members = list(User.objects.filter(memberships__group=group))
    assert len(members) == LEARNERS

    # Quiz results of session 1: everyone but two misses the first question; one learner
    # fails twice.
    first = curriculum_api.session_live(
        page_id=curriculum_api.curriculum_outline(
            curriculum_key=curriculum.translation_key, language="pt-br"
        )
        .modules[0]
        .sessions[0]
        .page_id
    )
    outline = curriculum_api.session_outline(session=first)
    quiz_id = next(b.id for b in first.body if b.block_type == "quiz")
    quiz = curriculum_api.session_quiz(session=first, block_id=quiz_id)
    struggling = learners[5]
    for n, person in enumerate(learners):
        tries = (
            [set(range(len(quiz.questions)))] * 2
            if person == struggling
            else [set() if n < 2 else {0}]
        )
        for wrong in tries:
            quiz_attempt_submit(
                learner=person,
                outline=outline,
                quiz=quiz,
                responses=answers(quiz, wrong),
                token=uuid.uuid4(),
                language="pt-br",
            )

    # 3. Session mode for session 1, its timer running, attendance one tap away.
    session_one = schedule[0]
    phone.goto(f"{base}/pt-br/facilitate/{group.pk}/schedule/")
    phone.locator(f"a[href$='/sessions/{session_one.pk}/run/']").click()
    phone.wait_for_url(f"**/sessions/{session_one.pk}/run/")
    assert phone.locator("[data-agenda-item]").count() == len(
        curriculum_api.session_agenda(session=first)
    )
    before = phone.locator("[data-session-left]").inner_text()
    phone.click("[data-timer-start]")
    wait_until(phone, f"document.querySelector('[data-session-left]').textContent !== {before!r}")
    assert phone.locator(".agenda-item.is-current [data-activity-left]").is_visible()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    phone.click("[data-attendance-link]")
    phone.wait_for_url(f"**/sessions/{session_one.pk}/attendance/")

    # 4. Attendance for 25 learners, one tap each.
    late, absent = learners[0], {learners[1], learners[2]}
    expected = {
        m.pk: "late" if m == late else "absent" if m in absent else "present" for m in members
    }
    started = time.perf_counter()
    # A slip corrected at once: the two taps must reach the server in order.
    phone.locator(f'li[data-learner="{learners[3].pk}"] button[value=absent]').click()
    for learner_id, status in expected.items():
        phone.locator(f'li[data-learner="{learner_id}"] button[value={status}]').click()
    wait_until(phone, f"document.querySelector('[data-recorded]').textContent === '{LEARNERS}'")
    print(f"25 taps saved in {time.perf_counter() - started:.1f} s")
    recorded = dict(
        AttendanceRecord.objects.filter(scheduled=session_one).values_list("learner_id", "status")
    )
    assert recorded == expected
    # Undo takes back the last tap; tapping again records it.
    last_id, last_status = list(expected.items())[-1]
    phone.click("[data-undo] button")
    wait_until(phone, f"document.querySelector('[data-recorded]').textContent === '{LEARNERS - 1}'")
    assert not AttendanceRecord.objects.filter(scheduled=session_one, learner_id=last_id).exists()
    button = phone.locator(f'li[data-learner="{last_id}"] button[value={last_status}]')
    assert button.get_attribute("aria-pressed") == "false"
    button.click()
    wait_until(phone, f"document.querySelector('[data-recorded]').textContent === '{LEARNERS}'")
    assert button.get_attribute("aria-pressed") == "true"
    # The two absent learners missed session 2 too (recorded earlier, on paper).
    for person in absent:
        attendance_record(
            scheduled=schedule[1], learner=person, status="absent", recorded_by=facilitator
        )

    # 5. The dashboard: quiz results, difficult questions, at-risk flags with their reasons.
    phone.goto(f"{base}/pt-br/facilitate/{group.pk}/")
    rows = {row[0]: row for row in screen_table(phone)}
    assert len(rows) == LEARNERS
    column = 4  # session 1's attendance; then progress and score
    best = {
        p.username: max(a.score for a in p.quiz_attempts.filter(session_key=outline.key))
        for p in members
        if p.quiz_attempts.exists()
    }
    for username, score in best.items():
        assert rows[username][column + 2] == format(score.normalize(), "f").replace(".", ",")
    assert rows[late.username][column] == pt("Late")
    assert best[struggling.username] == Decimal(0)

    difficult = phone.locator(".difficult li").first.inner_text()
    missed_first = LEARNERS - 1 - 2  # all who answered but the two right ones (and not novata)
    assert quiz.questions[0].prompt in difficult
    assert (
        pt("%(wrong)s of %(answered)s wrong (%(percent)s%%)", wrong=missed_first,
           answered=LEARNERS - 1, percent=round(100 * missed_first / (LEARNERS - 1)))
        in difficult
    )  # fmt: skip

    # On the phone: one card per learner, nothing wider than the screen, the reasons for a
    # risk in one line that opens on a tap.
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    card = phone.locator(f'#matrix tr[data-learner="{struggling.pk}"]')
    assert card.locator(".sum .lbl").first.is_visible()
    assert not phone.locator("#matrix thead").is_visible()
    assert not card.locator(".risk-tag").first.is_visible()
    card.locator(".risk-cell summary").click()
    assert card.locator(".risk-tag").first.is_visible()
    card.locator(".risk-cell summary").click()  # closed again
    summaries = phone.locator(".risk-list summary")
    for n in range(summaries.count()):
        box = summaries.nth(n).bounding_box()
        # On the summary's free end, not on the learner's name (a link).
        summaries.nth(n).click(position={"x": box["width"] - 4, "y": box["height"] / 2})
    risks = phone.locator(".risk-list").inner_text()
    assert struggling.get_full_name() in risks
    assert (
        pt(
            "Failed the quiz “%(quiz)s” of session %(number)s %(count)s times.",
            quiz=quiz.title,
            number=1,
            count=2,
        )
        in risks
    )
    for person in absent:
        assert person.get_full_name() in risks
    assert pt("Missed %(missed)s of the last %(window)s sessions.", missed=2, window=3) in risks

    # On a wide screen: the whole matrix, a hint that it scrolls sideways, rows of sane height.
    phone.set_viewport_size({"width": 1280, "height": 800})
    assert phone.locator(".scroll-hint").is_visible()
    assert phone.locator("#matrix thead").is_visible()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 1280
    heights = phone.evaluate(
        "[...document.querySelectorAll('#matrix tbody tr')].map(r => r.offsetHeight)"
    )
    assert len(heights) == LEARNERS and max(heights) < 120
    phone.set_viewport_size({"width": 360, "height": 640})

    # 6. The CSV download holds exactly the screen's rows and numbers.
    with phone.expect_download() as download:
        phone.click(f"a[href$='/facilitate/{group.pk}/export.csv']")
    text = Path(download.value.path()).read_text(encoding="utf-8-sig")
    header, *exported = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert header[0] == pt("Username")
    assert exported == screen_table(phone)
