"""Each kind of event is written by the real action that it records."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile

from lms.accounts.models import User
from lms.audit.context import DEVICE_COOKIE
from lms.audit.models import AuditEvent, AuditKind
from lms.audit.services import audit_record, consent_record
from lms.cohorts.models import Membership
from lms.core.roles import Role
from tests.factories import PASSWORD, UserFactory
from tests.lms.facilitation.helpers import url

IP = "203.0.113.9"
AGENT = "Mozilla/5.0 (Linux; Android 10) Chrome/120"


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


def events(kind):
    return list(AuditEvent.objects.filter(kind=kind).order_by("pk"))


def test_sign_up_is_recorded_with_where_from(client, catalogue):
    client.post(
        "/pt-br/accounts/signup/",
        {
            "username": "joana",
            "password1": "uma-senha-boa-123",
            "password2": "uma-senha-boa-123",
            "preferred_language": "pt-br",
            "birth_year": "2001",
            "notice_accepted": "on",
        },
        REMOTE_ADDR=IP,
        HTTP_USER_AGENT=AGENT,
    )
    [event] = events(AuditKind.ACCOUNT_CREATED)
    user = User.objects.get(username="joana")
    assert event.subject == user and event.actor is None
    assert event.detail == {"how": "sign_up"}
    assert event.ip_address == IP and event.user_agent == AGENT


def test_facilitator_creates_an_account(client, group, facilitator):
    client.force_login(facilitator)
    client.post(
        url("facilitation:learner_new", group.pk),
        {"username": "nova.pessoa", "first_name": "Nova", "last_name": "Pessoa"},
        REMOTE_ADDR=IP,
    )
    [event] = events(AuditKind.ACCOUNT_CREATED)
    assert event.subject.username == "nova.pessoa"
    assert event.actor == facilitator and event.actor_username == "fac"
    assert event.detail == {"how": "facilitator", "group": group.pk}
    assert event.ip_address == IP  # taken from the request being answered


def test_csv_import_records_the_import_and_each_account(client, group, facilitator):
    client.force_login(facilitator)
    client.post(
        url("facilitation:import", group.pk),
        {
            "file": SimpleUploadedFile(
                "l.csv", b"username,first_name,last_name\nana.p,Ana,P\nbia.q,Bia,Q\n"
            )
        },
    )
    [imported] = events(AuditKind.ACCOUNTS_IMPORTED)
    assert imported.actor == facilitator and imported.detail == {"group": group.pk, "count": 2}
    created = events(AuditKind.ACCOUNT_CREATED)
    assert [e.subject_username for e in created] == ["ana.p", "bia.q"]
    assert {e.detail["how"] for e in created} == {"import"}


def test_a_refused_import_leaves_no_trace(client, group, facilitator):
    client.force_login(facilitator)
    client.post(
        url("facilitation:import", group.pk),
        {"file": SimpleUploadedFile("l.csv", b"username,first_name,last_name\n,Ana,P\n")},
    )
    assert not AuditEvent.objects.filter(
        kind__in=[AuditKind.ACCOUNTS_IMPORTED, AuditKind.ACCOUNT_CREATED]
    ).exists()


def test_facilitator_password_reset(client, group, members, facilitator):
    client.force_login(facilitator)
    client.post(url("facilitation:password", group.pk, members[0].pk), REMOTE_ADDR=IP)
    [event] = events(AuditKind.PASSWORD_RESET)
    assert event.actor == facilitator and event.subject == members[0]
    assert event.detail == {"how": "facilitator", "group": group.pk}


def test_password_reset_by_email(client, catalogue, mailoutbox):
    user = UserFactory(username="comemail", email="ana@example.org")
    client.post("/pt-br/accounts/password/reset/", {"email": "ana@example.org"})
    assert not events(AuditKind.PASSWORD_RESET)  # asking for the link changes nothing
    link = next(line for line in mailoutbox[0].body.splitlines() if "/password/reset/key/" in line)
    path = link[link.index("/pt-br/") :].strip()
    response = client.get(path, follow=True)
    form_url = response.redirect_chain[-1][0] if response.redirect_chain else path
    new = "outra-senha-boa-456"
    client.post(form_url, {"password1": new, "password2": new}, REMOTE_ADDR=IP)
    [event] = events(AuditKind.PASSWORD_RESET)
    assert event.subject == user and event.actor is None and event.detail == {"how": "email"}
    assert event.ip_address == IP


def test_role_changes_on_either_side_of_the_relation(roles, client):
    admin = UserFactory(username="boss", is_superuser=True, is_staff=True)
    person = UserFactory(username="pessoa")
    person.groups.add(roles[Role.FACILITATOR])
    roles[Role.MANAGER].user_set.add(person)
    person.groups.add(Group.objects.create(name="Not a role"))
    person.groups.remove(roles[Role.FACILITATOR])
    person.groups.clear()
    added = [e.detail["role"] for e in events(AuditKind.ROLE_ADDED)]
    removed = [e.detail["role"] for e in events(AuditKind.ROLE_REMOVED)]
    assert added == [Role.FACILITATOR.value, Role.MANAGER.value]
    assert removed == [Role.FACILITATOR.value, Role.MANAGER.value]
    assert {e.subject_id for e in AuditEvent.objects.all()} == {person.pk}
    assert admin.pk  # made before: no role, no event


def test_a_role_given_in_wagtails_user_editor_names_who_gave_it(roles, client):
    admin = UserFactory(username="boss", is_superuser=True, is_staff=True)
    person = UserFactory(username="pessoa", email="p@example.org")
    client.force_login(admin)
    response = client.post(
        f"/admin/users/edit/{person.pk}/",
        {
            "username": "pessoa",
            "email": "p@example.org",
            "first_name": "P",
            "last_name": "Q",
            "is_active": "on",
            "groups": [roles[Role.FACILITATOR].pk],
            "password1": "",
            "password2": "",
        },
        REMOTE_ADDR=IP,
    )
    assert response.status_code == 302, response.context["form"].errors
    [event] = events(AuditKind.ROLE_ADDED)
    assert event.subject == person and event.actor == admin and event.ip_address == IP


def test_exports_are_recorded(client, group, members, facilitator):
    client.force_login(facilitator)
    assert client.get(url("facilitation:export_csv", group.pk)).status_code == 200
    assert client.get(url("facilitation:export_xlsx", group.pk)).status_code == 200
    exported = events(AuditKind.EXPORT)
    assert [e.detail["format"] for e in exported] == ["csv", "xlsx"]
    assert all(e.actor == facilitator and e.detail["rows"] == 3 for e in exported)


def test_deleting_an_account_is_recorded_once_and_outlives_it(client, group, members, facilitator):
    learner = members[0]
    audit_record(kind=AuditKind.PASSWORD_RESET, actor=facilitator, subject=learner)
    learner_pk = learner.pk
    learner.delete()
    [deleted] = events(AuditKind.ACCOUNT_DELETED)
    assert deleted.subject is None and deleted.subject_username == "learner0"
    assert deleted.detail == {"user_id": learner_pk}
    # The member's rows went with the account: that is the one event, not two.
    assert not events(AuditKind.MEMBER_REMOVED)
    [reset] = events(AuditKind.PASSWORD_RESET)
    assert reset.subject is None and reset.subject_username == "learner0"
    facilitator.delete()
    reset.refresh_from_db()
    assert reset.actor is None and reset.actor_username == "fac"


def test_removing_a_member_from_a_group_is_recorded(group, members):
    Membership.objects.filter(group=group, learner=members[1]).delete()
    [event] = events(AuditKind.MEMBER_REMOVED)
    assert event.subject == members[1] and event.detail == {"group": group.pk}


def test_consent_changes_have_a_service_for_the_feature_to_come(db):
    person = UserFactory()
    consent_record(subject=person, purpose="research", given=True)
    [event] = events(AuditKind.CONSENT_CHANGED)
    assert event.subject == person and event.detail == {"purpose": "research", "given": True}


def login(client, username):
    return client.post(
        "/pt-br/accounts/login/",
        {"login": username, "password": PASSWORD},
        REMOTE_ADDR=IP,
        HTTP_USER_AGENT=AGENT,
    )


def test_a_login_from_a_new_device_is_recorded_and_the_same_device_is_not(client, catalogue):
    person = UserFactory(username="ana")
    response = login(client, "ana")
    assert response.status_code == 302
    assert DEVICE_COOKIE in response.cookies and response.cookies[DEVICE_COOKIE]["httponly"]
    [first] = events(AuditKind.LOGIN_NEW_DEVICE)
    assert first.subject == person and first.ip_address == IP
    device = client.cookies[DEVICE_COOKIE].value
    client.logout()  # the test client forgets every cookie: give the device's back
    client.cookies[DEVICE_COOKIE] = device
    login(client, "ana")  # the same browser
    assert len(events(AuditKind.LOGIN_NEW_DEVICE)) == 1
    client.logout()
    login(client, "ana")  # a browser never seen before
    assert len(events(AuditKind.LOGIN_NEW_DEVICE)) == 2


def test_a_shared_phone_is_a_new_device_for_each_person(client, catalogue):
    UserFactory(username="ana")
    UserFactory(username="bia")
    login(client, "ana")
    client.logout()
    login(client, "bia")
    assert [e.subject_username for e in events(AuditKind.LOGIN_NEW_DEVICE)] == ["ana", "bia"]


def test_a_forged_device_cookie_counts_as_a_new_device(client, catalogue):
    UserFactory(username="ana")
    login(client, "ana")
    known = events(AuditKind.LOGIN_NEW_DEVICE)[0].detail["device"]
    client.logout()
    client.cookies[DEVICE_COOKIE] = "x" * 30  # unsigned
    login(client, "ana")
    devices = [e.detail["device"] for e in events(AuditKind.LOGIN_NEW_DEVICE)]
    assert len(devices) == 2 and devices[1] != known
