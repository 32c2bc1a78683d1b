"""Two-step verification: required of superusers, programme managers and curriculum reviewers
(when RUMO_REQUIRE_MFA is on), offered to facilitators, asked for by the one login page (the
admin's included), and not to be got round by a session opened without it."""

from __future__ import annotations

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import (
    TOTP,
    format_hotp_value,
    generate_totp_secret,
    hotp_value,
    yield_hotp_counters_from_time,
)
from django.contrib.auth.models import Group
from django.core.cache import cache

from lms.core.roles import Role
from tests.factories import PASSWORD, UserFactory

LOGIN = "/pt-br/accounts/login/"
SETUP = "/pt-br/accounts/2fa/totp/activate/"
CODE = "/pt-br/accounts/2fa/authenticate/"
REAUTHENTICATE = "/pt-br/accounts/reauthenticate/"


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def required(settings):
    settings.RUMO_REQUIRE_MFA = True


def person(kind: str, **fields):
    if kind == "superuser":
        return UserFactory(is_superuser=True, is_staff=True, **fields)
    user = UserFactory(**fields)
    if kind != "nobody":
        user.groups.add(Group.objects.get_or_create(name=Role[kind.upper()].value)[0])
    return user


def code(secret: str) -> str:
    return format_hotp_value(hotp_value(secret, next(yield_hotp_counters_from_time())))


def enrol(user) -> str:
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    return secret


def reauthenticate(client):
    """allauth asks for the password again before an authenticator is added."""
    response = client.get(SETUP)
    assert response["Location"].startswith(REAUTHENTICATE)
    client.post(response["Location"], {"password": PASSWORD})


def log_in(client, user, next_url=""):
    url = LOGIN + (f"?next={next_url}" if next_url else "")
    return client.post(url, {"login": user.username, "password": PASSWORD})


@pytest.mark.parametrize("kind", ["superuser", "manager", "reviewer"])
def test_required_roles_are_sent_to_set_it_up_before_the_site_or_admin(
    client, catalogue, required, kind
):
    user = person(kind)
    log_in(client, user)
    for url in ("/pt-br/learn/", "/admin/", "/pt-br/facilitate/"):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"] == SETUP, url
    reauthenticate(client)
    assert client.get(SETUP).status_code == 200


@pytest.mark.parametrize("kind", ["facilitator", "author", "learner"])
def test_other_roles_are_not_required_to(client, catalogue, required, kind):
    log_in(client, person(kind))
    assert client.get("/pt-br/learn/").status_code == 200


def test_not_required_when_the_setting_is_off(client, catalogue, settings):
    settings.RUMO_REQUIRE_MFA = False
    log_in(client, person("manager"))
    assert client.get("/pt-br/facilitate/").status_code == 200


def test_setting_it_up_opens_the_site(transactional_db, client, catalogue, required):
    # Real commits: allauth announces the new authenticator once its transaction commits.
    log_in(client, person("manager"))
    reauthenticate(client)
    page = client.get(SETUP)
    assert 'src="data:image/svg+xml;base64,' in page.content.decode()  # the QR code
    secret = client.session["mfa.totp.secret"]
    response = client.post(SETUP, {"code": code(secret)})
    assert response.status_code == 302
    assert client.get(response["Location"]).status_code == 200  # the recovery codes
    assert client.get("/pt-br/facilitate/").status_code == 200


def test_once_set_up_the_login_asks_for_the_code(client, catalogue, required):
    user = person("manager")
    secret = enrol(user)
    response = log_in(client, user)
    assert response["Location"] == CODE
    assert "_auth_user_id" not in client.session
    response = client.post(CODE, {"code": code(secret)})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)
    assert client.get("/pt-br/facilitate/").status_code == 200


def test_the_admin_login_asks_for_the_code(client, catalogue):
    user = person("superuser")
    secret = enrol(user)
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"] == f"{LOGIN}?next=/admin/"
    response = log_in(client, user, next_url="/admin/")
    assert response["Location"].startswith(CODE)
    assert client.get("/admin/").status_code == 302  # not in yet
    response = client.post(CODE, {"code": code(secret)})
    assert response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_a_session_opened_without_the_code_is_closed(client, catalogue):
    """Whatever login view opened it (here Django's login itself)."""
    user = person("reviewer")
    enrol(user)
    client.force_login(user)
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN)
    assert "_auth_user_id" not in client.session


def test_recovery_codes_are_made_with_the_app(client, catalogue, required):
    user = person("reviewer")
    log_in(client, user)
    reauthenticate(client)
    client.get(SETUP)
    client.post(SETUP, {"code": code(client.session["mfa.totp.secret"])})
    kinds = set(Authenticator.objects.filter(user=user).values_list("type", flat=True))
    assert kinds == {Authenticator.Type.TOTP, Authenticator.Type.RECOVERY_CODES}


@pytest.mark.parametrize(
    ("kind", "offered"),
    [("facilitator", True), ("manager", True), ("reviewer", True), ("learner", False)],
)
def test_the_link_is_offered_to_facilitators_and_required_roles(client, catalogue, kind, offered):
    client.force_login(person(kind))
    page = client.get("/es/learn/").content.decode()
    assert ('href="/es/accounts/2fa/"' in page) is offered


def test_the_pages_speak_the_persons_language(client, catalogue):
    client.force_login(person("facilitator"))
    page = client.get("/es/accounts/2fa/").content.decode()
    assert 'lang="es"' in page
    assert "Aplicación de autenticación" in page and "Authenticator" not in page


def test_signed_in_pages_cost_no_query_for_it(rf, db, required, django_assert_num_queries):
    from lms.accounts.mfa import SESSION_KEY, MfaMiddleware

    request = rf.get("/pt-br/learn/")
    request.user = person("manager")
    request.session = {SESSION_KEY: "ok"}  # decided at login
    with django_assert_num_queries(0):
        assert MfaMiddleware(lambda r: None).process_view(request, None, (), {}) is None
