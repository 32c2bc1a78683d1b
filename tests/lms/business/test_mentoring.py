"""Mentoring: the owner names a mentor among their group's facilitators and consents; the
mentor sees monthly results only, writes notes and agreed actions, and opens a prefilled
WhatsApp link; without consent the mentor sees nothing."""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import parse_qs, urlparse

import pytest
from django.utils import timezone

from lms.accounts.models import ConsentRecord
from lms.business import mentoring
from lms.business.models import AgreedAction, MentorNote
from lms.business.services import BookInputError, business_create, entry_record
from lms.cohorts.services import membership_join
from lms.core.roles import Role
from tests.factories import PASSWORD
from tests.lms.facilitation.helpers import url, with_role


@pytest.fixture
def rosa(group, roles):
    person = with_role(
        Role.LEARNER,
        username="rosa",
        first_name="Rosa",
        country="PE",
        phone="987 654 321",
        preferred_language="es",
    )
    membership_join(group=group, learner=person)
    return person


@pytest.fixture
def bodega(rosa):
    return business_create(owner=rosa, name="Bodega Rosa", sector="shop", country="PE")


@pytest.fixture
def mentored(bodega, facilitator):
    return mentoring.mentoring_start(business=bodega, mentor=facilitator)


def login(client, user):
    assert client.login(username=user.username, password=PASSWORD)


def test_only_a_facilitator_of_the_owners_groups_can_be_chosen(bodega, other_facilitator):
    with pytest.raises(BookInputError):
        mentoring.mentoring_start(business=bodega, mentor=other_facilitator)
    assert not ConsentRecord.objects.filter(kind=ConsentRecord.Kind.MENTORING).exists()


def test_owner_chooses_a_mentor_and_consents_on_their_page(client, rosa, bodega, facilitator):
    login(client, rosa)
    page_url = url("book_mentor:owner", language="es")
    page = client.get(page_url)
    assert page.status_code == 200 and "Fátima" in page.text
    # Without the consent box ticked nothing changes.
    client.post(page_url, {"mentor": facilitator.pk})
    bodega.refresh_from_db()
    assert bodega.mentor is None
    client.post(page_url, {"mentor": facilitator.pk, "agree": "on"})
    bodega.refresh_from_db()
    assert bodega.mentor == facilitator
    assert mentoring.mentoring_consent(business=bodega) is not None


def test_the_mentor_sees_monthly_results_but_never_single_entries(client, mentored, facilitator):
    entry_record(
        business=mentored,
        kind="sale",
        amount=12345,
        occurred_on=timezone.localdate(),
        category="goods",
        note="secreto: fiado a la vecina",
    )
    login(client, facilitator)
    listing = client.get(url("mentoring:list"))
    assert "Bodega Rosa" in listing.text
    page = client.get(url("mentoring:detail", mentored.pk))
    assert page.status_code == 200
    assert "S/ 123.45" in page.text
    assert "secreto" not in page.text


def test_without_consent_the_mentor_sees_nothing(client, mentored, facilitator):
    mentoring.mentoring_stop(business=mentored)
    login(client, facilitator)
    assert "Bodega Rosa" not in client.get(url("mentoring:list")).text
    assert client.get(url("mentoring:detail", mentored.pk)).status_code == 404


def test_another_facilitator_and_a_learner_are_kept_out(client, mentored, other_facilitator, rosa):
    login(client, other_facilitator)
    assert client.get(url("mentoring:detail", mentored.pk)).status_code == 404
    assert client.get(url("mentoring:detail", "99999999999999999999")).status_code == 404
    client.logout()
    login(client, rosa)
    assert client.get(url("mentoring:list")).status_code == 403


def test_notes_and_agreed_actions(client, mentored, facilitator):
    login(client, facilitator)
    page_url = url("mentoring:detail", mentored.pk)
    client.post(page_url, {"note": "1", "note-text": "Conversamos sobre el fiado."})
    due = timezone.localdate() + timedelta(days=7)
    client.post(
        page_url,
        {"action": "1", "action-text": "Separar la plata de la casa", "action-due_on": due},
    )
    assert MentorNote.objects.get().text == "Conversamos sobre el fiado."
    action = AgreedAction.objects.get()
    assert action.due_on == due and action.done_at is None
    client.post(url("mentoring:action_done", mentored.pk, action.pk))
    action.refresh_from_db()
    assert action.done_at is not None
    # Bad input: a date in the past, an empty note, a huge note: a message, nothing stored.
    past = timezone.localdate() - timedelta(days=1)
    page = client.post(page_url, {"action": "1", "action-text": "x", "action-due_on": past})
    assert page.status_code == 200 and AgreedAction.objects.count() == 1
    client.post(page_url, {"note": "1", "note-text": "   "})
    client.post(page_url, {"note": "1", "note-text": "n" * 5000})
    assert MentorNote.objects.count() == 1


def test_whatsapp_link_is_prefilled_in_the_owners_language(mentored, facilitator):
    link = mentoring.whatsapp_link(business=mentored, mentor=facilitator)
    parsed = urlparse(link)
    assert parsed.netloc == "wa.me" and parsed.path == "/51987654321"
    text = parse_qs(parsed.query)["text"][0]
    assert "Hola Rosa" in text and "Fátima" in text and "Bodega Rosa" in text


def test_whatsapp_number_keeps_an_international_number_and_needs_one(mentored, rosa, facilitator):
    rosa.phone = "+56 9 1234 5678"
    rosa.save()
    assert mentoring.whatsapp_number(business=mentored) == "56912345678"
    rosa.phone = ""
    rosa.save()
    assert mentoring.whatsapp_link(business=mentored, mentor=facilitator) is None


def test_quiet_businesses_are_flagged_after_two_weeks(mentored, facilitator):
    [mentee] = mentoring.mentees(mentor=facilitator)
    assert mentee.quiet  # nothing recorded yet
    entry_record(
        business=mentored,
        kind="sale",
        amount=100,
        occurred_on=timezone.localdate(),
        category="goods",
    )
    [mentee] = mentoring.mentees(mentor=facilitator)
    assert not mentee.quiet
    later = timezone.now() + timedelta(days=15)
    assert mentoring.business_is_quiet(business=mentee.business, now=later)
