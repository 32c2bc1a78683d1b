"""A learner works through a session page: quiz, reflection, progress; switching language
keeps everything; my path shows it done."""

import json
import uuid

from django.urls import reverse
from django.utils import translation

from curriculum.models import SessionPage
from curriculum.seeding import translate_page
from lms.cohorts.models import Enrolment
from lms.portfolio.models import Reflection
from lms.progress.models import SessionProgress, SessionVisit
from lms.quizzes.models import QuizAttempt


def url(name, *args, language="pt-br"):
    with translation.override(language):
        return reverse(f"learner:{name}", args=args)


def answers_form(quiz, number="1.234,5", token=None):
    single, multiple, numeric = quiz.questions
    return {
        f"q-{single.id}": single.options[0].id,
        f"q-{multiple.id}": [multiple.options[0].id, multiple.options[1].id],
        f"q-{numeric.id}": number,
        "token": str(token or uuid.uuid4()),
    }


def reflection_id(session):
    return next(b.id for b in session.body if b.block_type == "reflection")


def test_visiting_a_session_logs_the_visit_and_enrols(client, learner, session):
    client.force_login(learner)
    response = client.get(session.url)
    assert response.status_code == 200
    assert (
        SessionVisit.objects.filter(learner=learner, session_key=session.translation_key).count()
        == 1
    )
    assert Enrolment.objects.filter(learner=learner).count() == 1
    assert (
        'action="' + url("quiz_submit", session.pk, session.body[1].id) in response.content.decode()
    )


def test_quiz_wrong_then_right_with_feedback(client, learner, session, quiz_def):
    client.force_login(learner)
    submit_url = url("quiz_submit", session.pk, quiz_def.block_id)
    wrong = client.post(submit_url, answers_form(quiz_def, "99"), HTTP_ACCEPT="application/json")
    data = wrong.json()
    assert wrong.status_code == 200
    assert [q["correct"] for q in data["questions"]] == [True, True, False]
    assert data["questions"][2]["feedback"] == ["Check the sum."]
    assert data["questions"][2]["explanation"] == "Add the costs."
    assert not data["passed"]

    right = client.post(submit_url, answers_form(quiz_def), HTTP_ACCEPT="application/json").json()
    assert right["passed"] and right["attempts"] == 2 and right["best_score"] == "100.00"

    page = client.get(session.url).content.decode()
    assert "Well done." in page  # feedback of the latest attempt, rendered without JavaScript
    assert "best 100%" in page or "melhor 100%" in page


def test_quiz_without_javascript_posts_and_returns_to_the_block(client, learner, session, quiz_def):
    client.force_login(learner)
    response = client.post(
        url("quiz_submit", session.pk, quiz_def.block_id), answers_form(quiz_def)
    )
    assert response.status_code == 302
    assert response["Location"].endswith(f"#b-{quiz_def.block_id}")
    assert QuizAttempt.objects.get().passed


def test_tampered_quiz_post_gets_a_clear_error(client, learner, session, quiz_def):
    client.force_login(learner)
    form = answers_form(quiz_def)
    form[f"q-{quiz_def.questions[0].id}"] = "forged-option"
    response = client.post(
        url("quiz_submit", session.pk, quiz_def.block_id), form, HTTP_ACCEPT="application/json"
    )
    assert response.status_code == 400
    assert response.json()["error"]
    assert not QuizAttempt.objects.exists()


def test_finishing_a_session_and_switching_language(
    client, learner, session, quiz_def, tree, es_locale, django_capture_on_commit_callbacks
):
    # wagtail-localize publishes translations when the transaction commits.
    with django_capture_on_commit_callbacks(execute=True):
        for parent in (tree["curriculum"], tree["module"]):
            translate_page(parent, {parent.title: f"{parent.title} ES"}, es_locale)
        spanish, _ = translate_page(session, {session.title: "Sesión"}, es_locale)
    spanish = SessionPage.objects.get(pk=spanish.pk)
    client.force_login(learner)

    client.post(url("quiz_submit", session.pk, quiz_def.block_id), answers_form(quiz_def))
    client.post(
        url("reflection", session.pk, reflection_id(session)),
        {"text": "Vou guardar dinheiro toda semana.", "shared": "on"},
    )
    summary = SessionProgress.objects.get(learner=learner, session_key=session.translation_key)
    assert summary.is_complete and summary.completed_blocks == 2

    page = client.get(spanish.url).content.decode()
    assert "Vou guardar dinheiro toda semana." in page  # the reflection, in the other language
    assert "Well done." in page or "is-correct" in page
    path = client.get(url("path", language="es")).content.decode()
    assert "Sesión" in path
    assert "status-done" in path


def test_reflection_is_private_and_share_is_opt_in(client, learner, session):
    client.force_login(learner)
    client.post(url("reflection", session.pk, reflection_id(session)), {"text": "Só para mim."})
    reflection = Reflection.objects.get(learner=learner)
    assert not reflection.shared
    response = client.post(url("reflection", session.pk, reflection_id(session)), {"text": "  "})
    assert response.status_code == 302
    assert Reflection.objects.get(learner=learner).text == "Só para mim."


def test_video_progress_endpoint_validates_and_records(client, learner, session):
    client.force_login(learner)
    progress_url = url("progress", session.pk)
    bad = client.post(progress_url, "not json", content_type="application/json")
    assert bad.status_code == 400
    unknown = client.post(
        progress_url, json.dumps({"block_id": "nope"}), content_type="application/json"
    )
    assert unknown.status_code == 400
