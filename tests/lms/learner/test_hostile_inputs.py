"""Hostile values sent to the learner's screens: each is refused with a 4xx or ignored,
never a 500, and nothing longer or larger than its column reaches the database."""

from __future__ import annotations

import json
import uuid

import pytest
from django.urls import reverse
from django.utils import translation

from curriculum.models import CurriculumPage
from lms.cohorts.models import Enrolment
from lms.portfolio.models import LifePlanStep
from lms.progress.models import BlockProgress
from lms.quizzes.models import QuizAnswer, QuizAttempt
from tests.factories import ModulePageFactory, SessionPageFactory


def url(name, *args, language="pt-br"):
    with translation.override(language):
        return reverse(f"learner:{name}", args=args)


@pytest.fixture
def refreshers(tree):
    module = ModulePageFactory(parent=tree["curriculum"], title="Reciclagem", refresher=True)
    SessionPageFactory(
        parent=module, title="Fluxo de caixa", planned_minutes=0, facilitator_guide=[]
    )
    return module


QUERIES = [
    '"',
    'caixa"',
    "caixa\x00",
    "\x00",
    "NEAR(caixa",
    "caixa*",
    "-caixa",
    "a:b",
    "(",
    "^",
    "caixa AND",
    "OR",
    "NOT caixa",
    "caixa NEAR",
    "'",
    "{x}",
]


def test_refresher_search_takes_any_text(client, refreshers):
    for query in QUERIES:
        assert client.get(url("refreshers"), {"q": query}).status_code == 200, repr(query)


def test_refresher_search_still_finds_words_around_quotes(client, refreshers):
    html = client.get(url("refreshers"), {"q": '"caixa'}).content.decode()
    assert "Fluxo de caixa" in html


def test_enrolment_refuses_a_level_that_is_not_one(client, learner, tree):
    client.force_login(learner)
    for level in ("abc", "²", "1.5", "-1", "99999999999999999999", "4"):
        response = client.post(url("enrol", tree["curriculum"].pk), {"level": level})
        assert response.status_code == 400, level
    assert not Enrolment.objects.filter(learner=learner).exists()


def test_enrolment_in_a_curriculum_without_levels_ignores_an_empty_level(client, learner, tree):
    assert tree["curriculum"].kind != CurriculumPage.Kind.ENTERPRISE
    client.force_login(learner)
    response = client.post(url("enrol", tree["curriculum"].pk), {"level": ""})
    assert response.status_code == 302
    assert Enrolment.objects.get(learner=learner).level is None


def _post_progress(client, session, body: bytes | str):
    return client.post(url("progress", session.pk), body, content_type="application/json")


BODIES = [
    "[" * 100_000 + "]" * 100_000,
    '{"block_id": ' + "[" * 5000 + "]" * 5000 + "}",
    '{"block_id": "ID", "progress": ' + "1" * 400 + "}",
    '{"block_id": "ID", "progress": 1e400}',
    '{"block_id": "ID", "progress": NaN}',
    '{"block_id": "ID", "position": Infinity}',
    '{"block_id": "ID" ' + " " * 200_000 + "}",
    "[]",
    '"text"',
    "\x00",
    b"\xff\xfe",
]


def test_progress_refuses_bodies_that_are_not_small_flat_json(client, learner, session):
    quiz_id = next(b.id for b in session.body if b.block_type == "quiz")
    client.force_login(learner)
    for body in BODIES:
        if isinstance(body, str):
            body = body.replace('"ID"', f'"{quiz_id}"')
        response = _post_progress(client, session, body)
        assert response.status_code == 400, repr(body[:40])
    assert not BlockProgress.objects.exists()


def test_progress_refuses_numbers_out_of_range(client, learner, session):
    quiz_id = next(b.id for b in session.body if b.block_type == "quiz")
    client.force_login(learner)
    for data in (
        {"block_id": quiz_id, "progress": 0.5, "position": 10**20},
        {"block_id": quiz_id, "progress": 0.5, "position": -5},
        {"block_id": quiz_id, "progress": [0.5]},
        {"block_id": ["a"], "progress": 0.5},
    ):
        response = _post_progress(client, session, json.dumps(data))
        assert response.status_code == 400, data
    assert not BlockProgress.objects.exists()


