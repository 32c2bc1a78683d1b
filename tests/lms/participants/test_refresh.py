"""The standing is recomputed when attendance, self-paced progress or a quiz changes, with no
nightly job: each change goes through the app's own service and the status row follows."""

from __future__ import annotations

import uuid

import pytest

from curriculum import api as curriculum_api
from lms.cohorts.models import ScheduledSession
from lms.cohorts.services import attendance_record, attendance_undo
from lms.participants.models import Certificate, ParticipantStatus
from lms.participants.services import participant_status_refresh
from lms.progress.services import block_progress_record
from lms.quizzes.services import quiz_attempt_submit

pytestmark = pytest.mark.django_db


def status_of(person, course) -> ParticipantStatus | None:
    return ParticipantStatus.objects.filter(
        person=person, curriculum_key=course["curriculum"].translation_key
    ).first()


def attend(group, person, facilitator, number, capture, status="present"):
    scheduled = ScheduledSession.objects.get(group=group, number=number)
    with capture(execute=True):
        return attendance_record(
            scheduled=scheduled, learner=person, status=status, recorded_by=facilitator
        )


def pass_quiz(course, person, number, capture, *, right=True):
    session = course["sessions"][number - 1]
    outline = curriculum_api.session_outline(session=session)
    block_id = next(b.id for b in session.body if b.block_type == "quiz")
    quiz = curriculum_api.session_quiz(session=session, block_id=block_id)
    question = quiz.questions[0]
    choice = next(o.id for o in question.options if o.correct is right)
    with capture(execute=True):
        quiz_attempt_submit(
            learner=person,
            outline=outline,
            quiz=quiz,
            responses={question.id: [choice]},
            token=uuid.uuid4(),
            language="pt-br",
        )


def test_attendance_counts_and_trained_is_set_at_the_rules_number(
    course, group, member, facilitator, django_capture_on_commit_callbacks
):
    attend(group, member, facilitator, 1, django_capture_on_commit_callbacks)
    status = status_of(member, course)
    assert status.sessions_done == 1 and status.trained_at is None
    assert status.group_id == group.pk
    attend(group, member, facilitator, 2, django_capture_on_commit_callbacks, status="late")
    status = status_of(member, course)
    assert status.sessions_done == 2 and status.trained_at is not None
    assert status.attendance_share == pytest.approx(0.5)  # 2 of the 4 held
    assert status.on_track is False  # 75 % are needed
    absent = attend(group, member, facilitator, 3, django_capture_on_commit_callbacks, "absent")
    assert status_of(member, course).sessions_done == 2
    assert absent.status == "absent"


def test_undoing_attendance_recomputes_but_trained_stays(
    course, group, member, facilitator, django_capture_on_commit_callbacks
):
    attend(group, member, facilitator, 1, django_capture_on_commit_callbacks)
    record = attend(group, member, facilitator, 2, django_capture_on_commit_callbacks)
    trained_at = status_of(member, course).trained_at
    assert trained_at is not None
    with django_capture_on_commit_callbacks(execute=True):
        attendance_undo(record=record, undone_by=facilitator)  # the record goes
    status = status_of(member, course)
    assert status.sessions_done == 1
    assert status.trained_at == trained_at  # set once, never taken back


def test_self_paced_completion_counts_as_a_session_done(
    course, member, django_capture_on_commit_callbacks
):
    session = course["sessions"][0]
    outline = curriculum_api.session_outline(session=session)
    text_only = [b for b in outline.tracked if b.kind != "quiz"]
    assert not text_only  # the session's one required block is its quiz
    pass_quiz(course, member, 1, django_capture_on_commit_callbacks)
    status = status_of(member, course)
    assert status.sessions_done == 1  # completed self-paced, no attendance
    assert status.quizzes_passed == 1


def test_a_failed_quiz_does_not_count_as_passed(course, member, django_capture_on_commit_callbacks):
    pass_quiz(course, member, 2, django_capture_on_commit_callbacks, right=False)
    status = status_of(member, course)
    assert status.quizzes_passed == 0
    assert status.sessions_done == 1  # submitting completes the block


def test_progress_on_an_unfinished_session_changes_nothing(
    course, member, django_capture_on_commit_callbacks
):
    outline = course["outlines"][0]
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        block_progress_record(
            learner=member, outline=outline, block_id=outline.tracked[0].id, progress=0.3
        )
    # No standing refresh is scheduled (the learner's cached page state is, by its own app).
    assert [c for c in callbacks if c.__module__.startswith("lms.participants")] == []
    assert status_of(member, course) is None


def test_graduation_issues_one_certificate(
    course, group, member, facilitator, django_capture_on_commit_callbacks
):
    for number in (1, 2, 4):
        attend(group, member, facilitator, number, django_capture_on_commit_callbacks)
    status = status_of(member, course)
    assert status.graduated_at is None  # 3 of 4 and session 4, but no quiz passed yet
    assert status.on_track is True
    pass_quiz(course, member, 1, django_capture_on_commit_callbacks)
    assert status_of(member, course).graduated_at is None  # one quiz of the two
    pass_quiz(course, member, 2, django_capture_on_commit_callbacks)
    status = status_of(member, course)
    assert status.graduated_at is not None and status.trained_at is not None
    certificate = Certificate.objects.get(person=member)
    assert len(certificate.code) >= 20
    participant_status_refresh(person=member, curriculum_key=course["curriculum"].translation_key)
    assert Certificate.objects.filter(person=member).count() == 1
    assert status_of(member, course).graduated_at == status.graduated_at


