"""Every facilitator and manager URL, tried as each kind of visitor, with the exact outcome:
anonymous visitors are sent to log in; learners (members or not) get 403 on the
facilitation area and 404 on any group; another group's facilitator sees only their own
list; someone still assigned to the group whose facilitator role was taken away is treated
like a learner (403 on the area, 404 on the group); the group's facilitator and the programme
manager get through."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group

from lms.cohorts.models import JoinRequest
from lms.core.roles import Role
from lms.facilitation.services import note_about_learner_create
from tests.lms.facilitation.helpers import url as _url
from tests.lms.facilitation.helpers import with_role

ANONYMOUS, LEARNER, MEMBER, OTHER_FACILITATOR, FACILITATOR, MANAGER, FORMER = (
    "anonymous",
    "learner",
    "member learner",
    "other group's facilitator",
    "own facilitator",
    "manager",
    "assigned but role removed",
)
ROLES = [ANONYMOUS, LEARNER, MEMBER, OTHER_FACILITATOR, FACILITATOR, MANAGER, FORMER]
LOGIN = "login"  # a redirect to the login page

# name, method, whether it is about one group, outcome for own facilitator and manager
URLS = [
    ("groups", "get", False, 200),
    ("group_new", "get", False, 200),
    ("group", "get", True, 200),
    ("settings", "get", True, 200),
    ("join_code_new", "post", True, 302),
    ("join_request", "post", True, 302),
    ("schedule", "get", True, 200),
    ("attendance", "get", True, 200),
    ("attendance_undo", "post", True, 302),  # nothing to undo: back to the register
    ("session_mode", "get", True, 200),
    ("learner_new", "get", True, 200),
    ("import", "get", True, 200),
    ("learner", "get", True, 200),
    ("password", "post", True, 200),
    ("note_add", "post", True, 302),
    ("note_remove", "post", True, 302),
    ("export_csv", "get", True, 200),
    ("export_xlsx", "get", True, 200),
]


def reverse(name: str, args=()) -> str:
    return _url(name, *args)


def expected(role: str, about_group: bool, allowed: int):
    if role == ANONYMOUS:
        return LOGIN
    if role in (LEARNER, MEMBER, FORMER):
        return 404 if about_group else 403
    if role == OTHER_FACILITATOR:
        return 404 if about_group else 200
    return allowed


def _assigned_but_role_removed(group):
    former = with_role(Role.FACILITATOR, username="former-fac", country="BR")
    group.facilitators.add(former)
    former.groups.remove(Group.objects.get(name=Role.FACILITATOR.value))
    former.groups.add(Group.objects.get(name=Role.LEARNER.value))
    return former


@pytest.fixture
def visitors(members, facilitator, other_facilitator, other_group, manager, roles, group):
    return {
        FORMER: _assigned_but_role_removed(group),
        ANONYMOUS: None,
        LEARNER: with_role(Role.LEARNER, username="outsider"),
        MEMBER: members[0],
        OTHER_FACILITATOR: other_facilitator,
        FACILITATOR: facilitator,
        MANAGER: manager,
    }


def url_for(name: str, group, members, note, join_request) -> str:
    scheduled = group.schedule.order_by("date").first()
    args = {
        "groups": [],
        "group_new": [],
        "attendance": [group.pk, scheduled.pk],
        "attendance_undo": [group.pk, scheduled.pk],
        "session_mode": [group.pk, scheduled.pk],
        "learner": [group.pk, members[1].pk],
        "password": [group.pk, members[1].pk],
        "note_remove": [group.pk, note.pk],
        "join_request": [group.pk, join_request.pk],
    }.get(name, [group.pk])
    return reverse(f"facilitation:{name}", args=args)


@pytest.mark.parametrize("role", ROLES)
def test_permission_matrix(client, role, visitors, group, members, facilitator):
    outcomes = {}
    for name, method, _about_group, _allowed in URLS:
        # A fresh note each time: the author deleting it is one of the outcomes.
        note = note_about_learner_create(
            group=group, learner=members[1], author=facilitator, text="Falou pouco hoje."
        )
        # A fresh pending join each time: declining it is one of the outcomes.
        join_request, _created = JoinRequest.objects.get_or_create(
            group=group, learner=visitors[LEARNER]
        )
        user = visitors[role]
        client.logout()
        if user is not None:
            client.force_login(user)
        url = url_for(name, group, members, note, join_request)
        data = {
            "note_add": {"learner": members[1].pk, "text": "Nota"},
            "join_request": {"decision": "decline"},
        }.get(name, {})
        response = getattr(client, method)(url, data)
        outcome = response.status_code
        if outcome == 302 and "/accounts/login/" in response["Location"]:
            outcome = LOGIN
        outcomes[name] = outcome
    assert outcomes == {
        name: expected(role, about_group, allowed) for name, _m, about_group, allowed in URLS
    }


def test_manager_of_another_country_sees_nothing_of_the_group(client, group, roles):
    chile = with_role(Role.MANAGER, username="manager-cl", country="CL")
    client.force_login(chile)
    assert client.get(reverse("facilitation:groups")).status_code == 200
    assert group.name not in client.get(reverse("facilitation:groups")).content.decode()
    assert client.get(reverse("facilitation:group", args=[group.pk])).status_code == 404


def test_notes_are_kept_from_everyone_outside_the_group(client, group, members, facilitator):
    note_about_learner_create(
        group=group, learner=members[0], author=facilitator, text="Nota muito privada"
    )
    client.force_login(members[0])
    for url in (
        reverse("learner:path"),
        reverse("facilitation:learner", args=[group.pk, members[0].pk]),
    ):
        response = client.get(url)
        assert "Nota muito privada" not in response.content.decode()
    client.force_login(facilitator)
    page = client.get(reverse("facilitation:learner", args=[group.pk, members[0].pk]))
    assert "Nota muito privada" in page.content.decode()
