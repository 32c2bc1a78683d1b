"""My path, enrolment with placement, refreshers, life plan, language switch."""

import datetime

import pytest
from django.urls import reverse
from django.utils import translation

from curriculum.models import CurriculumPage, ModulePage
from lms.cohorts.models import Enrolment
from lms.cohorts.placement import placement_suggest
from lms.portfolio.models import LifePlan
from tests.factories import CurriculumPageFactory, ModulePageFactory, SessionPageFactory


def url(name, *args, language="pt-br"):
    with translation.override(language):
        return reverse(f"learner:{name}", args=args)


def test_my_path_empty_state_offers_the_courses(client, learner, tree):
    client.force_login(learner)
    html = client.get(url("path")).content.decode()
    assert "não está em nenhum curso" in html
    assert tree["curriculum"].title in html
    assert url("enrol", tree["curriculum"].pk) in html


def test_my_path_shows_status_progress_minutes_and_continue(client, learner, session):
    client.force_login(learner)
    client.get(session.url)  # visiting enrols and starts the session
    html = client.get(url("path")).content.decode()
    assert "Continue de onde parou" in html and session.url in html
    assert "status-in_progress" in html
    assert "0% concluído" in html
    assert "faltam cerca de 20 minutos" in html


@pytest.fixture
def enterprise(catalogue):
    curriculum = CurriculumPageFactory(parent=catalogue, kind=CurriculumPage.Kind.ENTERPRISE)
    workshops = ModulePageFactory(parent=curriculum, title="Oficinas")
    refreshers = ModulePageFactory(parent=curriculum, title="Reciclagem", refresher=True)
    SessionPageFactory(parent=workshops, title="Oficina só nível 3", levels=[3])
    SessionPageFactory(parent=workshops, title="Oficina para todos", levels=[1, 2, 3])
    SessionPageFactory(
        parent=refreshers,
        title="Fluxo de caixa",
        summary="Entradas e saídas de dinheiro",
        planned_minutes=0,
        facilitator_guide=[],
    )
    SessionPageFactory(
        parent=refreshers,
        title="Ponto de equilíbrio",
        summary="Quanto vender para não ter prejuízo",
        planned_minutes=0,
        facilitator_guide=[],
    )
    return curriculum


def test_enterprise_enrolment_needs_a_level(client, learner, enterprise):
    client.force_login(learner)
    response = client.post(url("enrol", enterprise.pk), {})
    assert response.status_code == 400
    assert not Enrolment.objects.exists()
    response = client.post(url("enrol", enterprise.pk), {"level": "2"})
    assert response.status_code == 302
    assert Enrolment.objects.get(learner=learner).level == 2


def test_path_shows_only_sessions_of_the_learners_level(client, learner, enterprise):
    client.force_login(learner)
    client.post(url("enrol", enterprise.pk), {"level": "1"})
    html = client.get(url("path")).content.decode()
    assert "Oficina para todos" in html
    assert "Oficina só nível 3" not in html


@pytest.mark.parametrize(
    ("answers", "level"),
    [
        ({"people": "1", "records": "1", "formal": "1", "customers": "1"}, 1),
        ({"people": "2", "records": "2", "formal": "1", "customers": "2"}, 2),
        ({"people": "3", "records": "3", "formal": "3", "customers": "2"}, 3),
        ({"people": "9", "records": "x"}, 1),
        ({}, 1),
    ],
)
def test_placement_suggests_a_level(answers, level):
    assert placement_suggest(answers) == level


def test_placement_form_suggests_and_preselects(client, learner, enterprise):
    client.force_login(learner)
    response = client.post(
        url("placement", enterprise.pk),
        {"people": "3", "records": "3", "formal": "2", "customers": "3"},
    )
    assert response.status_code == 302 and response["Location"].endswith("?level=3")
    html = client.get(response["Location"]).content.decode()
    assert 'value="3" checked' in html


def test_refreshers_are_searchable_and_open_without_enrolling(client, enterprise):
    html = client.get(url("refreshers")).content.decode()
    assert "Fluxo de caixa" in html and "Ponto de equilíbrio" in html
    assert "Oficina para todos" not in html  # workshops are not refreshers
    html = client.get(url("refreshers") + "?q=caixa").content.decode()
    assert "Fluxo de caixa" in html and "Ponto de equilíbrio" not in html
    html = client.get(url("refreshers") + "?q=zzzz").content.decode()
    assert "Nenhuma lição corresponde" in html
    lesson = ModulePage.objects.get(refresher=True).get_children().first()
    assert client.get(lesson.url).status_code == 200  # anonymous, not enrolled


def test_life_plan_is_built_and_printed(client, learner):
    client.force_login(learner)
    response = client.post(
        url("life_plan"),
        {
            "dreams": "Abrir uma padaria",
            "strengths": "Persistência",
            "resources": "Minha tia, o Sebrae",
            "first_step": "Conversar com a padeira da vila",
            "steps-TOTAL_FORMS": "2",
            "steps-INITIAL_FORMS": "0",
            "steps-0-description": "Fazer o curso de panificação",
            "steps-0-due_date": "2027-03-01",
            "steps-1-description": "",
        },
    )
    assert response.status_code == 302
    plan = LifePlan.objects.get(learner=learner)
    assert plan.steps.get().due_date == datetime.date(2027, 3, 1)
    html = client.get(url("life_plan_print")).content.decode()
    assert "Abrir uma padaria" in html and "Fazer o curso de panificação" in html
    assert "01/03/2027" in html  # the learner's locale formats the date


def test_life_plan_with_a_bad_date_keeps_what_was_typed(client, learner):
    client.force_login(learner)
    response = client.post(
        url("life_plan"),
        {
            "dreams": "Ser eletricista",
            "steps-TOTAL_FORMS": "1",
            "steps-INITIAL_FORMS": "0",
            "steps-0-description": "Curso técnico",
            "steps-0-due_date": "31/31/2027",
        },
    )
    assert response.status_code == 400
    assert "Ser eletricista" in response.content.decode()
    assert LifePlan.objects.get(learner=learner).dreams == ""


def test_switching_language_is_remembered(client, learner, tree):
    client.force_login(learner)
    response = client.post(url("language"), {"language": "es", "next": "/es/learn/"})
    assert response.status_code == 302 and response["Location"] == "/es/learn/"
    learner.refresh_from_db()
    assert learner.preferred_language == "es"
    assert client.cookies["django_language"].value == "es"
    response = client.post(url("language"), {"language": "es", "next": "https://evil.example/"})
    assert response["Location"] == "/es/"
    assert client.post(url("language"), {"language": "fr"}).status_code == 400
