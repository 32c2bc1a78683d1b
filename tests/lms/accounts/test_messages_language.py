"""A message is shown in the language of the page that shows it, not of the page that
queued it (lms/core/messages.py)."""

import pytest
from django.contrib.messages import constants, get_messages
from django.contrib.messages.storage.base import Message
from django.core.cache import cache
from django.test import RequestFactory
from django.utils import translation
from django.utils.translation import gettext_lazy

from lms.core.messages import Localised, LocalisedMessageStorage, localised_text
from tests.factories import PASSWORD, UserFactory


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


def shown(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


def test_signing_up_on_a_portuguese_page_in_spanish_greets_in_spanish(client, catalogue):
    response = client.post(
        "/pt-br/accounts/signup/",
        {
            "username": "rosa",
            "password1": "uma-senha-boa-123",
            "password2": "uma-senha-boa-123",
            "birth_year": "2000",
            "notice_accepted": "on",
            "preferred_language": "es",
        },
        follow=True,
    )
    assert response.redirect_chain[-1][0] == "/es/learn/"
    assert shown(response) == ["Ha iniciado sesión exitosamente como rosa."]


def test_logging_in_on_a_portuguese_page_greets_a_spanish_speaker_in_spanish(client, catalogue):
    UserFactory(username="carmen", preferred_language="es")
    response = client.post(
        "/pt-br/accounts/login/", {"login": "carmen", "password": PASSWORD}, follow=True
    )
    assert response.redirect_chain[-1][0] == "/es/learn/"
    assert shown(response) == ["Ha iniciado sesión exitosamente como carmen."]


def test_logging_in_in_portuguese_greets_in_portuguese(client, catalogue):
    UserFactory(username="joana", preferred_language="pt-br")
    response = client.post(
        "/es/accounts/login/", {"login": "joana", "password": PASSWORD}, follow=True
    )
    assert response.redirect_chain[-1][0] == "/pt-br/learn/"
    assert shown(response) == ["Conectado com sucesso como joana."]


def _storage():
    request = RequestFactory().get("/")
    request.session = {}
    request.COOKIES = {}
    return LocalisedMessageStorage(request)


def test_lazy_and_localised_messages_are_read_in_the_current_language():
    storage = _storage()
    with translation.override("pt-br"):
        storage.add(constants.SUCCESS, gettext_lazy("Log in"))
        storage.add(constants.INFO, Localised(lambda: str(gettext_lazy("My path")) + "!"))
        storage.add(constants.INFO, "plain text stays as it is")
    with translation.override("es"):
        texts = [str(m) for m in storage]
    assert texts == ["Iniciar sesión", "Mi camino!", "plain text stays as it is"]
    assert [m.level for m in storage] == [constants.SUCCESS, constants.INFO, constants.INFO]


def test_stored_messages_are_plain_strings_that_survive_the_cookie():
    """Queued in one request, stored in the cookie, read by the next in another language."""
    from django.http import HttpResponse

    storage = _storage()
    with translation.override("pt-br"):
        storage.add(constants.SUCCESS, gettext_lazy("Log in"))
    response = HttpResponse()
    storage.update(response)
    cookie = response.cookies[storage.storages[0].cookie_name].value

    later = RequestFactory().get("/")
    later.session = {}
    later.COOKIES = {storage.storages[0].cookie_name: cookie}
    with translation.override("es"):
        assert [str(m) for m in LocalisedMessageStorage(later)] == ["Iniciar sesión"]


def test_a_message_that_renders_empty_in_every_language_is_not_queued():
    assert localised_text(lambda: "") == ""
    storage = _storage()
    storage.add(constants.INFO, Localised(lambda: ""))
    assert list(storage) == []
    assert Message(constants.INFO, "x") == Message(constants.INFO, "x")


def test_the_site_uses_the_localised_storage(rf, client, catalogue):
    response = client.get("/pt-br/accounts/login/")
    assert isinstance(get_messages(response.wsgi_request), LocalisedMessageStorage)
