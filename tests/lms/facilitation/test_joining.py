"""Joining by code, as an attacker would try it: anonymous visitors learn nothing about the
group; wrong codes are rate-limited per account and per connection; the facilitator can
replace the code (the old one stops at once) and can require approval of each join."""

from __future__ import annotations

import re

import pytest
from django.core.cache import cache

from lms.cohorts.models import JoinRequest, Membership
from lms.core.roles import Role
from tests.lms.facilitation.helpers import pt, url, with_role

WRONG = "ZZZ999"


@pytest.fixture(autouse=True)
def _fresh_limits():
    cache.clear()  # the rate limits live in the cache
    yield
    cache.clear()


@pytest.fixture
def newcomer(roles):
    return with_role(Role.LEARNER, username="newcomer", first_name="Nina")


def _without_tokens(html: str) -> str:
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", html)


# --- Anonymous visitors ----------------------------------------------------------------------


def test_anonymous_visitors_see_the_same_page_for_a_right_and_a_wrong_code(client, group):
    right = client.get(url("learner:join", group.join_code))
    wrong = client.get(url("learner:join", WRONG))
    assert right.status_code == wrong.status_code == 200
    right_html = _without_tokens(right.content.decode().replace(group.join_code, "CODE"))
    wrong_html = _without_tokens(wrong.content.decode().replace(WRONG, "CODE"))
    assert right_html == wrong_html
    assert group.name not in right_html and group.municipality not in right_html
    assert pt(
        "Log in or sign up to join. It takes a minute, and you come back here afterwards."
    ) in (right_html)


def test_anonymous_visitors_use_up_no_guesses(client, group, newcomer):
    for _n in range(40):
        client.get(url("learner:join", WRONG))
    client.force_login(newcomer)
    assert client.get(url("learner:join", group.join_code)).status_code == 200


def test_a_logged_in_learner_sees_the_group_before_confirming(client, group, newcomer):
    client.force_login(newcomer)
    page = client.get(url("learner:join", group.join_code))
    html = page.content.decode()
    assert page.status_code == 200
    assert group.name in html and group.municipality in html
    assert not Membership.objects.filter(learner=newcomer).exists()  # only a confirm step


# --- Guessing --------------------------------------------------------------------------------


def test_wrong_codes_are_limited_per_account(client, group, newcomer):
    client.force_login(newcomer)
    for _n in range(10):
        assert client.post(url("learner:join_form"), {"code": WRONG}).status_code == 400
    refused = client.post(url("learner:join_form"), {"code": group.join_code})
    assert refused.status_code == 429
    assert pt("Too many wrong codes. Wait a few minutes, then try again.") in (
        refused.content.decode()
    )
    assert group.name not in refused.content.decode()
    assert client.get(url("learner:join", group.join_code)).status_code == 429
    assert not Membership.objects.filter(learner=newcomer).exists()


def test_wrong_codes_are_limited_per_connection(client, group, roles):
    guessers = [with_role(Role.LEARNER, username=f"guesser{n}") for n in range(4)]
    for guesser in guessers[:3]:
        client.force_login(guesser)
        for _n in range(10):
            client.post(url("learner:join_form"), {"code": WRONG})
    client.force_login(guessers[3])  # a fresh account, the same connection
    assert client.post(url("learner:join_form"), {"code": group.join_code}).status_code == 429
    assert not Membership.objects.filter(learner=guessers[3]).exists()


def test_guessing_through_the_join_link_is_limited_too(client, group, newcomer):
    client.force_login(newcomer)
    for n in range(10):
        assert client.get(url("learner:join", f"ZZZ{n:03d}")).status_code == 400
    assert client.get(url("learner:join", group.join_code)).status_code == 429


def test_right_codes_do_not_count(client, group, newcomer):
    client.force_login(newcomer)
    for _n in range(15):
        assert client.get(url("learner:join", group.join_code)).status_code == 200


# --- A new code --------------------------------------------------------------------------------


def test_the_facilitator_replaces_the_code_and_the_old_one_stops(
    client, group, facilitator, newcomer
):
    old = group.join_code
    client.force_login(facilitator)
    response = client.post(url("facilitation:join_code_new", group.pk))
    assert response.status_code == 302
    group.refresh_from_db()
    assert group.join_code != old
    client.force_login(newcomer)
    assert client.post(url("learner:join_form"), {"code": old}).status_code == 400
    joined = client.post(url("learner:join_form"), {"code": group.join_code})
    assert joined.status_code == 302
    assert Membership.objects.filter(group=group, learner=newcomer).exists()


