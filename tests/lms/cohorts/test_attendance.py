"""Attendance: record and correct, a change log, undo as a stack, members only."""

import re

import pytest

from lms.cohorts.models import AttendanceChange, AttendanceRecord
from lms.cohorts.services import CohortError, attendance_record, attendance_undo
from tests.factories import UserFactory
from tests.lms.cohorts.factories import LearnerGroupFactory, ScheduledSessionFactory, members_add

pytestmark = pytest.mark.django_db


@pytest.fixture
def setting():
    group = LearnerGroupFactory()
    facilitator = UserFactory()
    group.facilitators.add(facilitator)
    [learner] = members_add(group, 1)
    return {
        "scheduled": ScheduledSessionFactory(group=group),
        "learner": learner,
        "facilitator": facilitator,
    }


def record(setting, status):
    return attendance_record(
        scheduled=setting["scheduled"],
        learner=setting["learner"],
        status=status,
        recorded_by=setting["facilitator"],
    )


def log(setting) -> list[tuple[str, str]]:
    changes = AttendanceChange.objects.filter(scheduled=setting["scheduled"]).order_by("pk")
    return [(c.old_status, c.new_status) for c in changes]


def test_first_recording_then_a_correction_are_logged(setting):
    first = record(setting, "present")
    assert first.status == "present" and first.recorded_by == setting["facilitator"]
    again = record(setting, "present")  # the same tap twice changes nothing
    assert again.pk == first.pk
    assert log(setting) == [("", "present")]
    corrected = record(setting, "late")
    assert corrected.pk == first.pk and corrected.status == "late"
    assert AttendanceRecord.objects.count() == 1
    assert log(setting) == [("", "present"), ("present", "late")]
    change = first.history.order_by("pk").last()
    assert change.changed_by == setting["facilitator"] and change.learner == setting["learner"]


def test_only_members_have_attendance(setting):
    stranger = UserFactory()
    with pytest.raises(CohortError) as error:
        attendance_record(
            scheduled=setting["scheduled"], learner=stranger, status="present", recorded_by=None
        )
    assert error.value.message == "This learner is not a member of this group."
    assert not AttendanceRecord.objects.exists() and not AttendanceChange.objects.exists()
    other_group_session = ScheduledSessionFactory()
    with pytest.raises(CohortError):
        attendance_record(
            scheduled=other_group_session,
            learner=setting["learner"],
            status="present",
            recorded_by=None,
        )


def test_unknown_status_is_a_programming_error(setting):
    with pytest.raises(ValueError):
        record(setting, "maybe")


def test_undo_goes_back_one_change_at_a_time_and_finally_removes_the_record(setting):
    record(setting, "present")
    record(setting, "late")
    current = record(setting, "absent")
    undoer = setting["facilitator"]
    current = attendance_undo(record=current, undone_by=undoer)
    assert current.status == "late"
    current = attendance_undo(record=current, undone_by=undoer)
    assert current.status == "present"
    assert attendance_undo(record=current, undone_by=undoer) is None
    assert not AttendanceRecord.objects.exists()
    assert log(setting) == [
        ("", "present"),
        ("present", "late"),
        ("late", "absent"),
        ("absent", "late"),
        ("late", "present"),
        ("present", ""),  # the removal is logged too, and outlives the record
    ]
    undos = AttendanceChange.objects.exclude(undoes=None).order_by("pk")
    assert [(u.undoes.old_status, u.undoes.new_status) for u in undos] == [
        ("late", "absent"),
        ("present", "late"),
        ("", "present"),
    ]
    with pytest.raises(CohortError, match=re.escape("There is nothing to undo.")):
        attendance_undo(record=current or AttendanceRecord(pk=0), undone_by=undoer)


def test_a_new_recording_after_an_undo_is_undone_first(setting):
    record(setting, "present")
    current = record(setting, "absent")
    current = attendance_undo(record=current, undone_by=None)  # back to present
    current = record(setting, "excused")
    current = attendance_undo(record=current, undone_by=None)
    assert current.status == "present"
    assert attendance_undo(record=current, undone_by=None) is None


def test_after_removal_attendance_starts_afresh(setting):
    first = record(setting, "absent")
    attendance_undo(record=first, undone_by=None)
    second = record(setting, "present")
    assert second.pk != first.pk
    assert [(c.old_status, c.new_status) for c in second.history.all()] == [("", "present")]
    assert attendance_undo(record=second, undone_by=None) is None
