"""Answering: the learner's own form, a facilitator entering answers collected by phone or on
paper, validation before anything is stored, and who may open what."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.utils import timezone

from lms.surveys.models import Answer, Channel, Round
from tests.lms.facilitation.helpers import url
from tests.lms.surveys.conftest import consent

pytestmark = pytest.mark.usefixtures("instruments")

VALID = {
    "q_monthly_income": "1.500,50",
    "q_employment_status": "self_employed",
    "q_monthly_sales": "R$ 4.000",
    "q_employees_full_time": "1",
    "q_employees_part_time": "2",
    "q_soft_skill_communication": "4",
    "q_soft_skill_teamwork": "5",
    "q_soft_skill_planning": "3",
    "q_soft_skill_confidence": "4",
    "q_soft_skill_problem_solving": "2",
}


@pytest.fixture
def baseline(learner):
    consent(learner)
    return Round.objects.get(person=learner)


def test_learner_answers_their_open_round(client, learner, baseline):
    client.force_login(learner)
    page = client.get(url("surveys:answer", baseline.pk))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Quanto você ganhou no último mês" in html
    assert 'inputmode="decimal"' in html
    response = client.post(url("surveys:answer", baseline.pk), VALID)
    assert response.status_code == 302
    baseline.refresh_from_db()
    assert baseline.completed_at is not None
    assert baseline.channel == Channel.APP
    assert baseline.recorded_by == learner
    answers = {a.question_key: (a.number, a.text) for a in Answer.objects.filter(round=baseline)}
    assert answers["monthly_income"] == (Decimal("1500.50"), "")
    assert answers["monthly_sales"] == (Decimal("4000.00"), "")
    assert answers["employees_part_time"] == (Decimal("2.00"), "")
    assert answers["employment_status"] == (None, "self_employed")
    assert answers["soft_skill_teamwork"] == (Decimal("5.00"), "")
    # Answered: the form is gone, the page says so.
    again = client.get(url("surveys:answer", baseline.pk))
    assert "<form" not in again.content.decode().split("</header>")[-1]


def test_spanish_page_asks_in_spanish(client, learner, baseline):
    client.force_login(learner)
    html = client.get(url("surveys:answer", baseline.pk, language="es")).content.decode()
    assert "¿Cuánto ganaste el último mes" in html
    assert "Quanto você ganhou" not in html


def test_business_questions_may_be_skipped(client, learner, baseline):
    client.force_login(learner)
    data = {
        k: v
        for k, v in VALID.items()
        if k not in ("q_monthly_sales", "q_employees_full_time", "q_employees_part_time")
    }
    assert client.post(url("surveys:answer", baseline.pk), data).status_code == 302
    keys = set(Answer.objects.filter(round=baseline).values_list("question_key", flat=True))
    assert "monthly_sales" not in keys and "monthly_income" in keys


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("q_monthly_income", "-100"),
        ("q_monthly_income", "abc"),
        ("q_monthly_income", "999.999.999"),
        ("q_monthly_income", "1" * 41),
        ("q_employees_full_time", "-1"),
        ("q_employees_full_time", "5000"),
        ("q_employees_full_time", "1.5"),
        ("q_soft_skill_teamwork", "6"),
        ("q_soft_skill_teamwork", "0"),
        ("q_employment_status", "astronaut"),
        ("q_monthly_income", ""),
    ],
)
def test_invalid_answers_store_nothing(client, learner, baseline, field, value):
    client.force_login(learner)
    response = client.post(url("surveys:answer", baseline.pk), {**VALID, field: value})
    assert response.status_code == 400
    assert not Answer.objects.exists()
    baseline.refresh_from_db()
    assert baseline.completed_at is None


def test_learner_cannot_open_someone_elses_round(client, learner, other_learner, baseline):
    client.force_login(other_learner)
    assert client.get(url("surveys:answer", baseline.pk)).status_code == 404
    assert client.post(url("surveys:answer", baseline.pk), VALID).status_code == 404
    assert client.get("/pt-br/learn/surveys/99999999999999/").status_code == 404


def test_withdrawn_consent_shows_no_form_and_stores_nothing(client, learner, baseline):
    record = learner.consents.get()
    record.withdrawn_at = timezone.now()
    record.save()
    client.force_login(learner)
    response = client.post(url("surveys:answer", baseline.pk), VALID)
    assert response.status_code == 200
    assert not Answer.objects.exists()
    assert 'name="q_monthly_income"' not in response.content.decode()


def test_notice_on_my_path_links_to_the_round(client, learner, baseline):
    client.force_login(learner)
    html = client.get(url("learner:path")).content.decode()
    assert url("surveys:answer", baseline.pk) in html
    client.post(url("surveys:answer", baseline.pk), VALID)
    html = client.get(url("learner:path")).content.decode()
    assert url("surveys:answer", baseline.pk) not in html


def test_facilitator_enters_answers_collected_by_phone(client, facilitator, learner, baseline):
    client.force_login(facilitator)
    page = client.get(url("surveys_facilitation:record", baseline.pk))
    assert page.status_code == 200
    assert "+5531999990000" in page.content.decode()
    response = client.post(
        url("surveys_facilitation:record", baseline.pk), {**VALID, "channel": "phone"}
    )
    assert response.status_code == 302
    baseline.refresh_from_db()
    assert baseline.channel == Channel.PHONE
    assert baseline.recorded_by == facilitator
    assert Answer.objects.filter(round=baseline).count() == len(VALID)


def test_facilitator_must_say_how_answers_were_collected(client, facilitator, baseline):
    client.force_login(facilitator)
    for channel in ("", "app", "carrier-pigeon"):
        response = client.post(
            url("surveys_facilitation:record", baseline.pk), {**VALID, "channel": channel}
        )
        assert response.status_code == 400
    assert not Answer.objects.exists()


def test_other_groups_facilitator_and_learners_may_not_record(
    client, other_facilitator, other_learner, manager, baseline
):
    client.force_login(other_facilitator)
    assert client.get(url("surveys_facilitation:record", baseline.pk)).status_code == 404
    client.force_login(other_learner)
    assert client.get(url("surveys_facilitation:record", baseline.pk)).status_code == 403
    client.force_login(manager)  # the group is in the manager's country
    assert client.get(url("surveys_facilitation:record", baseline.pk)).status_code == 200


def test_anonymous_visitors_are_sent_to_log_in(client, baseline):
    assert client.get(url("surveys:answer", baseline.pk)).status_code == 302
    assert client.get(url("surveys_facilitation:follow_up")).status_code == 302
