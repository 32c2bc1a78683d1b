"""A learner's records are theirs alone: every learner URL tried as another learner and as
an anonymous visitor."""

import uuid

import pytest
from django.urls import reverse
from django.utils import translation

from lms.portfolio.models import LifePlan, Reflection
from lms.portfolio.services import life_plan_get_or_create
from lms.quizzes.models import QuizAttempt


def url(name, *args):
    with translation.override("pt-br"):
        return reverse(f"learner:{name}", args=args)


@pytest.fixture
def records(client, learner, session, quiz_def):
    """Ana's attempt, reflection and life plan, with text nobody else may see."""
    client.force_login(learner)
    single, multiple, numeric = quiz_def.questions
    client.post(
        url("quiz_submit", session.pk, quiz_def.block_id),
        {
            f"q-{single.id}": single.options[0].id,
            f"q-{multiple.id}": [multiple.options[0].id],
            f"q-{numeric.id}": "4321",
            "token": str(uuid.uuid4()),
        },
    )
    reflection_id = next(b.id for b in session.body if b.block_type == "reflection")
    client.post(url("reflection", session.pk, reflection_id), {"text": "ANA-SECRET-REFLECTION"})
    plan = life_plan_get_or_create(learner=learner)
    plan.dreams = "ANA-SECRET-DREAM"
    plan.save()
    client.logout()
    assert QuizAttempt.objects.count() == 1 and Reflection.objects.count() == 1
    return {"session": session, "plan": plan}


PRIVATE_PAGES = ["path", "life_plan", "life_plan_print"]


@pytest.mark.parametrize("name", PRIVATE_PAGES)
def test_anonymous_visitors_are_sent_to_log_in(client, records, name):
    response = client.get(url(name))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


@pytest.mark.parametrize("name", PRIVATE_PAGES)
def test_another_learner_sees_only_their_own(client, records, other_learner, name):
    client.force_login(other_learner)
    html = client.get(url(name)).content.decode()
    assert "ANA-SECRET" not in html
    assert "4321" not in html


def test_another_learner_does_not_see_anas_answers_on_the_session_page(
    client, records, other_learner
):
    client.force_login(other_learner)
    html = client.get(records["session"].url).content.decode()
    assert "ANA-SECRET-REFLECTION" not in html
    assert 'value="4321"' not in html
    assert "is-correct" not in html and "is-wrong" not in html


def test_anonymous_session_page_shows_no_ones_answers(client, records):
    html = client.get(records["session"].url).content.decode()
    assert "ANA-SECRET-REFLECTION" not in html and 'value="4321"' not in html


@pytest.mark.parametrize(
    ("name", "needs_block"), [("quiz_submit", True), ("reflection", True), ("progress", False)]
)
def test_anonymous_posts_are_refused_and_store_nothing(
    client, records, quiz_def, name, needs_block
):
    args = (records["session"].pk, quiz_def.block_id) if needs_block else (records["session"].pk,)
    response = client.post(url(name, *args), {"text": "x"})
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert QuizAttempt.objects.count() == 1 and Reflection.objects.count() == 1


def test_a_learner_editing_the_life_plan_changes_only_their_own(client, records, other_learner):
    client.force_login(other_learner)
    response = client.post(
        url("life_plan"),
        {
            "dreams": "Rosa's dream",
            "strengths": "",
            "resources": "",
            "first_step": "",
            "steps-TOTAL_FORMS": "0",
            "steps-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302
    assert LifePlan.objects.get(pk=records["plan"].pk).dreams == "ANA-SECRET-DREAM"
    assert LifePlan.objects.get(learner=other_learner).dreams == "Rosa's dream"