def test_progress_still_takes_a_real_event(client, learner, session):
    quiz_id = next(b.id for b in session.body if b.block_type == "quiz")
    client.force_login(learner)
    data = {"block_id": quiz_id, "progress": 0.5, "position": 12.5}
    response = _post_progress(client, session, json.dumps(data))
    assert response.status_code == 200
    assert BlockProgress.objects.get().position_seconds == 12.5


def _answers(quiz, number: str, **extra):
    single, multiple, numeric = quiz.questions
    return {
        f"q-{single.id}": single.options[0].id,
        f"q-{multiple.id}": [multiple.options[0].id, multiple.options[1].id],
        f"q-{numeric.id}": number,
        "token": str(uuid.uuid4()),
        **extra,
    }


def test_a_numeric_answer_of_megabytes_is_refused_and_not_stored(
    client, learner, session, quiz_def
):
    client.force_login(learner)
    response = client.post(
        url("quiz_submit", session.pk, quiz_def.block_id),
        _answers(quiz_def, "1" * 1_000_000),
        HTTP_ACCEPT="application/json",
    )
    assert response.status_code == 400
    assert not QuizAnswer.objects.exists()


def test_a_quiz_start_time_out_of_range_is_dropped(client, learner, session, quiz_def):
    client.force_login(learner)
    for started_at in (
        "0001-01-01T00:00:00+05:00",
        "0001-01-01T00:00:00+00:00",
        "9999-12-31T23:59:59-05:00",
        "1970-01-01T00:00:00+00:00",
        "2999-01-01T00:00:00+00:00",
    ):
        response = client.post(
            url("quiz_submit", session.pk, quiz_def.block_id),
            _answers(quiz_def, "1.234,5", started_at=started_at),
        )
        assert response.status_code == 302, started_at
    assert QuizAttempt.objects.count() == 5
    assert not QuizAttempt.objects.filter(started_at__isnull=False).exists()
    assert not QuizAttempt.objects.filter(duration_seconds__isnull=False).exists()


def _life_plan_post(count: int) -> dict:
    data = {
        "dreams": "Abrir uma padaria",
        "strengths": "",
        "resources": "",
        "first_step": "",
        "steps-TOTAL_FORMS": str(count),
        "steps-INITIAL_FORMS": "0",
        "steps-MIN_NUM_FORMS": "0",
        "steps-MAX_NUM_FORMS": "20",
    }
    for n in range(count):
        data[f"steps-{n}-description"] = f"Passo {n}"
    return data


def test_the_life_plan_keeps_at_most_twenty_steps(client, learner):
    client.force_login(learner)
    assert client.post(url("life_plan"), _life_plan_post(20)).status_code == 302
    assert LifePlanStep.objects.count() == 20
    response = client.post(url("life_plan"), _life_plan_post(500))
    assert response.status_code == 400
    assert LifePlanStep.objects.count() == 20


def test_a_life_plan_step_date_out_of_range_is_refused(client, learner):
    client.force_login(learner)
    for due in ("0001-01-01", "9999-12-31", "1899-12-31"):
        data = _life_plan_post(1)
        data["steps-0-due_date"] = due
        assert client.post(url("life_plan"), data).status_code == 400, due
    assert not LifePlanStep.objects.exists()


def test_page_ids_beyond_any_column_are_not_found(client, learner, session):
    """Lookups through Wagtail's page pointer are not guarded against huge integers."""
    client.force_login(learner)
    huge = "99999999999999999999"
    for path in (
        f"/pt-br/learn/enrol/{huge}/",
        f"/pt-br/learn/enrol/{huge}/placement/",
        f"/pt-br/learn/sessions/{huge}/resource/x/",
    ):
        assert client.get(path).status_code == 404, path
    assert client.post(f"/pt-br/learn/sessions/{huge}/progress/", {}).status_code == 404
