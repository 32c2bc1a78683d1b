"""One language per page: quiz titles and questions on the facilitator's screens and in the
exports are read from the curriculum in the viewer's language, whatever language each
learner answered in (attempts snapshot the learner's); a session not translated yet falls
back to the source language."""

from __future__ import annotations

import io
import uuid

import pytest
from openpyxl import load_workbook

from curriculum import api as curriculum_api
from curriculum.models import SessionPage
from curriculum.seeding import translate_page
from lms.quizzes.services import quiz_attempt_submit
from tests.factories import SessionPageFactory
from tests.lms.facilitation.helpers import url

pytestmark = pytest.mark.django_db

SPANISH = {
    "Quiz 1": "Cuestionario 1",
    "Quiz 2": "Cuestionario 2",
    "Pick one": "Elige una",
    "Pick again": "Elige otra vez",
}


@pytest.fixture
def translated(curriculum, outlines, es_locale, django_capture_on_commit_callbacks):
    """The curriculum, its module and sessions 1 and 2 in Spanish; session 3 not yet."""
    module = curriculum.get_children().first().specific
    # wagtail-localize publishes translations once the transaction commits.
    with django_capture_on_commit_callbacks(execute=True):
        translate_page(curriculum, {curriculum.title: "Currículo"}, es_locale)
        translate_page(module, {module.title: "Módulo"}, es_locale)
        for outline in outlines[:2]:
            page = SessionPage.objects.get(pk=outline.page_id)
            translate_page(page, {page.title: f"Sesión {outline.number}", **SPANISH}, es_locale)
    return outlines


def submit(learner, outline, *, right: bool, language: str) -> None:
    page = SessionPage.objects.get(pk=outline.page_id)
    block_id = next(b.id for b in outline.tracked if b.kind == "quiz")
    quiz = curriculum_api.session_quiz(session=page, block_id=block_id)
    responses = {
        q.id: [next(o.id for o in q.options if o.correct == right)] for q in quiz.questions
    }
    quiz_attempt_submit(
        learner=learner,
        outline=outline,
        quiz=quiz,
        responses=responses,
        token=uuid.uuid4(),
        language=language,
    )


@pytest.fixture
def answered(translated, group, members):
    """Ana failed quiz 1 twice in Portuguese (she is at risk, naming the quiz); Bia missed
    quiz 2 in Spanish."""
    ana, bia, _caio = members
    for _n in range(2):
        submit(ana, translated[0], right=False, language="pt-br")
    submit(bia, translated[1], right=False, language="es")
    return translated


def test_a_spanish_viewer_reads_spanish_quiz_titles_and_questions(client, group, answered, manager):
    client.force_login(manager)
    html = client.get(url("facilitation:group", group.pk, language="es")).content.decode()

    assert "No aprobó el cuestionario “Cuestionario 1” de la sesión 1 2 veces." in html
    assert "Elige una" in html and "Elige otra vez" in html
    assert "Pick one" not in html and "Pick again" not in html
    assert "Quiz 1" not in html


def test_a_session_not_translated_yet_shows_its_source_text(
    client, group, answered, members, manager
):
    submit(members[2], answered[2], right=False, language="pt-br")  # session 3: pt-BR only
    client.force_login(manager)
    html = client.get(url("facilitation:group", group.pk, language="es")).content.decode()
    assert "Sessão 3" in html and "Pick one" in html  # its column and its questions
    assert "Sesión 1" in html and "Elige una" in html


def test_a_portuguese_viewer_reads_portuguese_whatever_the_learner_answered_in(
    client, group, answered, facilitator
):
    client.force_login(facilitator)
    html = client.get(url("facilitation:group", group.pk)).content.decode()

    assert "Quiz 1" in html and "Pick one" in html
    assert "Cuestionario" not in html and "Elige" not in html


def test_spanish_exports_name_quizzes_in_spanish(client, group, answered, manager):
    client.force_login(manager)
    text = client.get(url("facilitation:export_csv", group.pk, language="es")).content.decode()
    assert "Cuestionario 1" in text and "Sesión 1" in text
    assert "Quiz 1" not in text

    data = client.get(url("facilitation:export_xlsx", group.pk, language="es")).content
    cells = [
        str(value)
        for row in load_workbook(io.BytesIO(data)).active.iter_rows(values_only=True)
        for value in row
        if value is not None
    ]
    assert any("Cuestionario 1" in value for value in cells)
    assert not any("Quiz 1" in value for value in cells)


def test_the_learner_page_names_attempts_in_the_viewers_language(
    client, group, answered, members, manager, facilitator
):
    ana, bia, _caio = members
    client.force_login(manager)
    es = client.get(url("facilitation:learner", group.pk, ana.pk, language="es")).content.decode()
    assert "Sesión 1 · Cuestionario 1" in es and "Quiz 1" not in es

    client.force_login(facilitator)
    pt = client.get(url("facilitation:learner", group.pk, bia.pk)).content.decode()
    assert "Quiz 2" in pt and "Cuestionario" not in pt


def test_a_quiz_gone_from_the_curriculum_keeps_its_snapshot(client, group, answered, manager):
    """A quiz removed after learners took it is still named, as the learners saw it."""
    page = SessionPage.objects.get(pk=answered[0].page_id)
    page.body = [b for b in page.body.raw_data if b["type"] != "quiz"]
    page.save_revision().publish()
    client.force_login(manager)
    html = client.get(url("facilitation:group", group.pk)).content.decode()
    assert "Quiz 1" in html and "Pick one" in html


def test_session_outlines_fall_back_to_the_source_per_session(translated, curriculum):
    key = curriculum.translation_key
    extra = SessionPageFactory(
        parent=curriculum.get_children().first(), number=4, title="Sessão nova"
    )
    extra.save_revision().publish()

    es = curriculum_api.session_outlines(curriculum_key=key, language="es")
    pt = curriculum_api.session_outlines(curriculum_key=key, language="pt-br")

    assert [s.title for s in es] == ["Sesión 1", "Sesión 2", "Sessão 3", "Sessão nova"]
    assert [s.key for s in es] == [s.key for s in pt]
    assert [q.title for q in es[0].quizzes] == ["Cuestionario 1"]
    assert es[0].quizzes[0].questions[0][1] == "Elige una"
    assert pt[0].quizzes[0].questions[0][1] == "Pick one"
