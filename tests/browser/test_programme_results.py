"""The issue's "done when" in headless Chromium, through the screens people use: a learner on a
360×640 phone joins a group by its link, fills the profile and consents, answers the baseline;
the facilitator's register and a self-paced session make them graduate under the curriculum's
rule (two sessions, to keep it short); the certificate downloads from My path as a PDF and its
verification page answers; six months later (time moved forward through the surveys service)
the follow-up round opens, the learner answers it, and the manager's results page counts them.
The test-client version of the same chain is tests/lms/reports/test_done_when.py."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.utils import formats, timezone, translation

from lms.cohorts.models import AttendanceRecord
from lms.core.roles import Role
from lms.participants.models import Certificate, GraduationRule, ParticipantStatus
from lms.programmes.models import Programme, ProgrammeCurriculum
from lms.surveys.models import Round
from lms.surveys.seeding import instruments_seed
from lms.surveys.services import rounds_open_due
from tests.browser.waiting import wait_until
from tests.factories import (
    CurriculumPageFactory,
    ModulePageFactory,
    SessionPageFactory,
    UserFactory,
)
from tests.lms.cohorts.factories import LearnerGroupFactory, ScheduledSessionFactory
from tests.lms.facilitation.helpers import url

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "senha-de-teste-42"
ANSWERS = {
    "q_employment_status": "self_employed",
    "q_soft_skill_communication": "3",
    "q_soft_skill_teamwork": "3",
    "q_soft_skill_planning": "3",
    "q_soft_skill_confidence": "3",
    "q_soft_skill_problem_solving": "3",
}


def person(role: Role, username: str, **fields):
    user = UserFactory(username=username, **fields)
    user.set_password(PASSWORD)
    user.save()
    user.groups.add(Group.objects.get_or_create(name=role.value)[0])
    return user


def log_in(page, base: str, username: str) -> None:
    page.goto(f"{base}/pt-br/accounts/login/")
    page.fill("input[name=login]", username)
    page.fill("input[name=password]", PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()


def survey_answer(page, answers: dict[str, str]) -> None:
    """Fill the round's form as a person would (radios ticked, numbers typed) and send it."""
    for name, value in answers.items():
        radio = page.locator(f"input[type=radio][name={name}][value='{value}']")
        if radio.count():
            radio.check()
        else:
            page.fill(f"[name={name}]", value)
    page.locator("form.survey-form button[type=submit]").click()
    page.wait_for_load_state()


def open_round(page, base: str, survey: Round) -> None:
    """From My path, the round's "Answer now" link."""
    page.goto(f"{base}{url('learner:path')}")
    page.locator(f"a[href='{url('surveys:answer', survey.pk)}']").click()
    page.wait_for_url(f"**{url('surveys:answer', survey.pk)}")


def table(page, key: str) -> list[list[str]]:
    return page.evaluate(
        """(key) => [...document.querySelectorAll(`#results-${key} tr`)].map(tr =>
            [...tr.querySelectorAll('th, td')]
                .map(c => c.textContent.replace(/\\s+/g, ' ').trim()))""",
        key,
    )


