"""``audit_record`` never breaks the action it records, and keeps its rows small."""

from __future__ import annotations

import pytest
from django.db import transaction

from lms.audit.models import AuditEvent, AuditKind
from lms.audit.services import DETAIL_MAX_TEXT, audit_record, detail_cap
from tests.factories import UserFactory


def test_a_failing_write_is_logged_not_raised_and_the_action_goes_on(db, monkeypatch, caplog):
    person = UserFactory()

    def broken(**kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(AuditEvent.objects, "create", broken)
    with transaction.atomic():
        assert audit_record(kind=AuditKind.EXPORT, actor=person, subject=None) is None
        person.first_name = "Still saved"
        person.save()
    person.refresh_from_db()
    assert person.first_name == "Still saved"
    assert "audit record failed" in caplog.text


def test_the_row_rolls_back_with_the_action(db):
    person = UserFactory()
    with pytest.raises(ValueError), transaction.atomic():
        audit_record(kind=AuditKind.PASSWORD_RESET, actor=None, subject=person)
        raise ValueError
    assert not AuditEvent.objects.exists()


def test_details_are_capped():
    big = detail_cap({f"k{n}": "x" * 5000 for n in range(50)})
    assert len(big) == 12 and all(len(v) == DETAIL_MAX_TEXT for v in big.values())
    assert detail_cap({"nested": {"a": 1}}) == {"nested": "{'a': 1}"}
    assert detail_cap(None) == {}


def test_a_hostile_user_agent_and_address_are_trimmed(client, db):
    from lms.audit.services import client_ip

    class Request:
        META = {"REMOTE_ADDR": "not-an-ip", "HTTP_USER_AGENT": "a\x00b" * 500}
        headers = {}

    person = UserFactory()
    event = audit_record(kind=AuditKind.EXPORT, actor=person, subject=None, request=Request())
    assert client_ip(Request()) is None
    event.refresh_from_db()
    assert (
        event.ip_address is None and len(event.user_agent) == 200 and "\x00" not in event.user_agent
    )
