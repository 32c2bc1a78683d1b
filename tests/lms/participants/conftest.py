from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from curriculum import api as curriculum_api
from lms.cohorts.models import Membership
from lms.participants.models import GraduationRule
from tests.factories import (
    CurriculumPageFactory,
    ModulePageFactory,
    SessionPageFactory,
    UserFactory,
)
from tests.lms.cohorts.factories import LearnerGroupFactory, ScheduledSessionFactory


@pytest.fixture
def course(catalogue):
    """A curriculum of four sessions, each with one quiz, and its rule: trained after 2
    sessions; graduated with 75 % (3 of 4), session 4 and 2 quizzes passed."""
    curriculum = CurriculumPageFactory(parent=catalogue, title="Eficácia pessoal")
    curriculum.save_revision().publish()
    module = ModulePageFactory(parent=curriculum)
    module.save_revision().publish()
    sessions = []
    for number in range(1, 5):
        page = SessionPageFactory(parent=module, number=number, title=f"Sessão {number}")
        page.save_revision().publish()
        sessions.append(page)
    rule = GraduationRule.objects.create(
        curriculum=curriculum,
        trained_min_sessions=2,
        graduated_min_percent=75,
        required_sessions="4",
        graduated_min_quizzes=2,
    )
    outlines = curriculum_api.session_outlines(
        curriculum_key=curriculum.translation_key, language="pt-br"
    )
    return {"curriculum": curriculum, "sessions": sessions, "outlines": outlines, "rule": rule}


@pytest.fixture
def facilitator(db):
    return UserFactory(first_name="Fátima")


@pytest.fixture
def group(course, facilitator):
    """The course's group: its four sessions all held already (dated in the past)."""
    group = LearnerGroupFactory(
        curriculum_key=course["curriculum"].translation_key, facilitators=[facilitator]
    )
    today = timezone.localdate()
    for outline in course["outlines"]:
        ScheduledSessionFactory(
            group=group,
            session_key=outline.key,
            number=outline.number,
            date=today - timedelta(days=7 * (5 - outline.number)),
        )
    return group


@pytest.fixture
def member(group):
    person = UserFactory(first_name="Ana", last_name="Souza", preferred_language="es")
    Membership.objects.create(group=group, learner=person)
    return person