def test_only_the_groups_facilitator_replaces_the_code(
    client, group, facilitator, other_facilitator, members
):
    old = group.join_code
    for person in (other_facilitator, members[0]):
        client.force_login(person)
        assert client.post(url("facilitation:join_code_new", group.pk)).status_code == 404
    client.force_login(facilitator)
    assert client.get(url("facilitation:join_code_new", group.pk)).status_code == 405
    group.refresh_from_db()
    assert group.join_code == old


# --- Approval ------------------------------------------------------------------------------------


@pytest.fixture
def strict_group(group):
    group.join_needs_approval = True
    group.save()
    return group


def test_with_approval_a_join_waits(client, strict_group, newcomer):
    client.force_login(newcomer)
    response = client.post(url("learner:join_form"), {"code": strict_group.join_code}, follow=True)
    assert not Membership.objects.filter(learner=newcomer).exists()
    assert JoinRequest.objects.filter(group=strict_group, learner=newcomer).exists()
    assert response.context["pending"] is True
    assert pt("Waiting for approval: the facilitator will accept you into the group.") in (
        response.content.decode()
    )


def test_the_facilitator_accepts_a_pending_join(client, strict_group, facilitator, newcomer):
    client.force_login(newcomer)
    client.post(url("learner:join_form"), {"code": strict_group.join_code})
    pending = JoinRequest.objects.get(learner=newcomer)
    client.force_login(facilitator)
    settings_page = client.get(url("facilitation:settings", strict_group.pk))
    assert pending in settings_page.context["join_requests"]
    response = client.post(
        url("facilitation:join_request", strict_group.pk, pending.pk), {"decision": "approve"}
    )
    assert response.status_code == 302
    assert Membership.objects.filter(group=strict_group, learner=newcomer).exists()
    assert not JoinRequest.objects.exists()


def test_the_facilitator_declines_a_pending_join(client, strict_group, facilitator, newcomer):
    pending = JoinRequest.objects.create(group=strict_group, learner=newcomer)
    client.force_login(facilitator)
    client.post(
        url("facilitation:join_request", strict_group.pk, pending.pk), {"decision": "decline"}
    )
    assert not JoinRequest.objects.exists()
    assert not Membership.objects.filter(learner=newcomer).exists()


def test_capacity_is_counted_on_approval(client, strict_group, members, facilitator, newcomer):
    pending = JoinRequest.objects.create(group=strict_group, learner=newcomer)
    strict_group.capacity = len(members)
    strict_group.save()
    client.force_login(facilitator)
    response = client.post(
        url("facilitation:join_request", strict_group.pk, pending.pk),
        {"decision": "approve"},
        follow=True,
    )
    assert (
        pt(
            "This group is full (%(count)s of %(capacity)s places).",
            count=len(members),
            capacity=len(members),
        )
        in response.content.decode()
    )
    assert not Membership.objects.filter(learner=newcomer).exists()
    assert JoinRequest.objects.filter(pk=pending.pk).exists()


def test_another_facilitator_cannot_decide(client, strict_group, other_facilitator, newcomer):
    pending = JoinRequest.objects.create(group=strict_group, learner=newcomer)
    client.force_login(other_facilitator)
    response = client.post(
        url("facilitation:join_request", strict_group.pk, pending.pk), {"decision": "approve"}
    )
    assert response.status_code == 404
    assert not Membership.objects.filter(learner=newcomer).exists()


def test_approval_is_a_group_setting(client, group, facilitator):
    client.force_login(facilitator)
    form = client.get(url("facilitation:settings", group.pk)).context["form"]
    data = {
        key: value
        for key, value in form.initial.items()
        if key in form.fields and value is not None and key != "facilitators"
    }
    data["facilitators"] = [facilitator.pk]
    data["join_needs_approval"] = "on"
    response = client.post(url("facilitation:settings", group.pk), data)
    assert response.status_code == 302
    group.refresh_from_db()
    assert group.join_needs_approval is True
