"""One guarded way in: every view that checks a password, found by walking the URL conf, is
refused while the account is locked, wherever the lock was made; failures are counted per
account whatever spelling of its phone number was typed."""

from __future__ import annotations

import types

import pytest
from allauth.account.views import LoginView as AllauthLoginView
from django.contrib.auth.views import LoginView as DjangoLoginView
from django.core.cache import cache
from django.urls import URLPattern, URLResolver, get_resolver, path, resolve
from django.utils import translation
from wagtail.admin.views.account import LoginView as WagtailAdminLoginView

from lms.accounts import guard
from lms.accounts.views import login_elsewhere
from tests.factories import PASSWORD, UserFactory

LOGIN_VIEW_CLASSES = (AllauthLoginView, DjangoLoginView)
LIMIT = 5  # ACCOUNT_RATE_LIMITS["login_failed_account"]
IP = "198.51.100.20"


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


def _walk(patterns, prefix=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _walk(pattern.url_patterns, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern), pattern.callback


def login_views() -> dict[str, object]:
    """Every URL pattern in the URL conf whose view checks a password (allauth's login and
    Django's LoginView with its Wagtail subclasses), shadowed or not: route -> view."""
    found = {}
    with translation.override("pt-br"):
        routes = list(_walk(get_resolver().url_patterns))
    for route, callback in routes:
        view_class = getattr(callback, "view_class", None)
        if view_class and issubclass(view_class, LOGIN_VIEW_CLASSES):
            found[route] = callback
    return found


def _label(callback) -> str:
    return f"{callback.view_class.__module__}.{callback.view_class.__name__}"


LOGIN_VIEWS = {_label(view): view for view in login_views().values()}


def _form(callback, login: str, password: str) -> dict:
    if issubclass(callback.view_class, AllauthLoginView):
        return {"login": login, "password": password}
    return {"username": login, "password": password}


@pytest.fixture
def under_test(settings, catalogue):
    """Serve every login view found at a URL of its own, next to the real URL conf, so each is
    tested as it would behave if it were reachable (the real URL conf redirects some)."""
    from lms import urls

    module = types.ModuleType("login_views_under_test")
    module.urlpatterns = [
        path(f"login-under-test/{n}/", view) for n, view in enumerate(LOGIN_VIEWS.values())
    ] + list(urls.urlpatterns)
    settings.ROOT_URLCONF = module
    return {label: f"/login-under-test/{n}/" for n, label in enumerate(LOGIN_VIEWS)}


def attempt(client, under_test, label, login, password):
    client.logout()
    client.post(under_test[label], _form(LOGIN_VIEWS[label], login, password), REMOTE_ADDR=IP)
    return "_auth_user_id" in client.session


def test_the_walk_finds_every_kind_of_login_view():
    classes = {view.view_class for view in LOGIN_VIEWS.values()}
    assert AllauthLoginView in classes
    assert WagtailAdminLoginView in classes  # /admin/login/
    assert DjangoLoginView in classes  # Wagtail's front-end /<lang>/_util/login/


def test_every_served_login_url_is_allauths_or_sends_there(client, catalogue):
    UserFactory(username="ana")
    routes = login_views()
    assert {"admin/login/", "pt-br/_util/login/", "pt-br/accounts/login/"} <= set(routes)
    for route in routes:
        served = resolve("/" + route).func
        if served is login_elsewhere:
            response = client.post(
                "/" + route + "?next=/admin/pages/",
                {"username": "ana", "login": "ana", "password": PASSWORD},
                REMOTE_ADDR=IP,
            )
            assert response.status_code == 302
            assert response["Location"] == "/pt-br/accounts/login/?next=/admin/pages/"
            assert "_auth_user_id" not in client.session
        else:
            assert served.view_class is AllauthLoginView, route


@pytest.mark.parametrize("label", list(LOGIN_VIEWS))
def test_each_login_view_refuses_the_right_password_once_locked(client, under_test, label):
    UserFactory(username="alvo")
    assert attempt(client, under_test, label, "alvo", PASSWORD)  # the view does log in
    for n in range(LIMIT):
        assert not attempt(client, under_test, label, "alvo", f"wrong-{n}")
    assert not attempt(client, under_test, label, "alvo", PASSWORD)
    cache.clear()  # the lock expires
    assert attempt(client, under_test, label, "alvo", PASSWORD)


@pytest.mark.parametrize("locked_on", list(LOGIN_VIEWS))
def test_a_lock_made_on_one_login_view_holds_on_the_others(client, under_test, locked_on):
    UserFactory(username="alvo")
    for n in range(LIMIT):
        attempt(client, under_test, locked_on, "alvo", f"wrong-{n}")
    for label in LOGIN_VIEWS:
        assert not attempt(client, under_test, label, "alvo", PASSWORD), label


def test_the_allauth_form_says_the_account_is_locked(client, catalogue):
    UserFactory(username="alvo", email="alvo@example.org")
    for n in range(LIMIT):
        client.post("/pt-br/accounts/login/", {"login": "alvo", "password": f"x{n}"})
    # A new spelling gets past allauth's own per-typed-login limit, not past the guard.
    response = client.post(
        "/es/accounts/login/", {"login": "ALVO@example.org", "password": PASSWORD}
    )
    assert "_auth_user_id" not in client.session
    assert "Demasiados intentos" in response.content.decode()


def test_phone_spellings_share_one_counter(client, catalogue):
    UserFactory(username="davi", phone="+5531987654321")
    spellings = [
        "+55 31 98765 4321",
        "+55 (31) 98765-4321",
        "+5531987654321",
        "+55-31-98765-4321",
        " +55 31 987654321 ",
    ]
    for n, spelling in enumerate(spellings):
        client.post("/pt-br/accounts/login/", {"login": spelling, "password": f"x{n}"})
    for login in ("+55 (31) 9 8765-4321", "davi"):
        client.post("/pt-br/accounts/login/", {"login": login, "password": PASSWORD})
        assert "_auth_user_id" not in client.session, login


def test_a_learner_who_mistypes_a_few_times_still_gets_in(client, catalogue):
    UserFactory(username="davi", phone="+5531987654321")
    for n in range(LIMIT - 1):
        client.post("/pt-br/accounts/login/", {"login": "+55 31 98765 4321", "password": f"x{n}"})
    client.post("/pt-br/accounts/login/", {"login": "+55 (31) 98765-4321", "password": PASSWORD})
    assert "_auth_user_id" in client.session


def test_unknown_identifiers_are_keyed_on_a_normalised_form(db):
    assert guard.login_keys(credentials={"username": " Fantasma "}) == ["unknown:fantasma"]
    assert guard.login_keys(credentials={"login": "+55 (31) 1234-5678"}) == guard.login_keys(
        credentials={"username": "+55 31 1234 5678"}
    )
    user = UserFactory(username="Maria", email="maria@example.org", phone="+56912345678")
    for typed in ("maria", "MARIA@example.org", "+56 9 1234 5678"):
        assert guard.login_keys(credentials={"username": typed}) == [f"account:{user.pk}"]


def test_other_accounts_on_the_same_connection_are_not_locked(client, catalogue):
    UserFactory(username="alvo")
    UserFactory(username="vizinha")
    for n in range(LIMIT):
        client.post("/pt-br/accounts/login/", {"login": "alvo", "password": f"x{n}"})
    client.post("/pt-br/accounts/login/", {"login": "vizinha", "password": PASSWORD})
    assert "_auth_user_id" in client.session


def test_a_password_reset_lifts_the_lock(client, catalogue):
    from allauth.account.signals import password_reset
    from django.test import RequestFactory

    user = UserFactory(username="alvo")
    for n in range(LIMIT):
        client.post("/pt-br/accounts/login/", {"login": "alvo", "password": f"x{n}"})
    request = RequestFactory().post("/")
    assert guard.login_is_locked(request=request, credentials={"username": "alvo"})
    password_reset.send(sender=type(user), request=request, user=user)
    assert not guard.login_is_locked(
        request=RequestFactory().post("/"), credentials={"username": "alvo"}
    )
