"""Hostile values sent to the facilitator's screens: refused with a 4xx or a message, never
a 500, and nothing longer or larger than its column reaches the database."""

from __future__ import annotations

import pytest

from lms.accounts.models import User
from lms.cohorts.models import AttendanceRecord, LearnerGroup
from lms.facilitation.models import FacilitatorNote
from tests.lms.facilitation.helpers import url

pytestmark = pytest.mark.django_db

JSON = {"HTTP_ACCEPT": "application/json"}
NOT_IDS = ["²", "١", "１", "-1", "0", "99999999999999999999999", "1e3", " 1", "", "abc"]


@pytest.fixture
def scheduled(group):
    return group.schedule.order_by("date").first()


def test_attendance_refuses_a_learner_that_is_not_an_id(
    client, group, members, scheduled, facilitator
):
    client.force_login(facilitator)
    target = url("facilitation:attendance", group.pk, scheduled.pk)
    for learner_id in NOT_IDS:
        data = {"learner": learner_id, "status": "present"}
        assert client.post(target, data, **JSON).status_code == 400, learner_id
        assert client.post(target, data).status_code == 302, learner_id
    assert not AttendanceRecord.objects.exists()


def test_a_note_about_a_learner_that_is_not_an_id_is_refused(client, group, members, facilitator):
    client.force_login(facilitator)
    for learner_id in NOT_IDS:
        for back in ("learner", "session", ""):
            data = {"learner": learner_id, "text": "Nota", "back": back, "session": "not-a-uuid"}
            response = client.post(url("facilitation:note_add", group.pk), data)
            assert response.status_code in (302, 404), (learner_id, back)
    assert not FacilitatorNote.objects.exists()


def test_a_note_with_a_session_that_is_not_a_uuid_goes_back_to_the_group(
    client, group, members, facilitator
):
    client.force_login(facilitator)
    data = {"learner": str(members[0].pk), "text": "", "back": "session", "session": "x" * 99}
    response = client.post(url("facilitation:note_add", group.pk), data)
    assert response.status_code == 302


def test_a_group_cannot_start_out_of_range(client, curriculum, facilitator):
    client.force_login(facilitator)
    for day in ("0001-01-01", "9999-12-31", "1899-12-31", "2101-01-01"):
        response = client.post(
            url("facilitation:group_new"),
            {
                "name": "Grupo",
                "curriculum": str(curriculum.translation_key),
                "country": "BR",
                "start_date": day,
                "weekdays": ["0"],
                "capacity": "25",
                "facilitators": [str(facilitator.pk)],
            },
        )
        assert response.status_code == 400, day
    assert not LearnerGroup.objects.exists()


def test_the_schedule_cannot_be_planned_out_of_range(client, group, facilitator):
    client.force_login(facilitator)
    before = list(group.schedule.values_list("date", flat=True))
    one = group.schedule.first()
    for day in ("0001-01-01", "9999-12-31"):
        response = client.post(
            url("facilitation:schedule", group.pk),
            {"action": "pattern", "first_date": day, "weekdays": ["0", "6"]},
        )
        assert response.status_code == 400, day
        response = client.post(url("facilitation:schedule", group.pk), {f"date-{one.pk}": day})
        assert response.status_code == 400, day
    assert list(group.schedule.values_list("date", flat=True)) == before


def test_a_facilitator_cannot_create_a_lookalike_username(client, group, members, facilitator):
    client.force_login(facilitator)
    for username in (
        "fаc",  # a Cyrillic а in a Latin name
        "learner0\u0430",
        "аса",  # Cyrillic only, every letter a Latin lookalike
    ):
        response = client.post(
            url("facilitation:learner_new", group.pk), {"first_name": "Zé", "username": username}
        )
        assert response.status_code == 400, username
    assert not User.objects.filter(first_name="Zé").exists()


def test_a_full_width_username_is_stored_in_its_plain_form(client, group, members, facilitator):
    client.force_login(facilitator)
    response = client.post(
        url("facilitation:learner_new", group.pk),
        {"first_name": "Ana", "username": "ｌｅａｒｎｅｒ０"},
    )
    assert response.status_code == 400  # "learner0" exists: full-width letters are no disguise
    response = client.post(
        url("facilitation:learner_new", group.pk), {"first_name": "Ana", "username": "ａｎａ.ｓ"}
    )
    assert response.status_code == 200
    assert User.objects.filter(username="ana.s").exists()


def test_a_learner_id_beyond_any_column_is_not_found(client, group, members, facilitator):
    """The learner page looks the id up through a foreign key, which Django does not guard
    against numbers beyond the column's range."""
    client.force_login(facilitator)
    response = client.get(f"/pt-br/facilitate/{group.pk}/learners/99999999999999999999/")
    assert response.status_code == 404
