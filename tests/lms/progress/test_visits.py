"""A visit is cheap for a returning learner (the visit row and one UPDATE of the summary),
and still enrols on the first visit and recounts when the lesson's required blocks change."""

import pytest

from curriculum import api as curriculum_api
from lms.cohorts.models import Enrolment
from lms.progress.models import SessionProgress, SessionVisit
from lms.progress.services import session_visit_record
from tests.factories import block

pytestmark = pytest.mark.django_db


def test_a_first_visit_enrols_and_creates_the_summary(learner, outline):
    summary = session_visit_record(learner=learner, outline=outline, language="pt-br")
    assert Enrolment.objects.filter(learner=learner, curriculum_key=outline.curriculum_key).exists()
    assert summary is not None and summary.required_blocks == len(outline.required)
    assert summary.last_language == "pt-br" and summary.last_visited_at is not None


def test_a_returning_visit_takes_two_statements(learner, outline, django_assert_num_queries):
    session_visit_record(learner=learner, outline=outline, language="pt-br")
    before = SessionProgress.objects.get(learner=learner)
    with django_assert_num_queries(2):
        session_visit_record(learner=learner, outline=outline, language="es")
    after = SessionProgress.objects.get(learner=learner)
    assert after.last_language == "es" and after.last_visited_at > before.last_visited_at
    assert after.last_activity_at > before.last_activity_at
    assert SessionVisit.objects.filter(learner=learner).count() == 2
    assert Enrolment.objects.filter(learner=learner).count() == 1


def test_a_lesson_with_new_required_blocks_is_recounted(learner, session, outline):
    session_visit_record(learner=learner, outline=outline, language="pt-br")
    session.body = [*session.body.raw_data, block("reflection", {"prompt": "?", "required": True})]
    session.save_revision().publish()
    grown = curriculum_api.session_outline(session=session)
    assert len(grown.required) == len(outline.required) + 1
    summary = session_visit_record(learner=learner, outline=grown, language="pt-br")
    assert summary is not None and summary.required_blocks == len(grown.required)
    assert SessionProgress.objects.get(learner=learner).required_blocks == len(grown.required)


def test_another_learners_summary_is_not_stamped(learner, other_learner, outline):
    session_visit_record(learner=learner, outline=outline, language="pt-br")
    session_visit_record(learner=other_learner, outline=outline, language="es")
    mine = SessionProgress.objects.get(learner=learner)
    assert mine.last_language == "pt-br"
