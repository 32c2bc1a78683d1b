"""The audit report in Wagtail's admin: who may read it, its filters, its CSV export, and a
row that outlives its user."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import pytest
from django.contrib.auth.models import Group, Permission
from django.utils import timezone

from lms.audit.models import AuditEvent, AuditKind
from lms.audit.services import audit_record
from lms.core.roles import Role
from tests.factories import UserFactory
from tests.lms.facilitation.helpers import with_role

REPORT = "/admin/reports/audit/"


@pytest.fixture
def admin(db):
    return UserFactory(username="boss", is_superuser=True, is_staff=True)


@pytest.fixture
def trail(db, admin):
    fac = UserFactory(username="fac")
    ana = UserFactory(username="ana")
    bia = UserFactory(username="bia")
    audit_record(kind=AuditKind.PASSWORD_RESET, actor=fac, subject=ana, detail={"how": "x"})
    audit_record(kind=AuditKind.EXPORT, actor=fac, subject=None, detail={"format": "csv"})
    old = audit_record(kind=AuditKind.ACCOUNT_CREATED, actor=None, subject=bia)
    AuditEvent.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=40))
    return {"fac": fac, "ana": ana, "bia": bia}


def kinds(response):
    # Logging in (force_login too) is itself a login from a new device: left out here.
    return [e.kind for e in response.context["object_list"] if e.kind != AuditKind.LOGIN_NEW_DEVICE]


@pytest.mark.parametrize("role", [Role.FACILITATOR, Role.MANAGER, Role.AUTHOR, Role.REVIEWER])
def test_staff_roles_get_no_access(client, roles, role, trail):
    person = with_role(role)
    person.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(person)
    for path in (REPORT, REPORT + "results/", REPORT + "?export=csv"):
        assert client.get(path).status_code in {302, 403}
    assert "/admin/reports/audit/" not in client.get("/admin/").content.decode()


def test_visitors_and_learners_get_no_access(client, trail):
    assert client.get(REPORT).status_code == 302
    client.force_login(trail["ana"])
    assert client.get(REPORT).status_code in {302, 403}


def test_a_superuser_sees_every_event_newest_first(client, admin, trail):
    client.force_login(admin)
    response = client.get(REPORT)
    assert response.status_code == 200
    assert kinds(response) == [
        AuditKind.EXPORT,
        AuditKind.PASSWORD_RESET,
        AuditKind.ACCOUNT_CREATED,
    ]
    assert "/admin/reports/audit/" in client.get("/admin/").content.decode()


def test_the_dedicated_permission_opens_it(client, trail):
    person = UserFactory(username="auditor")
    group = Group.objects.create(name="Auditors")
    group.permissions.add(
        Permission.objects.get(codename="access_admin"),
        Permission.objects.get(codename="view_audit_trail"),
    )
    person.groups.add(group)
    client.force_login(person)
    assert client.get(REPORT).status_code == 200


def test_filters_by_kind_date_actor_and_subject(client, admin, trail):
    client.force_login(admin)
    assert kinds(client.get(REPORT, {"kind": "export"})) == [AuditKind.EXPORT]
    assert kinds(client.get(REPORT, {"actor": "FAC"})) == [
        AuditKind.EXPORT,
        AuditKind.PASSWORD_RESET,
    ]
    assert kinds(client.get(REPORT, {"subject": "bia"})) == [AuditKind.ACCOUNT_CREATED]
    since = (timezone.localdate() - timedelta(days=7)).isoformat()
    assert AuditKind.ACCOUNT_CREATED not in kinds(client.get(REPORT, {"created_at_from": since}))
    until = (timezone.localdate() - timedelta(days=30)).isoformat()
    assert kinds(client.get(REPORT, {"created_at_to": until})) == [AuditKind.ACCOUNT_CREATED]


@pytest.mark.parametrize(
    "query",
    [{"kind": "nonsense"}, {"created_at_from": "yesterday"}, {"actor": "x" * 5000}, {"p": "-1"}],
)
def test_hostile_filters_answer_without_error(client, admin, trail, query):
    client.force_login(admin)
    assert client.get(REPORT, query).status_code in {200, 400, 404}


def test_the_csv_export_follows_the_filters(client, admin, trail):
    client.force_login(admin)
    response = client.get(REPORT, {"export": "csv", "actor": "fac"})
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert len(rows[0]) == 7  # when, event, by, account, address, browser, details
    assert [r[2] for r in rows[1:]] == ["fac", "fac"]
    assert {r[3] for r in rows[1:]} == {"ana", ""}
    xlsx = client.get(REPORT, {"export": "xlsx"})
    assert xlsx.status_code == 200 and "spreadsheetml" in xlsx["Content-Type"]


def test_a_value_that_looks_like_a_formula_is_exported_as_text(client, admin, db):
    audit_record(kind=AuditKind.EXPORT, actor=None, subject=None, detail={"x": "=1+1"})
    AuditEvent.objects.update(user_agent="=HYPERLINK(1)")
    client.force_login(admin)
    response = client.get(REPORT, {"export": "csv"})
    body = b"".join(response.streaming_content).decode()
    assert "'=HYPERLINK(1)" in body


def test_a_row_outlives_its_users_and_still_names_them(client, admin, trail):
    trail["ana"].delete()
    trail["fac"].delete()
    event = AuditEvent.objects.get(kind=AuditKind.PASSWORD_RESET)
    assert event.actor is None and event.subject is None
    assert (event.actor_username, event.subject_username) == ("fac", "ana")
    client.force_login(admin)
    html = client.get(REPORT, {"subject": "ana"}).content.decode()
    assert "ana" in html and "fac" in html
