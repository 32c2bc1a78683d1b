"""The demo group that ``manage.py up`` seeds: the demo facilitator finds it with history,
difficult questions and learners at risk."""

import pytest
from django.core.management import call_command
from django.utils import timezone

from lms.accounts.models import User
from lms.cohorts.models import AttendanceChange, AttendanceRecord, LearnerGroup
from lms.facilitation.services_demo import DEMO_GROUP_NAME
from lms.participants.services_demo import AHEAD
from lms.progress.models import SessionProgress, SessionVisit
from lms.quizzes.models import QuizAttempt, QuizResult
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


def test_demo_records_are_dated_over_the_weeks_the_group_ran(
    client, django_capture_on_commit_callbacks
):
    """Attendance is dated at each session, visits and quizzes on the evenings after it, so
    the dashboard's last activity and the learner pages read as three real weeks; the two
    learners who drifted away still show as at risk."""
    with django_capture_on_commit_callbacks(execute=True):
        call_command("seed_demo", limit=6, no_video=True, verbosity=0)
    group = LearnerGroup.objects.get(name=DEMO_GROUP_NAME)
    now = timezone.now()
    held = list(group.schedule.filter(date__lt=timezone.localdate()).order_by("date"))
    assert len(held) == 6
    assert (held[-1].date - held[0].date).days >= 14  # three weeks of Tuesdays and Thursdays

    def local_day(moment):
        return timezone.localdate(moment)

    # The register at the session itself; a late arrival corrected on the same day.
    changes = AttendanceChange.objects.filter(scheduled__group=group).select_related("scheduled")
    assert changes.count() > len(held) * 11  # the corrections of late arrivals are logged
    assert all(local_day(c.changed_at) == c.scheduled.date for c in changes)
    assert {local_day(c.changed_at) for c in changes} == {s.date for s in held}
    records = AttendanceRecord.objects.filter(scheduled__group=group).select_related("scheduled")
    assert all(local_day(r.updated_at) == r.scheduled.date for r in records)

    # Visits and quizzes on the session's evening or the next day, never in the future.
    day_of = {s.session_key: s.date for s in held}
    # Two learners studied ahead on their own and graduated (lms.participants' demo): their
    # later sessions were not held by the group, so they are left out here.
    members = list(
        group.memberships.exclude(learner__username__in=AHEAD).values_list("learner_id", flat=True)
    )
    attempts = QuizAttempt.objects.filter(learner_id__in=members)
    visits = SessionVisit.objects.filter(learner_id__in=members)
    summaries = SessionProgress.objects.filter(learner_id__in=members)
    for moment, key in [
        *((a.submitted_at, a.session_key) for a in attempts),
        *((v.started_at, v.session_key) for v in visits),
        *((p.last_activity_at, p.session_key) for p in summaries),
        *(
            (r.last_submitted_at, r.session_key)
            for r in QuizResult.objects.filter(learner_id__in=members)
        ),
    ]:
        assert 0 <= (local_day(moment) - day_of[key]).days <= 1 and moment < now
    assert {day_of[a.session_key] for a in attempts} == {s.date for s in held}
    assert all(a.started_at < a.submitted_at for a in attempts)
    joined = group.memberships.values_list("joined_at", flat=True)
    assert all(local_day(moment) < held[0].date for moment in joined)

    client.force_login(User.objects.get(username="facilitator"))
    matrix = client.get(url("facilitation:group", group.pk)).context["matrix"]
    last = {row.username: row.last_activity_at for row in matrix.rows}
    assert {"daiane", "helena"} <= {row.username for row in matrix.at_risk}  # the two drifting
    assert all(local_day(last[name]) <= held[1].date for name in ("daiane", "helena"))
    assert local_day(max(moment for moment in last.values() if moment)) >= held[-1].date
    assert len({local_day(moment) for moment in last.values() if moment}) > 1
