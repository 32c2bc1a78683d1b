"""The follow-up list: response rates per round kind, per group and programme, and the people
not reached; each viewer sees only their groups; a constant number of queries."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from lms.core.roles import Role
from lms.surveys.follow_up import follow_up_overview
from lms.surveys.models import Round, RoundKind
from tests.lms.facilitation.helpers import url, with_role
from tests.lms.surveys.conftest import consent, enrol


def _rounds(group, count, *, kind=RoundKind.BASELINE, days_ago=30, answered=0, prefix="p"):
    """``count`` consenting members of ``group`` with an open round of ``kind`` due
    ``days_ago``, the first ``answered`` of them answered."""
    people = []
    for n in range(count):
        person = with_role(Role.LEARNER, username=f"{prefix}{group.pk}-{kind}-{n}")
        consent(person)  # before enrolling: no baseline of its own comes with it
        enrol(group, person)
        Round.objects.update_or_create(
            person=person,
            curriculum_key=group.curriculum_key,
            kind=kind,
            defaults={
                "group": group,
                "programme": group.programme,
                "due_on": timezone.localdate() - timedelta(days=days_ago),
                "opened_at": timezone.now() - timedelta(days=days_ago),
                "completed_at": timezone.now() if n < answered else None,
            },
        )
        people.append(person)
    return people


def test_rates_and_people_not_reached(facilitator, group, other_group):
    people = _rounds(group, 4, answered=1)
    _rounds(group, 2, kind=RoundKind.MONTH_6, days_ago=3)  # still within two weeks
    _rounds(other_group, 3)
    overview = follow_up_overview(user=facilitator, today=timezone.localdate())
    assert [row.label for row in overview.groups] == ["Grupo Itabira"]
    rates = overview.groups[0].rates
    assert (rates["baseline"].opened, rates["baseline"].answered) == (4, 1)
    assert rates["baseline"].percent == 25
    assert rates["baseline"].not_reached == 3
    assert (rates["m6"].opened, rates["m6"].answered, rates["m6"].not_reached) == (2, 0, 0)
    assert [r.person for r in overview.not_reached] == sorted(people[1:], key=lambda p: p.username)
    assert overview.programmes[0].label == "CRESCER"
    assert overview.programmes[0].rates["baseline"].opened == 4


def test_closed_rounds_are_not_counted_nor_listed(facilitator, group):
    people = _rounds(group, 2)
    Round.objects.filter(person=people[0]).update(closed_at=timezone.now())
    overview = follow_up_overview(user=facilitator, today=timezone.localdate())
    assert overview.groups[0].rates["baseline"].opened == 1
    assert [r.person for r in overview.not_reached] == [people[1]]


def test_manager_sees_their_country_facilitator_their_groups(
    client, facilitator, other_facilitator, manager, group, other_group
):
    mine = _rounds(group, 1)[0]
    theirs = _rounds(other_group, 1)[0]
    for user, seen, unseen in (
        (facilitator, mine, theirs),
        (other_facilitator, theirs, mine),
        (manager, mine, theirs),
    ):
        client.force_login(user)
        html = client.get(url("surveys_facilitation:follow_up")).content.decode()
        assert seen.username in html
        assert unseen.username not in html


def test_learners_get_403(client, learner):
    client.force_login(learner)
    assert client.get(url("surveys_facilitation:follow_up")).status_code == 403


def test_group_filter_answers_404_for_a_group_not_yours(client, facilitator, group, other_group):
    client.force_login(facilitator)
    page = url("surveys_facilitation:follow_up")
    everything = client.get(page).content.decode()
    assert f'href="?group={group.pk}"' in everything
    one = client.get(page, {"group": group.pk})
    assert one.status_code == 200
    assert one.context["overview"].filtered
    assert [row.label for row in one.context["overview"].groups] == ["Grupo Itabira"]
    assert client.get(page, {"group": other_group.pk}).status_code == 404
    for hostile in ("x", "0", "-1", "9" * 30, "１"):
        assert client.get(page, {"group": hostile}).status_code == 404


def test_page_in_both_languages(client, facilitator, group):
    _rounds(group, 2, answered=1)
    client.force_login(facilitator)
    pt = client.get(url("surveys_facilitation:follow_up")).content.decode()
    es = client.get(url("surveys_facilitation:follow_up", language="es")).content.decode()
    assert "Taxas de resposta" in pt
    assert "Tasas de respuesta" in es


@pytest.mark.parametrize("size", [2, 8])
def test_query_count_does_not_grow_with_people(client, manager, group, other_group, size):
    """The page's queries are the same for 2 and for 8 people per group and round."""
    _rounds(group, size, answered=1)
    _rounds(group, size, kind=RoundKind.MONTH_6)
    _rounds(other_group, size)
    client.force_login(manager)
    page = url("surveys_facilitation:follow_up")
    client.get(page)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(page)
    assert response.status_code == 200
    # the session's user, groups, rates, people not reached (roles come from the cache)
    assert len(queries) == 4, [q["sql"] for q in queries]
