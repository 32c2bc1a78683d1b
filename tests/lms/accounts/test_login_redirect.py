"""Where people land after logging in: their own place, in their own language, unless the
link they followed says where to go next."""

import pytest
from django.contrib.auth.models import Group
from django.core.cache import cache

from lms.core.roles import Role
from tests.factories import PASSWORD, UserFactory

LOGIN = "/pt-br/accounts/login/"


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


def log_in(client, *roles: Role, next_url: str = "", **fields):
    user = UserFactory(**fields)
    for role in roles:
        user.groups.add(Group.objects.get_or_create(name=role.value)[0])
    data = {"login": user.username, "password": PASSWORD}
    if next_url:
        data["next"] = next_url
    return client.post(LOGIN, data)


@pytest.mark.parametrize(
    ("roles", "landing"),
    [
        ((), "/es/learn/"),
        ((Role.LEARNER,), "/es/learn/"),
        ((Role.FACILITATOR,), "/es/facilitate/"),
        ((Role.MANAGER,), "/es/facilitate/"),
        ((Role.AUTHOR,), "/admin/"),
        ((Role.REVIEWER,), "/admin/"),
        # Someone who also takes courses keeps their path; facilitation comes first.
        ((Role.AUTHOR, Role.LEARNER), "/es/learn/"),
        ((Role.AUTHOR, Role.FACILITATOR), "/es/facilitate/"),
    ],
)
def test_each_role_lands_on_its_own_page(client, catalogue, roles, landing):
    response = log_in(client, *roles, preferred_language="es")
    assert response.status_code == 302
    assert response["Location"] == landing


def test_next_still_wins(client, catalogue):
    response = log_in(client, Role.AUTHOR, next_url="/pt-br/learn/refreshers/")
    assert response["Location"] == "/pt-br/learn/refreshers/"
    client.logout()
    response = log_in(client, Role.FACILITATOR, next_url="/pt-br/learn/join/ABC234/")
    assert response["Location"] == "/pt-br/learn/join/ABC234/"
