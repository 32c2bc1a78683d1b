"""A group with its facilitator, two consenting learners and one who has not consented,
another facilitator's group, a programme manager; the seeded instruments."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
from django.utils import timezone

from lms.accounts.consent import consent_record
from lms.accounts.models import ConsentRecord
from lms.accounts.services import roles_setup
from lms.cohorts.models import Enrolment, Membership
from lms.core.roles import Role
from lms.participants.models import ParticipantStatus
from lms.programmes.models import Programme
from lms.surveys.seeding import instruments_seed
from tests.lms.cohorts.factories import LearnerGroupFactory
from tests.lms.facilitation.helpers import with_role


@pytest.fixture
def roles(db):
    return roles_setup()


@pytest.fixture
def instruments(catalogue):
    return instruments_seed()


@pytest.fixture
def curriculum_key():
    return uuid.uuid4()


@pytest.fixture
def programme(db):
    return Programme.objects.create(name="CRESCER", slug="crescer", country="BR")


@pytest.fixture
def facilitator(roles):
    return with_role(Role.FACILITATOR, username="fac", first_name="Fátima", country="BR")


@pytest.fixture
def other_facilitator(roles):
    return with_role(Role.FACILITATOR, username="other-fac", country="CL")


@pytest.fixture
def manager(roles):
    return with_role(Role.MANAGER, username="manager", country="BR")


@pytest.fixture
def group(facilitator, curriculum_key, programme):
    return LearnerGroupFactory(
        name="Grupo Itabira",
        curriculum_key=curriculum_key,
        facilitators=[facilitator],
        programme=programme,
        country="BR",
    )


@pytest.fixture
def other_group(other_facilitator, curriculum_key):
    return LearnerGroupFactory(
        name="Grupo Antofagasta",
        curriculum_key=curriculum_key,
        facilitators=[other_facilitator],
        country="CL",
    )


def enrol(group, person):
    Membership.objects.create(group=group, learner=person)
    Enrolment.objects.get_or_create(learner=person, curriculum_key=group.curriculum_key)


def consent(person, by=None):
    return consent_record(person=person, kind=ConsentRecord.Kind.FOLLOW_UP, recorded_by=by)


def graduate(person, group, *, days_ago: int = 0):
    return ParticipantStatus.objects.update_or_create(
        person=person,
        curriculum_key=group.curriculum_key,
        defaults={"group": group, "graduated_at": timezone.now() - timedelta(days=days_ago)},
    )[0]


@pytest.fixture
def learner(group, roles):
    person = with_role(Role.LEARNER, username="ana", first_name="Ana", phone="+5531999990000")
    enrol(group, person)
    return person


@pytest.fixture
def other_learner(other_group, roles):
    person = with_role(Role.LEARNER, username="rosa", first_name="Rosa")
    enrol(other_group, person)
    return person
