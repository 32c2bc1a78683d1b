from __future__ import annotations

import pytest

from curriculum import api as curriculum_api
from curriculum.models import SessionPage
from tests.factories import (
    UserFactory,
    block,
    multiple_choice,
    numeric_question,
    quiz,
    reflection,
    single_choice,
)


@pytest.fixture
def learner(db):
    return UserFactory(first_name="Ana", preferred_language="pt-br")


@pytest.fixture
def other_learner(db):
    return UserFactory(first_name="Rosa")


@pytest.fixture
def session(tree) -> SessionPage:
    """A session with a quiz of three kinds and a reflection: both required."""
    page = tree["session"]
    page.body = [
        block("text", "## Lesson\n\nSome text."),
        quiz(single_choice("Pick one"), multiple_choice(), numeric_question()),
        reflection(),
    ]
    page.save_revision().publish()
    return SessionPage.objects.get(pk=page.pk)


@pytest.fixture
def quiz_def(session):
    block_id = next(b.id for b in session.body if b.block_type == "quiz")
    return curriculum_api.session_quiz(session=session, block_id=block_id)


@pytest.fixture
def outline(session):
    return curriculum_api.session_outline(session=session)
