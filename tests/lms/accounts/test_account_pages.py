"""The sign-up, login and password pages: Rumo's own wording in pt-BR and es, nothing left
in English, a login field that says a phone number works, and a "forgot password" route for
the many accounts without an e-mail address."""

import pytest
from allauth.account.forms import default_token_generator
from allauth.account.utils import user_pk_to_url_str
from django.core.cache import cache

from tests.factories import PASSWORD, UserFactory

from .language_check import english_on_page

LANGUAGES = ["pt-br", "es"]
ANONYMOUS_PAGES = [
    "accounts/login/",
    "accounts/signup/",
    "accounts/password/reset/",
    "accounts/password/reset/done/",
    "accounts/password/reset/key/done/",
    "accounts/password/reset/key/1-bad-token/",
    "accounts/inactive/",
]
SIGNED_IN_PAGES = ["accounts/password/change/", "accounts/logout/"]


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("page", ANONYMOUS_PAGES)
def test_pages_for_visitors_are_in_one_language(client, catalogue, language, page):
    response = client.get(f"/{language}/{page}")
    assert response.status_code == 200
    html = response.content.decode()
    assert f'<html lang="{language}">' in html
    assert english_on_page(html) == []


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("page", SIGNED_IN_PAGES)
def test_pages_for_signed_in_people_are_in_one_language(client, catalogue, language, page):
    client.force_login(UserFactory())
    response = client.get(f"/{language}/{page}")
    assert response.status_code == 200
    assert english_on_page(response.content.decode()) == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_valid_reset_link_page_is_in_one_language(client, catalogue, language):
    user = UserFactory(email="maria@example.org")
    key = default_token_generator.make_token(user)
    url = f"/{language}/accounts/password/reset/key/{user_pk_to_url_str(user)}-{key}/"
    response = client.get(url, follow=True)  # allauth moves the key into the session
    assert response.status_code == 200
    assert 'name="password1"' in response.content.decode()
    assert english_on_page(response.content.decode()) == []


@pytest.mark.parametrize("language", LANGUAGES)
def test_form_errors_are_in_one_language(client, catalogue, language):
    UserFactory(username="alvo")
    response = client.post(
        f"/{language}/accounts/login/", {"login": "alvo", "password": "wrong-password"}
    )
    assert response.status_code == 200 and response.context["form"].errors
    assert english_on_page(response.content.decode()) == []
    response = client.post(
        f"/{language}/accounts/signup/",
        {"username": "x", "password1": "1", "password2": "2", "preferred_language": "es"},
    )
    assert response.context["form"].errors
    assert english_on_page(response.content.decode()) == []


def test_the_language_check_sees_english(client, catalogue):
    html = '<p>Já tem uma conta? <a href="/">sign in</a></p><input placeholder="Username">'
    assert english_on_page(html) == ["sign in", "Username"]


def test_sign_up_page_links_to_log_in_in_the_page_language(client, catalogue):
    html = client.get("/pt-br/accounts/signup/").content.decode()
    assert 'Já tem uma conta? <a href="/pt-br/accounts/login/">Entrar</a>' in html
    html = client.get("/es/accounts/signup/").content.decode()
    assert '¿Ya tienes una cuenta? <a href="/es/accounts/login/">Iniciar sesión</a>' in html


def test_the_login_field_says_a_phone_number_works(client, catalogue):
    html = client.get("/pt-br/accounts/login/").content.decode()
    assert '<label for="id_login">Nome de usuário, e-mail ou telefone:</label>' in html
    assert 'placeholder="Nome de usuário, e-mail ou telefone"' in html
    assert 'autocomplete="username"' in html
    html = client.get("/es/accounts/login/").content.decode()
    assert '<label for="id_login">Nombre de usuario, correo o teléfono:</label>' in html


def test_sign_up_language_choice_is_a_fieldset_with_a_legend(client, catalogue):
    html = client.get("/es/accounts/signup/").content.decode()
    fieldset = html[html.index("<fieldset") : html.index("</fieldset>")]
    assert "<legend>Idioma:</legend>" in fieldset
    assert fieldset.count('type="radio"') == 2


def test_forgot_password_sends_learners_without_email_to_their_facilitator(client, catalogue):
    login = client.get("/pt-br/accounts/login/").content.decode()
    assert '<a href="/pt-br/accounts/password/reset/">Esqueceu sua senha?</a>' in login
    page = client.get("/pt-br/accounts/password/reset/").content.decode()
    assert "Sua conta não tem e-mail? Peça ao seu facilitador" in page
    page = client.get("/es/accounts/password/reset/").content.decode()
    assert "¿Tu cuenta no tiene correo electrónico? Pídeselo a tu facilitador" in page
    done = client.get("/es/accounts/password/reset/done/").content.decode()
    assert "Pídeselo a tu facilitador" in done


def test_a_username_typed_into_the_reset_form_is_answered_with_the_facilitator(
    client, catalogue, mailoutbox
):
    UserFactory(username="semmail")
    response = client.post("/pt-br/accounts/password/reset/", {"email": "semmail"})
    assert response.status_code == 200
    assert "peça uma nova senha ao seu facilitador" in response.content.decode()
    assert mailoutbox == []


def test_logging_in_with_the_phone_still_works(client, catalogue):
    UserFactory(username="tel", phone="+5531987654321")
    response = client.post(
        "/pt-br/accounts/login/", {"login": "+55 31 98765-4321", "password": PASSWORD}
    )
    assert response.status_code == 302
    assert client.session.get("_auth_user_id")
