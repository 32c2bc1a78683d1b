"""Year of birth at sign-up, the privacy notice accepted, and a guardian's consent for a
learner under 18 before a facilitator sees their data."""

from __future__ import annotations

import pytest
from django.utils import timezone

from lms.accounts.consent import NOTICE_VERSION
from lms.accounts.models import ConsentRecord, User
from tests.lms.facilitation.helpers import url

pytestmark = pytest.mark.django_db


def _signup(client, **extra):
    data = {
        "username": "jovem",
        "password1": "uma-senha-boa-123",
        "password2": "uma-senha-boa-123",
        "preferred_language": "pt-br",
        "birth_year": str(timezone.localdate().year - 20),
        "notice_accepted": "on",
        **extra,
    }
    return client.post(url("account_signup"), data)


def test_signing_up_records_the_year_of_birth_and_the_notice_accepted(client, catalogue):
    page = client.get(url("account_signup")).content.decode()
    assert url("privacy:notice") in page
    assert _signup(client).status_code == 302
    person = User.objects.get(username="jovem")
    assert person.birth_year == timezone.localdate().year - 20
    consent = ConsentRecord.objects.get(person=person)
    assert (consent.kind, consent.notice_version, consent.recorded_by) == (
        "notice",
        NOTICE_VERSION,
        person,
    )


@pytest.mark.parametrize(
    "extra",
    [{"notice_accepted": ""}, {"birth_year": ""}, {"birth_year": "1800"}, {"birth_year": "9999"}],
)
def test_sign_up_needs_the_notice_and_a_plausible_year(client, catalogue, extra):
    response = _signup(client, **extra)
    assert response.status_code == 200
    assert not User.objects.filter(username="jovem").exists()


def test_a_minors_data_is_hidden_from_the_facilitator_until_a_guardian_consents(
    client, group, members, facilitator
):
    bia = members[1]
    bia.birth_year = timezone.localdate().year - 15
    bia.save()
    client.force_login(facilitator)
    learner_url = url("facilitation:learner", group.pk, bia.pk)
    page = client.get(learner_url).content.decode()
    assert 'id="attempts-title"' not in page
    assert url("privacy:guardian_consent", group.pk, bia.pk) in page

    response = client.post(
        url("privacy:guardian_consent", group.pk, bia.pk), {"guardian_name": "Dona Célia"}
    )
    assert response.status_code == 302
    consent = ConsentRecord.objects.get(person=bia, kind="guardian")
    assert (consent.guardian_name, consent.recorded_by) == ("Dona Célia", facilitator)
    assert consent.notice_version == NOTICE_VERSION
    page = client.get(learner_url).content.decode()
    assert 'id="attempts-title"' in page
    assert "Dona Célia" in page


def test_an_adults_data_needs_no_guardian(client, group, members, facilitator):
    client.force_login(facilitator)
    page = client.get(url("facilitation:learner", group.pk, members[0].pk)).content.decode()
    assert 'id="attempts-title"' in page


def test_only_the_groups_facilitator_records_a_guardians_consent(
    client, group, members, other_facilitator
):
    client.force_login(other_facilitator)
    response = client.post(
        url("privacy:guardian_consent", group.pk, members[1].pk), {"guardian_name": "X"}
    )
    assert response.status_code == 404
    assert not ConsentRecord.objects.exists()
