"""Leaving a group and removing a member: the membership ends, its history and the
attendance stay; only the learner themself or the group's own facilitators may do it."""

from __future__ import annotations

import pytest

from lms.cohorts.models import AttendanceRecord, Membership
from lms.cohorts.services import attendance_record
from lms.privacy.models import MembershipEnding
from tests.lms.facilitation.helpers import url

pytestmark = pytest.mark.django_db


@pytest.fixture
def attended(group, members, facilitator):
    scheduled = group.schedule.order_by("date").first()
    attendance_record(
        scheduled=scheduled, learner=members[0], status="present", recorded_by=facilitator
    )
    return scheduled


def test_a_learner_leaves_a_group_and_keeps_their_attendance(client, group, members, attended):
    ana = members[0]
    joined = Membership.objects.get(group=group, learner=ana).joined_at
    client.force_login(ana)
    response = client.post(url("privacy:leave_group", group.pk))
    assert response.status_code == 302
    assert not Membership.objects.filter(group=group, learner=ana).exists()
    ending = MembershipEnding.objects.get(group=group, learner=ana)
    assert (ending.reason, ending.ended_by, ending.joined_at) == ("left", ana, joined)
    assert AttendanceRecord.objects.filter(learner=ana, scheduled=attended).exists()
    # Leaving again: not a member any more.
    assert client.post(url("privacy:leave_group", group.pk)).status_code == 404
    assert MembershipEnding.objects.count() == 1


def test_leaving_needs_a_post(client, group, members):
    client.force_login(members[0])
    assert client.get(url("privacy:leave_group", group.pk)).status_code == 405
    assert Membership.objects.filter(group=group, learner=members[0]).exists()


def test_the_groups_facilitator_removes_a_member(client, group, members, facilitator, attended):
    ana = members[0]
    client.force_login(facilitator)
    page = client.get(url("facilitation:learner", group.pk, ana.pk)).content.decode()
    assert url("privacy:remove_member", group.pk, ana.pk) in page
    response = client.post(url("privacy:remove_member", group.pk, ana.pk))
    assert response.status_code == 302
    assert not Membership.objects.filter(group=group, learner=ana).exists()
    ending = MembershipEnding.objects.get(group=group, learner=ana)
    assert (ending.reason, ending.ended_by) == ("removed", facilitator)
    assert AttendanceRecord.objects.filter(learner=ana).count() == 1
    # The learner page is gone with the membership; the dashboard no longer lists her.
    assert client.get(url("facilitation:learner", group.pk, ana.pk)).status_code == 404


@pytest.mark.parametrize("who", ["other_facilitator", "manager", "member"])
def test_nobody_else_removes_a_member(client, request, group, members, who):
    ana = members[0]
    viewer = members[1] if who == "member" else request.getfixturevalue(who)
    client.force_login(viewer)
    response = client.post(url("privacy:remove_member", group.pk, ana.pk))
    assert response.status_code in (404, 302)
    assert response.status_code == 404
    assert Membership.objects.filter(group=group, learner=ana).exists()
