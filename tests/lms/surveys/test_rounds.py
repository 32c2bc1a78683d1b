"""Scheduling and opening rounds: baseline at enrolment once consent is active, endline at
graduation, follow-ups 6/12/18/24 months later; idempotent; nothing without consent."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from lms.accounts.models import ConsentRecord
from lms.surveys.models import Round, RoundKind
from lms.surveys.services import months_after, rounds_open_due, rounds_schedule
from lms.surveys.tasks import rounds_open_due_task
from tests.lms.surveys.conftest import consent, graduate


def _kinds(person):
    return set(Round.objects.filter(person=person).values_list("kind", flat=True))


def test_months_after_keeps_the_day_or_takes_the_months_last():
    assert months_after(date(2026, 1, 15), 6) == date(2026, 7, 15)
    assert months_after(date(2026, 8, 31), 6) == date(2027, 2, 28)
    assert months_after(date(2026, 12, 1), 24) == date(2028, 12, 1)


def test_nothing_is_scheduled_without_consent(learner, group):
    graduate(learner, group)
    assert rounds_schedule(person=learner, curriculum_key=group.curriculum_key) == []
    report = rounds_open_due()
    assert report.opened == 0
    assert not Round.objects.exists()


def test_consent_schedules_and_opens_the_baseline_at_once(learner, group):
    consent(learner)
    baseline = Round.objects.get(person=learner)
    assert baseline.kind == RoundKind.BASELINE
    assert baseline.due_on == timezone.localdate()
    assert baseline.opened_at is not None
    assert baseline.group == group
    assert baseline.programme == group.programme


def test_graduation_schedules_endline_and_four_follow_ups(learner, group):
    consent(learner)
    status = graduate(learner, group)
    rounds_open_due()
    graduated = timezone.localdate(status.graduated_at)
    due = dict(Round.objects.filter(person=learner).values_list("kind", "due_on"))
    assert due == {
        RoundKind.BASELINE: timezone.localdate(),
        RoundKind.ENDLINE: graduated,
        RoundKind.MONTH_6: months_after(graduated, 6),
        RoundKind.MONTH_12: months_after(graduated, 12),
        RoundKind.MONTH_18: months_after(graduated, 18),
        RoundKind.MONTH_24: months_after(graduated, 24),
    }
    opened = set(
        Round.objects.filter(person=learner, opened_at__isnull=False).values_list("kind", flat=True)
    )
    assert opened == {RoundKind.BASELINE, RoundKind.ENDLINE}


def test_scheduling_is_idempotent(learner, group):
    consent(learner)
    graduate(learner, group)
    first = rounds_schedule(person=learner, curriculum_key=group.curriculum_key)
    second = rounds_schedule(person=learner, curriculum_key=group.curriculum_key)
    assert [r.pk for r in first] == [r.pk for r in second]
    assert Round.objects.count() == 6
    rounds_open_due()
    report = rounds_open_due()
    assert (report.scheduled, report.opened, report.closed) == (0, 0, 0)
    assert Round.objects.count() == 6


def test_the_six_month_round_opens_when_time_moves_forward(learner, group):
    consent(learner)
    status = graduate(learner, group)
    rounds_open_due()
    six = Round.objects.get(person=learner, kind=RoundKind.MONTH_6)
    assert six.opened_at is None
    graduated = timezone.localdate(status.graduated_at)
    rounds_open_due(today=months_after(graduated, 6) - timedelta(days=1))
    six.refresh_from_db()
    assert six.opened_at is None
    report = rounds_open_due(today=months_after(graduated, 6))
    six.refresh_from_db()
    assert report.opened == 1
    assert six.opened_at is not None
    assert Round.objects.get(person=learner, kind=RoundKind.MONTH_12).opened_at is None


def test_a_round_long_past_its_date_is_not_opened(learner, group):
    """Consent given 13 months after graduation: the 6-month round is too old to ask."""
    graduate(learner, group, days_ago=400)
    consent(learner)
    opened = set(
        Round.objects.filter(person=learner, opened_at__isnull=False).values_list("kind", flat=True)
    )
    assert opened == {RoundKind.BASELINE, RoundKind.MONTH_12}


def test_a_corrected_graduation_date_moves_rounds_not_yet_open(learner, group):
    consent(learner)
    status = graduate(learner, group)
    rounds_open_due()
    status.graduated_at -= timedelta(days=30)
    status.save()
    rounds_schedule(person=learner, curriculum_key=group.curriculum_key)
    graduated = timezone.localdate(status.graduated_at)
    six = Round.objects.get(person=learner, kind=RoundKind.MONTH_6)
    assert six.due_on == months_after(graduated, 6)
    endline = Round.objects.get(person=learner, kind=RoundKind.ENDLINE)
    assert endline.due_on == timezone.localdate()  # already open: stays


def test_withdrawing_consent_closes_open_rounds_and_stops_new_ones(learner, group):
    record = consent(learner)
    baseline = Round.objects.get(person=learner)
    assert baseline.opened_at is not None
    record.withdrawn_at = timezone.now()
    record.save()
    baseline.refresh_from_db()
    assert baseline.closed_at is not None
    graduate(learner, group)
    rounds_open_due()
    assert _kinds(learner) == {RoundKind.BASELINE}


def test_the_task_closes_rounds_of_consent_withdrawn_without_saving_the_model(learner, group):
    consent(learner)
    ConsentRecord.objects.filter(person=learner).update(withdrawn_at=timezone.now())
    assert Round.objects.get(person=learner).closed_at is None
    result = rounds_open_due_task.apply().get()
    assert result["closed"] == 1
    assert Round.objects.get(person=learner).closed_at is not None


def test_consent_given_later_moves_the_baseline_to_that_day(learner, group):
    from lms.cohorts.models import Enrolment

    Enrolment.objects.filter(learner=learner).update(created_at=timezone.now() - timedelta(days=20))
    consent(learner)
    assert Round.objects.get(person=learner).due_on == timezone.localdate()


def test_the_beat_schedule_names_the_task():
    from django.conf import settings

    names = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert "lms.surveys.tasks.rounds_open_due_task" in names


def test_rounds_follow_a_programme_given_to_the_group_later(learner, group):
    from lms.cohorts.models import LearnerGroup

    programme = group.programme
    LearnerGroup.objects.filter(pk=group.pk).update(programme=None)
    group.refresh_from_db()
    consent(learner)
    assert Round.objects.get(person=learner).programme is None
    LearnerGroup.objects.filter(pk=group.pk).update(programme=programme)
    rounds_schedule(person=learner, curriculum_key=group.curriculum_key)
    assert Round.objects.get(person=learner).programme == programme


def test_answers_are_refused_for_a_round_not_open(learner, group):
    from decimal import Decimal

    import pytest

    from lms.surveys.models import Answer, Channel
    from lms.surveys.services import SurveyError, round_answers_submit

    consent(learner)
    graduate(learner, group)
    rounds_open_due()
    six = Round.objects.get(person=learner, kind=RoundKind.MONTH_6)
    with pytest.raises(SurveyError):
        round_answers_submit(
            round_=six,
            answers={"monthly_income": Decimal(100)},
            channel=Channel.APP,
            recorded_by=learner,
        )
    baseline = Round.objects.get(person=learner, kind=RoundKind.BASELINE)
    for bad in (Decimal(-1), Decimal("Infinity"), Decimal(10) ** 13):
        with pytest.raises(SurveyError):
            round_answers_submit(
                round_=baseline,
                answers={"monthly_income": bad},
                channel=Channel.APP,
                recorded_by=learner,
            )
    with pytest.raises(SurveyError):
        round_answers_submit(round_=baseline, answers={}, channel="telepathy", recorded_by=learner)
    assert not Answer.objects.exists()


def test_consent_given_again_lets_later_rounds_open(learner, group):
    record = consent(learner)
    status = graduate(learner, group)
    rounds_open_due()
    record.withdrawn_at = timezone.now()
    record.save()
    closed = set(
        Round.objects.filter(person=learner, closed_at__isnull=False).values_list("kind", flat=True)
    )
    assert closed == {RoundKind.BASELINE, RoundKind.ENDLINE}  # the open ones
    graduated = timezone.localdate(status.graduated_at)
    rounds_open_due(today=months_after(graduated, 6))
    six = Round.objects.get(person=learner, kind=RoundKind.MONTH_6)
    assert six.opened_at is None  # no consent: not opened
    consent(learner)
    rounds_open_due(today=months_after(graduated, 6))
    six.refresh_from_db()
    assert six.opened_at is not None and six.closed_at is None


def test_under_18_nothing_is_scheduled_or_stored_until_the_guardian_consents(learner, group):
    from lms.accounts.consent import consent_record
    from lms.surveys.services import SurveyError, round_answers_submit

    learner.birth_year = timezone.localdate().year - 15
    learner.save(update_fields=["birth_year"])
    consent(learner)
    assert rounds_schedule(person=learner, curriculum_key=group.curriculum_key) == []
    assert not Round.objects.filter(person=learner).exists()

    consent_record(
        person=learner,
        kind=ConsentRecord.Kind.GUARDIAN,
        recorded_by=None,
        guardian_name="Maria Souza",
    )
    baseline = Round.objects.get(person=learner)  # the guardian's consent opened it at once
    assert baseline.kind == RoundKind.BASELINE and baseline.opened_at is not None

    guardian = ConsentRecord.objects.get(person=learner, kind=ConsentRecord.Kind.GUARDIAN)
    guardian.withdrawn_at = timezone.now()
    guardian.save()
    baseline.refresh_from_db()
    with pytest.raises(SurveyError):
        round_answers_submit(
            round_=baseline,
            answers={"monthly_income": Decimal("900")},
            channel="app",
            recorded_by=learner,
        )
    assert not baseline.answers.exists()
