"""403, CSRF-failure, 404 and 500 pages: the site's layout, the page's language, a way
forward; and a refused request logged as one line, not a traceback."""

import io
import logging

import pytest
from django.test import Client
from django.urls import path

from lms.core.roles import Role
from lms.core.views import PLAIN_SERVER_ERROR
from tests.factories import UserFactory

from ..accounts.language_check import english_on_page


@pytest.fixture
def learner(db):
    from lms.accounts.services import roles_setup

    person = UserFactory(username="aprendiz")
    person.groups.add(roles_setup()[Role.LEARNER])
    return person


def assert_site_page(html: str, language: str) -> None:
    assert f'<html lang="{language}">' in html
    assert 'class="site-header"' in html and 'class="site-footer"' in html
    assert english_on_page(html) == []


@pytest.mark.parametrize(
    ("language", "title", "path_link"),
    [
        ("pt-br", "Esta página não é para a sua conta", "Meu caminho"),
        ("es", "Esta página no es para tu cuenta", "Mi camino"),
    ],
)
def test_a_learner_opening_the_facilitation_area_gets_a_403_page(
    client, catalogue, learner, language, title, path_link
):
    client.force_login(learner)
    response = client.get(f"/{language}/facilitate/")
    assert response.status_code == 403
    html = response.content.decode()
    assert_site_page(html, language)
    assert f"<h1>{title}</h1>" in html
    assert f'<a href="/{language}/learn/">{path_link}</a>' in html
    assert f'<a href="/{language}/">' in html


@pytest.mark.parametrize(
    ("language", "title", "login"),
    [
        ("pt-br", "Página não encontrada", "Entrar"),
        ("es", "Página no encontrada", "Iniciar sesión"),
    ],
)
def test_404_page_offers_home_and_log_in(client, catalogue, language, title, login):
    response = client.get(f"/{language}/no-such-page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert_site_page(html, language)
    assert f"<h1>{title}</h1>" in html
    assert f'<a href="/{language}/accounts/login/">{login}</a>' in html


@pytest.mark.parametrize(
    ("language", "title"),
    [("pt-br", "Não foi possível enviar o formulário"), ("es", "No se pudo enviar el formulario")],
)
def test_a_form_sent_without_its_csrf_token_gets_a_page_in_the_site_layout(
    catalogue, language, title
):
    client = Client(enforce_csrf_checks=True)
    response = client.post(f"/{language}/accounts/login/", {"login": "x", "password": "y"})
    assert response.status_code == 403
    html = response.content.decode()
    assert_site_page(html, language)
    assert f"<h1>{title}</h1>" in html


def _boom(request):
    raise RuntimeError("broken on purpose")


def _urls_with_a_broken_view():
    from django.conf.urls.i18n import i18n_patterns

    import lms.urls

    class URLs:
        urlpatterns = [
            *i18n_patterns(path("boom/", _boom), prefix_default_language=True),
            *lms.urls.urlpatterns,
        ]
        handler500 = lms.urls.handler500

    return URLs


@pytest.mark.parametrize(
    ("language", "title"), [("pt-br", "Algo deu errado"), ("es", "Algo salió mal")]
)
def test_500_page_is_in_the_site_layout_and_language(catalogue, settings, language, title):
    settings.ROOT_URLCONF = _urls_with_a_broken_view()
    client = Client(raise_request_exception=False)
    response = client.get(f"/{language}/boom/")
    assert response.status_code == 500
    html = response.content.decode()
    assert_site_page(html, language)
    assert f"<h1>{title}</h1>" in html


def test_500_page_falls_back_to_a_plain_page_when_the_layout_fails(
    catalogue, settings, monkeypatch
):
    settings.ROOT_URLCONF = _urls_with_a_broken_view()
    from lms.core import views

    def broken_template(name):
        raise RuntimeError("the database is down")

    monkeypatch.setattr(views.loader, "get_template", broken_template)
    response = Client(raise_request_exception=False).get("/es/boom/")
    assert response.status_code == 500
    assert response.content.decode() == PLAIN_SERVER_ERROR


@pytest.fixture
def console():
    """What the site's console handler writes (settings.LOGGING)."""
    handler = next(h for h in logging.getLogger().handlers if type(h) is logging.StreamHandler)
    stream = io.StringIO()
    previous = handler.setStream(stream)
    yield stream
    handler.setStream(previous)


def test_a_refused_request_is_logged_as_one_line(client, catalogue, learner, console):
    client.force_login(learner)
    assert client.get("/pt-br/facilitate/").status_code == 403
    assert console.getvalue() == "Forbidden (Permission denied): /pt-br/facilitate/\n"
    # Django's own console handler (used when DEBUG is on) is gone, so it is one line in
    # development too, not the same line and traceback twice.
    assert logging.getLogger("django").handlers == []


def test_other_errors_keep_their_traceback(catalogue, settings, console):
    settings.ROOT_URLCONF = _urls_with_a_broken_view()
    Client(raise_request_exception=False).get("/pt-br/boom/")
    logged = console.getvalue()
    assert logged.startswith("Internal Server Error: /pt-br/boom/\n")
    assert logged.count("Traceback (most recent call last)") == 1
    assert "RuntimeError: broken on purpose" in logged


def test_the_page_for_a_refused_request_needs_no_view_code():
    """Django renders 403.html for PermissionDenied and 403_csrf.html for CSRF failures;
    the templates exist, so neither falls back to Django's bare English page."""
    from django.template.loader import get_template

    for name in ("403.html", "403_csrf.html", "404.html", "500.html"):
        assert get_template(name).template.source.startswith('{% extends "base.html" %}')