def test_a_learner_counted_from_enrolment_to_the_six_month_follow_up(
    live_server, browser, phone, catalogue
):
    instruments_seed()
    curriculum = CurriculumPageFactory(parent=catalogue, title="Eficácia pessoal")
    curriculum.save_revision().publish()
    module = ModulePageFactory(parent=curriculum)
    module.save_revision().publish()
    sessions = []
    for number in (1, 2):
        session = SessionPageFactory(parent=module, number=number, title=f"Sessão {number}")
        session.save_revision().publish()
        sessions.append(session)
    GraduationRule.objects.create(
        curriculum=curriculum, trained_min_sessions=1, graduated_min_percent=100,
        required_sessions="2", graduated_min_quizzes=1,
    )  # fmt: skip
    key = curriculum.translation_key
    crescer = Programme.objects.create(name="CRESCER", slug="crescer", country="BR")
    ProgrammeCurriculum.objects.create(programme=crescer, pillar="workforce", curriculum_key=key)
    facilitator = person(Role.FACILITATOR, "camila", first_name="Camila")
    group = LearnerGroupFactory(
        name="Jovens de Itabira", curriculum_key=key, facilitators=[facilitator],
        programme=crescer, country="BR",
    )  # fmt: skip
    scheduled = ScheduledSessionFactory(
        group=group, session_key=sessions[0].translation_key, number=1,
        date=timezone.localdate() - timedelta(days=1),
    )  # fmt: skip
    learner = person(
        Role.LEARNER, "joana", first_name="Joana", last_name="Souza",
        birth_year=1996, preferred_language="pt-br",
    )  # fmt: skip
    person(Role.MANAGER, "marta", country="BR")
    base = live_server.url

    # 1. The learner joins by the group's link, fills the profile and consents.
    log_in(phone, base, "joana")
    phone.goto(f"{base}{url('learner:join', group.join_code)}")
    assert "Jovens de Itabira" in phone.inner_text("main")
    phone.locator("main form button[type=submit]").click()
    phone.wait_for_url("**/pt-br/participants/profile/**")
    phone.check("input[name=gender][value=female]")
    phone.fill("input[name=municipality]", "Itabira")
    phone.check("input[name=area][value=urban]")
    phone.select_option("select[name=schooling]", "secondary")
    phone.select_option("select[name=employment_status]", "self_employed")
    phone.check("input[name=consent]")
    phone.locator("form.profile-form button[type=submit]").click()
    phone.wait_for_load_state()
    assert "/participants/profile/" not in phone.url
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360

    # …and answers the baseline from My path.
    baseline = Round.objects.get(person=learner, kind="baseline")
    open_round(phone, base, baseline)
    survey_answer(phone, {**ANSWERS, "q_monthly_income": "1.000"})
    baseline.refresh_from_db()
    assert baseline.completed_at is not None

    # 2. Session 2 on their own: the quiz answered right completes it.
    phone.goto(f"{base}{sessions[1].url}")
    phone.locator("[data-quiz-form] input[type=radio]").first.check()  # "Option 0", the right one
    phone.locator("[data-quiz-form] button[type=submit]").click()
    phone.locator("[data-quiz-result]").wait_for()
    wait_until(phone, "document.querySelector('[data-quiz-result]').textContent.includes('100')")
    status = ParticipantStatus.objects.get(person=learner, curriculum_key=key)
    assert status.trained_at is not None and status.graduated_at is None  # session 1 missing

    # 3. The facilitator marks them present at session 1 in the register: graduated.
    register = browser.new_context(viewport={"width": 360, "height": 640}, locale="pt-BR")
    desk = register.new_page()
    log_in(desk, base, "camila")
    desk.goto(f"{base}{url('facilitation:attendance', group.pk, scheduled.pk)}")
    desk.locator(f'li[data-learner="{learner.pk}"] button[value=present]').click()
    wait_until(desk, "document.querySelector('[data-recorded]').textContent === '1'")
    register.close()
    assert AttendanceRecord.objects.get(scheduled=scheduled, learner=learner).status == "present"
    status.refresh_from_db()
    assert status.graduated_at is not None and status.group == group

    # 4. The certificate from My path, a PDF; its verification page answers to anyone.
    phone.goto(f"{base}{url('learner:path')}")
    link = phone.locator(f"a[href='{url('participants:certificate_download', str(key))}']")
    with phone.expect_download() as download:
        link.click()
    with open(download.value.path(), "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"
    response = phone.request.get(f"{base}{link.get_attribute('href')}")
    assert response.status == 200 and response.headers["content-type"] == "application/pdf"
    certificate = Certificate.objects.get(person=learner, curriculum_key=key)
    stranger = browser.new_context(viewport={"width": 360, "height": 640}, locale="pt-BR")
    check = stranger.new_page()
    assert check.goto(f"{base}{url('participants:verify', certificate.code)}").status == 200
    with translation.override("pt-br"):
        issued = formats.date_format(timezone.localtime(certificate.issued_at), "DATE_FORMAT")
    assert check.inner_text("[data-name]") == "Joana Souza"
    assert check.inner_text("[data-curriculum]") == "Eficácia pessoal"
    assert check.inner_text("[data-date]") == issued
    assert check.goto(f"{base}{url('participants:verify', 'NAO-EXISTE')}").status == 404
    stranger.close()

    # 5. Six months on, the follow-up round opens; the learner answers it in the browser.
    rounds_open_due(today=timezone.localdate() + timedelta(days=190))
    six = Round.objects.get(person=learner, kind="m6")
    assert six.opened_at is not None
    open_round(phone, base, six)
    survey_answer(phone, {**ANSWERS, "q_monthly_income": "1.500"})
    six.refresh_from_db()
    assert six.completed_at is not None

    # 6. The manager's results page counts them: trained, graduated, and the outcomes.
    office = browser.new_context(viewport={"width": 1280, "height": 800}, locale="pt-BR")
    screen = office.new_page()
    log_in(screen, base, "marta")
    assert screen.goto(f"{base}{url('reports:results')}").status == 200
    pillar = "Desenvolvimento da força de trabalho"
    # No target for it: trained and graduated reported only.
    assert table(screen, "results")[1] == [
        pillar, "Participantes capacitados", "Brasil", "só informado", "1", "1", "1", "",
    ]  # fmt: skip
    # One woman, income from 1,000 to 1,500 (+50 %), a graduate with a higher income, no soft
    # skill rated higher; no sales (survey or business book) and no jobs.
    assert table(screen, "outcomes_pillar")[1] == [
        pillar, "1", "100", "50", "100", "0", "", "", "", "",
    ]  # fmt: skip
    office.close()
