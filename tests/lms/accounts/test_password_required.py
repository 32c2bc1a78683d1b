"""A password someone else chose (a facilitator's reset, an account made by a facilitator
or from a CSV file) is replaced by the learner's own at the next login, before anything
else, and the new one must differ."""

from datetime import date

import pytest
from django.core.cache import cache

from lms.accounts.models import User
from lms.accounts.services import roles_setup
from lms.cohorts.services import (
    group_create,
    learner_account_create,
    learner_password_reset,
    learners_import_csv,
    membership_join,
)
from lms.core.roles import Role
from tests.factories import PASSWORD, UserFactory

REQUIRED = "/pt-br/accounts/password/new/"
NEW = "minha-senha-nova-42"


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def flagged(db):
    return UserFactory(username="marta", preferred_language="pt-br", must_change_password=True)


@pytest.fixture
def facilitator(db):
    person = UserFactory(username="fac", country="BR")
    person.groups.add(roles_setup()[Role.FACILITATOR])
    return person


@pytest.fixture
def group(tree, facilitator):
    return group_create(
        name="Grupo Contagem",
        curriculum_key=tree["curriculum"].translation_key,
        facilitators=[facilitator],
        created_by=facilitator,
        country="BR",
        municipality="Contagem",
        start_date=date(2026, 3, 2),
    )


def test_facilitator_resets_and_accounts_they_create_must_be_changed(group, facilitator):
    learner = UserFactory(username="aprendiz")
    learner.groups.add(roles_setup()[Role.LEARNER])
    membership_join(group=group, learner=learner)
    assert not learner.must_change_password
    password = learner_password_reset(group=group, learner=learner, reset_by=facilitator)
    learner.refresh_from_db()
    assert learner.check_password(password) and learner.must_change_password

    user, _password = learner_account_create(
        group=group, username="novo.aluno", first_name="Novo", created_by=facilitator
    )
    assert User.objects.get(pk=user.pk).must_change_password

    report = learners_import_csv(
        group=group,
        csv_text="username;first_name;last_name;password\nde.csv;Ana;Lima;senha-do-arquivo-1\n",
        created_by=facilitator,
    )
    assert report.ok, report
    assert User.objects.get(username="de.csv").must_change_password


def test_people_who_sign_up_themselves_are_not_asked(client, catalogue):
    client.post(
        "/pt-br/accounts/signup/",
        {
            "username": "sozinha",
            "password1": "uma-senha-boa-123",
            "password2": "uma-senha-boa-123",
            "birth_year": "2000",
            "notice_accepted": "on",
            "preferred_language": "pt-br",
        },
    )
    assert not User.objects.get(username="sozinha").must_change_password
    assert client.get("/pt-br/learn/").status_code == 200


def test_after_logging_in_every_page_leads_to_the_change(client, catalogue, flagged):
    response = client.post(
        "/pt-br/accounts/login/", {"login": "marta", "password": PASSWORD}, follow=True
    )
    assert response.redirect_chain[-1] == (f"{REQUIRED}?next=%2Fpt-br%2Flearn%2F", 302)
    assert "Escolha sua própria senha" in response.content.decode()
    for url in (
        "/pt-br/learn/",
        "/pt-br/",
        "/es/learn/life-plan/",
        "/pt-br/accounts/password/change/",
    ):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/pt-br/accounts/password/new/?next=") or (
            response["Location"].startswith("/es/accounts/password/new/?next=")
        ), url
    # Posting elsewhere is refused too (no skipping by sending a form).
    response = client.post("/pt-br/learn/life-plan/", {"dreams": "x"})
    assert response.status_code == 302 and response["Location"] == REQUIRED


def test_the_learner_may_log_out_or_switch_language_instead(client, catalogue, flagged):
    client.force_login(flagged)
    response = client.post("/pt-br/learn/language/", {"language": "es", "next": REQUIRED})
    assert response.status_code == 302 and response["Location"] == REQUIRED
    response = client.post("/pt-br/accounts/logout/")
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def test_the_new_password_must_differ_and_be_typed_twice(client, catalogue, flagged):
    client.force_login(flagged)
    response = client.post(REQUIRED, {"password1": PASSWORD, "password2": PASSWORD})
    assert response.status_code == 200
    assert "Escolha uma senha nova, não a que seu facilitador deu." in response.content.decode()
    response = client.post(REQUIRED, {"password1": NEW, "password2": NEW + "x"})
    assert response.status_code == 200
    assert "As duas senhas não são iguais." in response.content.decode()
    response = client.post(REQUIRED, {"password1": "12345678", "password2": "12345678"})
    assert response.status_code == 200  # the site's password rules apply
    flagged.refresh_from_db()
    assert flagged.must_change_password and flagged.check_password(PASSWORD)


def test_choosing_a_new_password_keeps_the_learner_in_and_goes_on(client, catalogue, flagged):
    client.force_login(flagged)
    response = client.post(
        REQUIRED, {"password1": NEW, "password2": NEW, "next": "/pt-br/learn/join/ABC234/"}
    )
    assert response.status_code == 302
    assert response["Location"] == "/pt-br/learn/join/ABC234/"
    flagged.refresh_from_db()
    assert not flagged.must_change_password and flagged.check_password(NEW)
    response = client.get("/pt-br/learn/")
    assert response.status_code == 200  # still logged in, no more detours
    assert [str(m) for m in response.context["messages"]] == [
        "Sua nova senha foi salva. Use-a a partir de agora."
    ]
    assert client.get(REQUIRED)["Location"] == "/pt-br/learn/"  # nothing left to do there


def test_next_may_not_lead_off_the_site(client, catalogue, flagged):
    client.force_login(flagged)
    response = client.post(
        REQUIRED, {"password1": NEW, "password2": NEW, "next": "https://evil.example/"}
    )
    assert response["Location"] == "/pt-br/learn/"


@pytest.mark.parametrize("target", ["a\x00b", "account_login", "learner:path"])
def test_next_that_is_not_a_path_is_ignored(client, catalogue, flagged, target):
    """Text that is not a path on this site (a view's name, a NUL byte) is not followed."""
    flagged.must_change_password = False
    flagged.save()
    client.force_login(flagged)
    response = client.get(REQUIRED, {"next": target})
    assert response.status_code == 302
    assert response["Location"] == "/pt-br/learn/"


def test_a_reset_by_email_also_counts_as_the_learners_own(client, catalogue, mailoutbox):
    user = UserFactory(username="comemail", email="ana@example.org", must_change_password=True)
    client.post("/pt-br/accounts/password/reset/", {"email": "ana@example.org"})
    link = next(line for line in mailoutbox[0].body.splitlines() if "/password/reset/key/" in line)
    path = link[link.index("/pt-br/") :].strip()
    response = client.get(path, follow=True)
    form_url = response.redirect_chain[-1][0] if response.redirect_chain else path
    client.post(form_url, {"password1": NEW, "password2": NEW})
    user.refresh_from_db()
    assert user.check_password(NEW) and not user.must_change_password


def test_visitors_are_sent_to_log_in(client, catalogue):
    response = client.get(REQUIRED)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


@pytest.mark.parametrize("target", ["a b", "learner:path", "a\x00b"])
def test_a_next_that_is_not_a_path_is_ignored(client, catalogue, target):
    """``redirect`` would try a bare word as a URL name and fail with a 500."""
    client.force_login(UserFactory())
    response = client.get(REQUIRED, {"next": target})
    assert response.status_code == 302
    assert target not in response["Location"]
