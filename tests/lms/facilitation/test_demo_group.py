"""The demo group that ``manage.py up`` seeds: the demo facilitator finds it with history,
difficult questions and learners at risk."""

import pytest
from django.core.management import call_command

from lms.accounts.models import User
from lms.cohorts.models import AttendanceRecord, LearnerGroup
from lms.facilitation.services_demo import DEMO_GROUP_NAME
from lms.quizzes.models import QuizAttempt
from tests.lms.facilitation.helpers import url

pytestmark = pytest.mark.django_db


def test_demo_group_is_seeded_once_with_history(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        call_command("seed_demo", limit=4, no_video=True, verbosity=0)
        call_command("seed_demo", limit=4, no_video=True, verbosity=0)
    group = LearnerGroup.objects.get(name=DEMO_GROUP_NAME)
    assert group.memberships.count() == 11
    assert group.facilitators.get().username == "facilitator"
    assert AttendanceRecord.objects.filter(scheduled__group=group).count() == 4 * 11
    assert QuizAttempt.objects.filter(learner__memberships__group=group).exists()

    client.force_login(User.objects.get(username="facilitator"))
    response = client.get(url("facilitation:group", group.pk))
    assert response.status_code == 200
    matrix = response.context["matrix"]
    assert len(matrix.rows) == 11 and matrix.at_risk
    assert response.context["difficult"]
