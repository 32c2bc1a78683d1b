"""The phone register: one tap saves, JSON for the page's script and redirects without it,
undo takes back the last change, and every change stays in the history."""

from __future__ import annotations

import pytest

from lms.cohorts.models import AttendanceChange, AttendanceRecord
from tests.lms.facilitation.helpers import pt, url

pytestmark = pytest.mark.django_db

JSON = {"HTTP_ACCEPT": "application/json"}


@pytest.fixture
def scheduled(group):
    return group.schedule.order_by("date").first()


def tap(client, group, scheduled, learner, status, **extra):
    return client.post(
        url("facilitation:attendance", group.pk, scheduled.pk),
        {"learner": learner.pk, "status": status},
        **extra,
    )


def test_register_lists_every_member_with_four_buttons(
    client, group, members, scheduled, facilitator
):
    client.force_login(facilitator)
    response = client.get(url("facilitation:attendance", group.pk, scheduled.pk))
    html = response.content.decode()
    assert response.status_code == 200
    for person in members:
        assert f'data-learner="{person.pk}"' in html
    assert html.count('name="status"') == 4 * len(members)
    assert response["Cache-Control"].startswith("max-age=0")


def test_a_tap_saves_at_once_and_answers_json(client, group, members, scheduled, facilitator):
    client.force_login(facilitator)
    ana, bia, caio = members
    response = tap(client, group, scheduled, ana, "present", **JSON)
    assert response.status_code == 200
    data = response.json()
    assert data["statuses"] == {str(ana.pk): "present", str(bia.pk): "", str(caio.pk): ""}
    assert (data["recorded"], data["total"], data["can_undo"]) == (1, 3, True)
    assert AttendanceRecord.objects.get(learner=ana, scheduled=scheduled).status == "present"
    redirect = tap(client, group, scheduled, bia, "late")
    assert redirect.status_code == 302
    assert redirect["Location"].endswith(f"#l-{bia.pk}")
    assert AttendanceRecord.objects.get(learner=bia, scheduled=scheduled).recorded_by == facilitator


def test_undo_takes_back_the_last_change_then_the_one_before(
    client, group, members, scheduled, facilitator
):
    client.force_login(facilitator)
    ana, bia, _caio = members
    tap(client, group, scheduled, ana, "present", **JSON)
    tap(client, group, scheduled, bia, "absent", **JSON)
    tap(client, group, scheduled, bia, "excused", **JSON)
    undo = url("facilitation:attendance_undo", group.pk, scheduled.pk)
    data = client.post(undo, **JSON).json()
    assert data["statuses"][str(bia.pk)] == "absent"
    data = client.post(undo, **JSON).json()
    assert data["statuses"][str(bia.pk)] == ""
    data = client.post(undo, **JSON).json()
    assert data["statuses"][str(ana.pk)] == "" and data["can_undo"] is False
    nothing = client.post(undo, **JSON)
    assert nothing.status_code == 400
    assert nothing.json()["error"] == pt("There is nothing to undo.")
    assert AttendanceChange.objects.filter(scheduled=scheduled).count() == 6


def test_history_shows_who_changed_what(client, group, members, scheduled, facilitator, manager):
    client.force_login(facilitator)
    ana = members[0]
    tap(client, group, scheduled, ana, "absent", **JSON)
    client.force_login(manager)
    tap(client, group, scheduled, ana, "excused", **JSON)
    html = client.get(url("facilitation:attendance", group.pk, scheduled.pk)).content.decode()
    assert f"{pt('Absent')} → {pt('Excused')} · Marta" in html
    assert f"— → {pt('Absent')} · Fátima" in html
    detail = client.get(url("facilitation:learner", group.pk, ana.pk)).content.decode()
    assert f"{pt('Absent')} → {pt('Excused')} · Marta" in detail


def test_a_non_member_or_a_bad_status_is_refused(
    client, group, members, scheduled, facilitator, roles
):
    from lms.core.roles import Role
    from tests.lms.facilitation.helpers import with_role

    outsider = with_role(Role.LEARNER, username="outsider")
    client.force_login(facilitator)
    response = tap(client, group, scheduled, outsider, "present", **JSON)
    assert response.status_code == 400
    assert response.json()["error"] == pt("This learner is not a member of this group.")
    assert tap(client, group, scheduled, members[0], "sleeping", **JSON).status_code == 400
    tampered = client.post(
        url("facilitation:attendance", group.pk, scheduled.pk),
        {"learner": "1 OR 1=1", "status": "present"},
        **JSON,
    )
    assert tampered.status_code == 400
    assert not AttendanceRecord.objects.exists()


def test_a_session_of_another_group_is_not_found(client, group, other_group, facilitator, members):
    from lms.cohorts.models import ScheduledSession

    foreign = ScheduledSession.objects.create(
        group=other_group,
        session_key=group.schedule.first().session_key,
        number=1,
        date=group.start_date,
    )
    client.force_login(facilitator)
    assert client.get(url("facilitation:attendance", group.pk, foreign.pk)).status_code == 404
    assert tap(client, group, foreign, members[0], "present").status_code == 404
