"""Sign-up without email, login by username or phone, language choice, and rate limits tuned
for a class on one shared connection."""

import pytest
from django.core.cache import cache

from lms.accounts.models import User
from tests.factories import PASSWORD, UserFactory

SIGNUP = "/pt-br/accounts/signup/"
LOGIN = "/pt-br/accounts/login/"
CLASSROOM_IP = "203.0.113.7"


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


def signup(client, username, **extra):
    data = {
        "username": username,
        "password1": "uma-senha-boa-123",
        "password2": "uma-senha-boa-123",
        "birth_year": "2000",
        "notice_accepted": "on",
        "preferred_language": "es",
        **extra,
    }
    return client.post(SIGNUP, data, REMOTE_ADDR=CLASSROOM_IP)


def test_sign_up_with_username_only_and_land_on_my_path_in_my_language(client, catalogue):
    response = signup(client, "joana")
    assert response.status_code == 302
    assert response["Location"] == "/es/learn/"
    user = User.objects.get(username="joana")
    assert user.email == "" and user.phone == "" and user.preferred_language == "es"
    assert client.get("/es/learn/").status_code == 200


def test_sign_up_with_phone_then_log_in_with_it(client, catalogue):
    signup(client, "davi", phone="+55 (31) 98765-4321")
    assert User.objects.get(username="davi").phone == "+5531987654321"
    client.logout()
    response = client.post(LOGIN, {"login": "+55 31 98765 4321", "password": "uma-senha-boa-123"})
    assert response.status_code == 302
    assert client.get("/es/learn/").status_code == 200


def test_a_phone_number_cannot_be_used_twice(client, catalogue):
    UserFactory(phone="+5531987654321")
    response = signup(client, "outra", phone="+55 31 98765-4321")
    assert response.status_code == 200
    assert not User.objects.filter(username="outra").exists()


def test_a_class_of_25_signs_up_and_logs_in_from_one_ip(client, catalogue):
    for n in range(25):
        response = signup(client, f"aluno{n:02d}")
        assert response.status_code == 302, (n, response.status_code)
        client.logout()
    for n in range(25):
        response = client.post(
            LOGIN,
            {"login": f"aluno{n:02d}", "password": "uma-senha-boa-123"},
            REMOTE_ADDR=CLASSROOM_IP,
        )
        assert response.status_code == 302, (n, response.status_code)
        client.logout()
    assert User.objects.filter(username__startswith="aluno").count() == 25


def test_a_school_of_250_behind_one_address_logs_in_within_a_minute(client, rf, catalogue):
    """250 learners behind one NAT address, all arriving within the same minute (the load run
    in tests/perf measures it on a real server): 249 logins counted as allauth's login view
    counts each one, then the last learner logs in through the form and is not refused."""
    from allauth.core import ratelimit

    counted = rf.post(LOGIN, REMOTE_ADDR=CLASSROOM_IP)
    assert all(ratelimit.consume(counted, action="login") for _n in range(249))
    UserFactory(username="ultima")
    response = client.post(
        LOGIN, {"login": "ultima", "password": PASSWORD}, REMOTE_ADDR=CLASSROOM_IP
    )
    assert response.status_code == 302


def test_repeated_wrong_passwords_on_one_account_are_stopped(client, catalogue):
    UserFactory(username="alvo")
    statuses = [
        client.post(
            LOGIN, {"login": "alvo", "password": f"wrong-{n}"}, REMOTE_ADDR=CLASSROOM_IP
        ).status_code
        for n in range(6)
    ]
    assert statuses[:5] == [200] * 5  # the form again, with an error
    # Blocked now, even with the right password.
    response = client.post(LOGIN, {"login": "alvo", "password": PASSWORD}, REMOTE_ADDR=CLASSROOM_IP)
    assert response.status_code in (200, 429)
    assert "_auth_user_id" not in client.session
    if response.status_code == 200:
        assert response.context["form"].errors
    # Other learners on the same connection are not locked out.
    UserFactory(username="vizinha")
    response = client.post(
        LOGIN, {"login": "vizinha", "password": PASSWORD}, REMOTE_ADDR=CLASSROOM_IP
    )
    assert response.status_code == 302


def test_password_reset_mails_learners_who_have_an_email(client, catalogue, mailoutbox):
    UserFactory(username="comemail", email="maria@example.org")
    response = client.post("/pt-br/accounts/password/reset/", {"email": "maria@example.org"})
    assert response.status_code == 302
    assert len(mailoutbox) == 1 and mailoutbox[0].to == ["maria@example.org"]
    assert "/password/reset/key/" in mailoutbox[0].body
    # An unknown address gets the same answer on screen (no account enumeration); the mail
    # sent there only says that no account uses it.
    response = client.post("/pt-br/accounts/password/reset/", {"email": "ninguem@example.org"})
    assert response.status_code == 302
    assert "/password/reset/key/" not in mailoutbox[-1].body
