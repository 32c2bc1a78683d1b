"""Consent to follow-up data collection: nothing stored without it, a minor needs their
guardian, withdrawal stops collection and keeps what was given, every change is audited."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from lms.accounts.consent import consent_record
from lms.accounts.models import ConsentRecord
from lms.accounts.services import roles_setup
from lms.audit.models import AuditEvent, AuditKind
from lms.cohorts.models import Membership
from lms.core.roles import Role
from lms.participants.consent import (
    ConsentRequired,
    collection_allowed,
    follow_up_consent_give,
    profile_save,
)
from lms.participants.models import ParticipantProfile
from tests.factories import UserFactory
from tests.lms.cohorts.factories import LearnerGroupFactory
from tests.lms.facilitation.helpers import pt, with_role

pytestmark = pytest.mark.django_db

PROFILE = {
    "gender": "female",
    "municipality": "Itabira",
    "area": "urban",
    "schooling": "secondary",
    "employment_status": "self_employed",
}


@pytest.fixture(autouse=True)
def roles(db):
    return roles_setup()


@pytest.fixture
def adult(db):
    return UserFactory(birth_year=timezone.localdate().year - 30, preferred_language="pt-br")


@pytest.fixture
def minor(db):
    return UserFactory(birth_year=timezone.localdate().year - 15)


def url(name="participants:my_profile", *args):
    with translation.override("pt-br"):
        return reverse(name, args=args)


def test_the_form_refuses_to_store_anything_without_consent(client, adult):
    client.force_login(adult)
    response = client.post(url(), PROFILE)
    assert response.status_code == 400
    assert pt("Nothing was saved: tick the consent box to save the profile.") in (
        response.content.decode()
    )
    assert not ParticipantProfile.objects.exists()
    assert not ConsentRecord.objects.filter(kind="follow_up").exists()


def test_the_service_refuses_too(adult):
    with pytest.raises(ConsentRequired):
        profile_save(person=adult, data=PROFILE, recorded_by=adult)
    assert not ParticipantProfile.objects.exists()


def test_consenting_stores_the_profile_and_the_consent_with_version_date_and_who(client, adult):
    client.force_login(adult)
    response = client.post(url(), {**PROFILE, "consent": "on"})
    assert response.status_code == 302
    profile = ParticipantProfile.objects.get(person=adult)
    assert (profile.gender, profile.municipality, profile.area) == ("female", "Itabira", "urban")
    assert profile.recorded_by == adult
    consent = ConsentRecord.objects.get(person=adult, kind="follow_up")
    assert consent.notice_version == "follow-up-1"
    assert consent.recorded_by == adult and consent.recorded_at is not None
    event = AuditEvent.objects.get(kind=AuditKind.CONSENT_CHANGED, subject=adult)
    assert event.detail == {"purpose": "follow_up", "given": True}
    # Later changes need no new tick.
    client.post(url(), {**PROFILE, "municipality": "Contagem"})
    assert ParticipantProfile.objects.get(person=adult).municipality == "Contagem"
    assert ConsentRecord.objects.filter(person=adult, kind="follow_up").count() == 1


def test_invalid_choices_are_refused_not_stored(client, adult):
    client.force_login(adult)
    response = client.post(url(), {**PROFILE, "gender": "robot", "consent": "on"})
    assert response.status_code == 400
    assert not ParticipantProfile.objects.exists()
    assert not ConsentRecord.objects.filter(kind="follow_up").exists()


def test_withdrawal_stops_collection_and_keeps_what_was_given(client, adult):
    client.force_login(adult)
    client.post(url(), {**PROFILE, "consent": "on"})
    response = client.post(url("participants:my_consent_withdraw"))
    assert response.status_code == 302
    consent = ConsentRecord.objects.get(person=adult, kind="follow_up")
    assert consent.withdrawn_at is not None
    assert collection_allowed(person=adult) is False
    response = client.post(url(), {**PROFILE, "municipality": "Contagem"})
    assert response.status_code == 400
    profile = ParticipantProfile.objects.get(person=adult)
    assert profile.municipality == "Itabira"  # kept, not changed
    events = AuditEvent.objects.filter(kind=AuditKind.CONSENT_CHANGED, subject=adult)
    assert sorted(e.detail["given"] for e in events) == [False, True]
    # The learner still sees what they gave, and may consent again.
    page = client.get(url()).content.decode()
    assert "Itabira" in page
    client.post(url(), {**PROFILE, "municipality": "Contagem", "consent": "on"})
    assert ParticipantProfile.objects.get(person=adult).municipality == "Contagem"


def test_a_minor_cannot_consent_alone(client, minor):
    client.force_login(minor)
    response = client.post(url(), {**PROFILE, "consent": "on"})
    assert response.status_code == 400
    assert not ParticipantProfile.objects.exists()
    assert not ConsentRecord.objects.filter(kind="follow_up").exists()
    refusal = pt(
        "You are under 18: a parent or guardian must agree first. Ask your facilitator to "
        "record their consent; until then nothing is collected."
    )
    assert refusal in client.get(url()).content.decode()


def test_the_facilitator_records_a_minors_profile_after_the_guardian(client, minor):
    facilitator = with_role(Role.FACILITATOR)
    group = LearnerGroupFactory(facilitators=[facilitator])
    Membership.objects.create(group=group, learner=minor)
    client.force_login(facilitator)
    path = url("participants:learner_profile", group.pk, minor.pk)
    assert client.post(path, {**PROFILE, "consent": "on"}).status_code == 400
    assert not ParticipantProfile.objects.exists()
    consent_record(person=minor, kind="guardian", recorded_by=facilitator, guardian_name="Rita")
    response = client.post(path, {**PROFILE, "consent": "on"})
    assert response.status_code == 302
    assert ParticipantProfile.objects.get(person=minor).recorded_by == facilitator
    consent = ConsentRecord.objects.get(person=minor, kind="follow_up")
    assert consent.recorded_by == facilitator
    event = AuditEvent.objects.get(kind=AuditKind.CONSENT_CHANGED, subject=minor)
    assert event.actor == facilitator


def test_a_birth_year_that_makes_someone_a_minor_needs_the_guardian(adult):
    follow_up_consent_give(person=adult, recorded_by=adult)
    with pytest.raises(ConsentRequired):
        profile_save(
            person=adult, data=PROFILE, recorded_by=adult, birth_year=timezone.localdate().year - 12
        )
    adult.refresh_from_db()
    assert adult.birth_year == timezone.localdate().year - 30


def test_only_the_groups_facilitators_open_a_learners_profile(client, adult):
    facilitator = with_role(Role.FACILITATOR)
    other = with_role(Role.FACILITATOR)
    group = LearnerGroupFactory(facilitators=[facilitator])
    Membership.objects.create(group=group, learner=adult)
    stranger = UserFactory()
    path = url("participants:learner_profile", group.pk, adult.pk)
    for viewer in (other, adult, UserFactory()):
        client.force_login(viewer)
        assert client.get(path).status_code == 404
    client.force_login(facilitator)
    assert client.get(path).status_code == 200
    wrong = url("participants:learner_profile", group.pk, stranger.pk)
    assert client.get(wrong).status_code == 404
    client.logout()
    assert client.get(path).status_code == 302  # to the login


def test_the_business_questions_are_for_entrepreneurs_only(client, adult, tree):
    from lms.cohorts.services import enrolment_create

    client.force_login(adult)
    assert "business_sector" not in client.get(url()).content.decode()
    curriculum = tree["curriculum"]
    curriculum.kind = "enterprise"
    curriculum.save_revision().publish()
    enrolment_create(learner=adult, curriculum_key=curriculum.translation_key, level=1)
    assert "business_sector" in client.get(url()).content.decode()
    client.post(
        url(),
        {
            **PROFILE,
            "consent": "on",
            "business_sector": "Food",
            "business_level": "2",
            "business_formal": "no",
        },
    )
    profile = ParticipantProfile.objects.get(person=adult)
    assert (profile.business_sector, profile.business_level, profile.business_formal) == (
        "Food",
        2,
        False,
    )


def test_a_first_birth_year_under_18_takes_back_the_consent_just_ticked(client):
    person = UserFactory(birth_year=None)
    client.force_login(person)
    young = timezone.localdate().year - 14
    response = client.post(url(), {**PROFILE, "consent": "on", "birth_year": str(young)})
    assert response.status_code == 400
    assert not ConsentRecord.objects.filter(person=person).exists()
    assert not ParticipantProfile.objects.exists()
    person.refresh_from_db()
    assert person.birth_year is None
