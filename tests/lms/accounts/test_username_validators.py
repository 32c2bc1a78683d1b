"""Usernames are NFKC-normalised and may not mix alphabets or be written entirely in
letters that look Latin: nobody can pass as someone else with a lookalike name."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.core.exceptions import ValidationError

from lms.accounts.models import User
from lms.accounts.validators import username_normalise, validate_username_script
from tests.factories import UserFactory

SIGNUP = "/pt-br/accounts/signup/"


@pytest.mark.parametrize(
    ("typed", "stored"),
    [("ａｎａ", "ana"), ("ＡＮＡ", "ANA"), ("ana²", "ana2"), ("ﬁlipe", "filipe"), (" ana ", "ana")],
)
def test_usernames_are_normalised(typed, stored):
    assert username_normalise(typed) == stored


@pytest.mark.parametrize(
    "name",
    ["ana", "joão.silva", "josé_pérez", "ñandú", "maria-2", "ana@rumo", "Μαρία", "Пётр", "李明"],
)
def test_one_alphabet_is_fine(name):
    validate_username_script(username_normalise(name))


@pytest.mark.parametrize(
    "name",
    [
        "аdmin",  # Cyrillic а
        "pοrto",  # Greek ο
        "ana٣",  # Arabic-Indic digit in a Latin name
        "асе",  # Cyrillic only, every letter looks Latin
        "ΑΒΕ",  # Greek capitals that look Latin
    ],
)
def test_mixed_or_lookalike_alphabets_are_refused(name):
    with pytest.raises(ValidationError):
        validate_username_script(username_normalise(name))


@pytest.fixture
def clean_rate_limits():
    cache.clear()
    yield
    cache.clear()


def _signup(client, username):
    return client.post(
        SIGNUP,
        {
            "username": username,
            "password1": "uma-senha-boa-123",
            "password2": "uma-senha-boa-123",
            "birth_year": "2000",
            "notice_accepted": "on",
            "preferred_language": "pt-br",
        },
    )


@pytest.mark.parametrize("username", ["ｊｏａｎａ", "ＪＯＡＮＡ", "jоana", "јоаnа"])
def test_sign_up_refuses_a_lookalike_of_an_existing_username(
    client, catalogue, clean_rate_limits, username
):
    UserFactory(username="joana")
    response = _signup(client, username)
    assert response.status_code == 200  # the form again, with the error
    assert response.context["form"].errors["username"]
    assert User.objects.count() == 1


def test_sign_up_stores_the_normalised_username(client, catalogue, clean_rate_limits):
    assert _signup(client, "ｄａｖｉ").status_code == 302
    assert User.objects.filter(username="davi").exists()