def test_without_the_required_session_nobody_graduates(
    course, group, member, facilitator, django_capture_on_commit_callbacks
):
    for number in (1, 2, 3):
        attend(group, member, facilitator, number, django_capture_on_commit_callbacks)
    pass_quiz(course, member, 1, django_capture_on_commit_callbacks)
    pass_quiz(course, member, 2, django_capture_on_commit_callbacks)
    status = status_of(member, course)
    assert status.sessions_done == 3 and status.quizzes_passed == 2
    assert status.graduated_at is None
    assert not Certificate.objects.exists()


def test_a_curriculum_without_a_rule_follows_the_default(
    course, member, django_capture_on_commit_callbacks
):
    course["rule"].delete()  # default: trained after 2 of 4, graduate with 3, #4, 2 quizzes
    for number in (1, 2):
        pass_quiz(course, member, number, django_capture_on_commit_callbacks)
    status = status_of(member, course)
    assert status.trained_at is not None and status.graduated_at is None


def test_a_changed_rule_applies_to_everyone_enrolled(
    course, group, member, facilitator, django_capture_on_commit_callbacks
):
    from lms.participants.services import curriculum_statuses_refresh

    attend(group, member, facilitator, 1, django_capture_on_commit_callbacks)
    assert status_of(member, course).trained_at is None
    rule = course["rule"]
    rule.trained_min_sessions = 1
    rule.save()
    assert curriculum_statuses_refresh(curriculum_key=rule.curriculum_key) == 1
    assert status_of(member, course).trained_at is not None


def test_a_rule_names_only_sessions_the_curriculum_has(course):
    from django.core.exceptions import ValidationError

    rule = course["rule"]
    rule.required_sessions = "4, 9"
    with pytest.raises(ValidationError) as error:
        rule.full_clean()
    assert "required_sessions" in error.value.message_dict
    rule.required_sessions = "3, 4"
    rule.full_clean()


def test_many_changes_in_one_transaction_refresh_once(
    course, group, member, facilitator, django_capture_on_commit_callbacks
):
    from django.db import transaction

    import lms.participants.receivers as receivers

    calls = []
    real = receivers._refresh

    def counting(person_id, key):
        calls.append((person_id, key))
        real(person_id, key)

    receivers._refresh = counting
    try:
        with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
            for number in (1, 2, 3):
                scheduled = ScheduledSession.objects.get(group=group, number=number)
                attendance_record(
                    scheduled=scheduled, learner=member, status="present", recorded_by=facilitator
                )
    finally:
        receivers._refresh = real
    assert calls == [(member.pk, course["curriculum"].translation_key)]
    assert status_of(member, course).sessions_done == 3


def test_outside_a_transaction_the_refresh_runs_at_once(
    course, group, member, facilitator, django_capture_on_commit_callbacks
):
    # No callbacks captured here: the test's own transaction defers them, so run them by hand
    # as Django would at commit, and check nothing is left pending for the next transaction.
    from django.db import transaction

    attend(group, member, facilitator, 1, django_capture_on_commit_callbacks)
    assert getattr(transaction.get_connection(), "_participants_pending", {}) == {}
    attend(group, member, facilitator, 2, django_capture_on_commit_callbacks)
    assert status_of(member, course).sessions_done == 2


def test_the_dashboard_marks_graduated_on_track_and_behind_in_flat_queries(
    client, course, group, member, facilitator, django_capture_on_commit_callbacks
):
    from django.contrib.auth.models import Group
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse
    from django.utils import translation

    from lms.accounts.services import roles_setup
    from lms.cohorts.models import Membership
    from lms.core.roles import Role
    from tests.factories import UserFactory

    roles_setup()
    facilitator.groups.add(Group.objects.get(name=Role.FACILITATOR.value))
    for number in (1, 2, 3, 4):
        attend(group, member, facilitator, number, django_capture_on_commit_callbacks)
    for number in (1, 2):
        pass_quiz(course, member, number, django_capture_on_commit_callbacks)
    slow = UserFactory(first_name="Zeca")
    Membership.objects.create(group=group, learner=slow)
    attend(group, slow, facilitator, 1, django_capture_on_commit_callbacks)
    with translation.override("pt-br"):
        dashboard = reverse("facilitation:group", args=[group.pk])
    client.force_login(facilitator)

    def count() -> tuple[int, str]:
        client.get(dashboard)
        with CaptureQueriesContext(connection) as queries:
            html = client.get(dashboard).content.decode()
        return len(queries), html

    small, html = count()
    section = html.split('class="block standing"', 1)[1].split("</section>", 1)[0]
    graduated, on_track, behind = section.split('class="standing-item"')[1:]
    assert "Ana Souza" in graduated and "Zeca" in behind and "Ana" not in on_track
    for _n in range(6):
        Membership.objects.create(group=group, learner=UserFactory())
    big, _html = count()
    assert small == big


def test_a_quiz_attempt_that_leaves_passed_as_it_was_does_not_refresh_the_standing(
    course, member, django_capture_on_commit_callbacks
):
    pass_quiz(course, member, 2, django_capture_on_commit_callbacks, right=False)
    assert status_of(member, course).quizzes_passed == 0

    def refreshes(right: bool) -> list:
        with django_capture_on_commit_callbacks(execute=True) as callbacks:
            pass_quiz(course, member, 2, django_capture_on_commit_callbacks, right=right)
        return [c for c in callbacks if c.__module__.startswith("lms.participants")]

    assert refreshes(right=False) == []  # failed again: "passed" not written
    assert refreshes(right=True) != []  # passed now: the standing follows
    assert status_of(member, course).quizzes_passed == 1
    assert refreshes(right=False) == []  # still passed (an earlier attempt did)
    assert status_of(member, course).quizzes_passed == 1
