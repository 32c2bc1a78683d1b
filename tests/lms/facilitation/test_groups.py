"""Creating and running a group from the screens: creation with its schedule, settings and
co-facilitators, schedule editing, joining by code or link, capacity."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from lms.cohorts.models import Enrolment, LearnerGroup, Membership, ScheduledSession
from lms.core.roles import Role
from tests.lms.facilitation.helpers import pt, url, with_role

pytestmark = pytest.mark.django_db


def test_facilitator_creates_a_group_with_its_schedule(client, curriculum, outlines, facilitator):
    client.force_login(facilitator)
    form = client.get(url("facilitation:group_new"))
    assert form.status_code == 200
    assert curriculum.title in form.content.decode()
    start = timezone.localdate() + timedelta(days=3)
    response = client.post(
        url("facilitation:group_new"),
        {
            "name": "Jovens de Itabira",
            "curriculum": str(curriculum.translation_key),
            "country": "BR",
            "municipality": "Itabira",
            "start_date": start.isoformat(),
            "weekdays": [1, 3],  # Tuesdays and Thursdays
            "starts_at": "14:00",
            "capacity": 25,
            "facilitators": [facilitator.pk],
        },
    )
    group = LearnerGroup.objects.get(name="Jovens de Itabira")
    assert response.status_code == 302
    assert response["Location"] == url("facilitation:group", group.pk)
    assert list(group.facilitators.all()) == [facilitator]
    schedule = list(group.schedule.order_by("date"))
    assert [s.number for s in schedule] == [1, 2, 3]
    assert [s.session_key for s in schedule] == [o.key for o in outlines]
    assert all(s.date.weekday() in (1, 3) and s.date >= start for s in schedule)
    assert all(s.starts_at.hour == 14 for s in schedule)
    dashboard = client.get(response["Location"]).content.decode()
    assert group.join_code_display in dashboard
    assert url("learner:join", group.join_code) in dashboard


def test_group_form_reports_every_missing_field(client, curriculum, facilitator):
    client.force_login(facilitator)
    response = client.post(url("facilitation:group_new"), {"name": ""})
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert {"name", "curriculum", "start_date", "weekdays"} <= set(errors)
    assert not LearnerGroup.objects.exists()


def test_facilitator_cannot_create_a_group_in_another_country(client, curriculum, facilitator):
    client.force_login(facilitator)  # a Brazilian facilitator
    response = client.post(
        url("facilitation:group_new"),
        {
            "name": "Grupo",
            "curriculum": str(curriculum.translation_key),
            "country": "PE",
            "start_date": timezone.localdate().isoformat(),
            "weekdays": [0],
            "capacity": 25,
            "facilitators": [facilitator.pk],
        },
    )
    assert response.status_code == 400 and "country" in response.context["form"].errors


def test_settings_add_a_co_facilitator_and_thresholds(client, group, facilitator, roles):
    colleague = with_role(Role.FACILITATOR, username="co-fac", country="BR")
    client.force_login(facilitator)
    response = client.post(
        url("facilitation:settings", group.pk),
        {
            "name": "Grupo Contagem (tarde)",
            "municipality": "Contagem",
            "capacity": 20,
            "facilitators": [facilitator.pk, colleague.pk],
            "risk_missed_sessions": 3,
            "risk_missed_window": 4,
            "risk_inactive_days": 10,
            "risk_failed_attempts": 3,
        },
    )
    assert response.status_code == 302
    group.refresh_from_db()
    assert group.name == "Grupo Contagem (tarde)" and group.capacity == 20
    assert (group.risk_missed_sessions, group.risk_missed_window) == (3, 4)
    assert (group.risk_inactive_days, group.risk_failed_attempts) == (10, 3)
    assert set(group.facilitators.all()) == {facilitator, colleague}
    client.force_login(colleague)
    assert client.get(url("facilitation:group", group.pk)).status_code == 200


def test_capacity_cannot_drop_below_the_members(client, group, members, facilitator):
    client.force_login(facilitator)
    response = client.post(
        url("facilitation:settings", group.pk),
        {
            "name": group.name,
            "municipality": "",
            "capacity": 2,
            "facilitators": [facilitator.pk],
            "risk_missed_sessions": 2,
            "risk_missed_window": 3,
            "risk_inactive_days": 14,
            "risk_failed_attempts": 2,
        },
    )
    assert response.status_code == 400
    assert (
        pt("The group already has %(count)s learners: the capacity cannot be lower.", count=3)
        in response.content.decode()
    )
    group.refresh_from_db()
    assert group.capacity == 25


def test_schedule_dates_are_editable_one_by_one(client, group, facilitator):
    first, second, third = group.schedule.order_by("date")
    new_date = second.date + timedelta(days=30)
    client.force_login(facilitator)
    response = client.post(
        url("facilitation:schedule", group.pk),
        {
            "action": "dates",
            f"date-{first.pk}": first.date.isoformat(),
            f"date-{second.pk}": new_date.isoformat(),
            f"date-{third.pk}": third.date.isoformat(),
        },
    )
    assert response.status_code == 302
    second.refresh_from_db()
    assert second.date == new_date
    bad = client.post(
        url("facilitation:schedule", group.pk),
        {"action": "dates", f"date-{first.pk}": "31/02/2026"},
    )
    assert bad.status_code == 400
    first.refresh_from_db()
    assert first.date != new_date


def test_schedule_replanned_from_a_weekly_pattern(client, group, facilitator):
    client.force_login(facilitator)
    start = timezone.localdate() + timedelta(days=1)
    response = client.post(
        url("facilitation:schedule", group.pk),
        {"action": "pattern", "first_date": start.isoformat(), "weekdays": [5]},
    )
    assert response.status_code == 302
    dates = list(ScheduledSession.objects.filter(group=group).values_list("date", flat=True))
    assert all(d.weekday() == 5 and d >= start for d in dates)
    assert len(set(dates)) == 3


def test_join_link_takes_a_newcomer_through_sign_up(client, group):
    link = url("learner:join", group.join_code)
    page = client.get(link)
    assert page.status_code == 200
    html = page.content.decode()
    assert group.name not in html  # nothing about the group before login
    assert f"{url('account_signup')}?next={link}" in html
    response = client.post(
        f"{url('account_signup')}?next={link}",
        {
            "username": "nova",
            "password1": "uma-senha-longa-42",
            "password2": "uma-senha-longa-42",
            "birth_year": "2000",
            "notice_accepted": "on",
            "preferred_language": "pt-br",
            "next": link,
        },
    )
    assert response.status_code == 302 and response["Location"] == link
    assert group.name in client.get(link).content.decode()  # logged in: confirm the group
    joined = client.post(url("learner:join_form"), {"code": group.join_code_display.lower()})
    # The first time, the profile and its consent question on the way to My path.
    profile = f"{url('participants:my_profile')}?next={url('learner:path')}"
    assert joined.status_code == 302 and joined["Location"] == profile
    membership = Membership.objects.get(group=group, learner__username="nova")
    assert Enrolment.objects.filter(
        learner=membership.learner, curriculum_key=group.curriculum_key
    ).exists()
    again = client.get(link)
    assert again.context["member"] is True


def test_joining_with_a_wrong_code_says_so(client, group, members):
    client.force_login(members[0])
    response = client.post(url("learner:join_form"), {"code": "ZZZ-999"})
    assert response.status_code == 400
    assert (
        pt("No group has this code. Check it with your facilitator.") in response.content.decode()
    )
    assert client.get(url("learner:join", "ZZZ999")).status_code == 400


def test_a_full_group_refuses_with_the_figures(client, group, members, roles):
    group.capacity = 3
    group.save()
    newcomer = with_role(Role.LEARNER, username="late")
    client.force_login(newcomer)
    response = client.post(url("learner:join_form"), {"code": group.join_code})
    assert response.status_code == 400
    assert (
        pt("This group is full (%(count)s of %(capacity)s places).", count=3, capacity=3)
        in response.content.decode()
    )
    assert not Membership.objects.filter(learner=newcomer).exists()


def test_anonymous_join_post_goes_to_login(client, group):
    response = client.post(url("learner:join_form"), {"code": group.join_code})
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert not Membership.objects.exists()
