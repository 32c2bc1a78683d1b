from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from lms.accounts.services import roles_setup
from lms.core.roles import Role
from lms.programmes.imports import COLUMNS, ImportKind
from lms.programmes.models import ImportedParticipant, Programme, Target
from tests.factories import UserFactory


@pytest.fixture
def programmes(db):
    roles_setup()
    crescer = Programme.objects.create(name="CRESCER", slug="crescer", country="BR")
    empleat = Programme.objects.create(name="EmpleaT", slug="empleat", country="CL")
    Target.objects.create(programme=crescer, pillar="workforce", country="BR", indicator="trained")
    Target.objects.create(programme=empleat, pillar="workforce", country="CL", indicator="trained")
    return crescer, empleat


def _manager(country):
    from django.contrib.auth.models import Group

    user = UserFactory(country=country)
    user.groups.add(Group.objects.get(name=Role.MANAGER.value))
    return user


def test_a_manager_manages_only_their_countrys_programmes(client, programmes):
    crescer, empleat = programmes
    client.force_login(_manager("BR"))
    index = client.get(reverse("programmes:index")).content.decode()
    assert "CRESCER" in index and "EmpleaT" not in index
    assert client.get(reverse("programmes:edit", args=[crescer.pk])).status_code == 200
    for name in ("edit", "delete", "history"):
        url = reverse(f"programmes:{name}", args=[empleat.pk])
        # A 404 (which the locale middleware turns into a redirect to a missing page).
        assert client.get(url, follow=True).status_code == 404, name
    targets = client.get(reverse("programme_targets:index")).content.decode()
    assert "CRESCER" in targets and "EmpleaT" not in targets
    other = Target.objects.get(programme=empleat)
    edit_other = reverse("programme_targets:edit", args=[other.pk])
    assert client.get(edit_other, follow=True).status_code == 404
    # The form offers only their programmes and country.
    form = client.get(reverse("programme_targets:add")).content.decode()
    assert "CRESCER" in form and "EmpleaT" not in form and 'value="CL"' not in form


def test_a_superuser_manages_every_programme(client, programmes):
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    index = client.get(reverse("programmes:index")).content.decode()
    assert "CRESCER" in index and "EmpleaT" in index


def test_people_without_the_role_cannot_open_the_programmes_admin(client, programmes):
    client.force_login(UserFactory())
    response = client.get(reverse("programmes:index"))
    assert response.status_code in (302, 403)
    assert client.get(reverse("programmes_import")).status_code in (302, 403)


def test_the_admin_import_reports_bad_rows_and_imports_good_files(client, programmes):
    client.force_login(_manager("BR"))
    url = reverse("programmes_import")
    header = ",".join(COLUMNS[ImportKind.PARTICIPANTS]).encode() + b"\n"
    bad = header + b"empleat,workforce,CL,X1,female,1990,graduated,,,,,,,\n"
    response = client.post(url, {"kind": "participants", "file": SimpleUploadedFile("p.csv", bad)})
    assert response.status_code == 400
    assert b"import-errors" in response.content and ImportedParticipant.objects.count() == 0
    good = header + b"crescer,workforce,BR,X1,female,1990,graduated,,,,,,,\n"
    response = client.post(url, {"kind": "participants", "file": SimpleUploadedFile("p.csv", good)})
    assert response.status_code == 200 and b"import-done" in response.content
    assert ImportedParticipant.objects.get().programme == programmes[0]


def test_group_settings_offer_the_programmes_of_the_groups_country(client, programmes):
    from datetime import date

    from lms.cohorts.models import LearnerGroup

    crescer, empleat = programmes
    facilitator = UserFactory()
    from django.contrib.auth.models import Group

    facilitator.groups.add(Group.objects.get(name=Role.FACILITATOR.value))
    group = LearnerGroup.objects.create(
        name="G", curriculum_key="11111111-1111-1111-1111-111111111111", country="BR",
        start_date=date(2026, 1, 5),
    )  # fmt: skip
    group.facilitators.add(facilitator)
    client.force_login(facilitator)
    url = f"/pt-br/facilitate/{group.pk}/settings/"
    page = client.get(url).content.decode()
    assert "CRESCER" in page and "EmpleaT" not in page
    data = {
        "name": "G", "municipality": "", "capacity": 25, "facilitators": [facilitator.pk],
        "risk_missed_sessions": 2, "risk_missed_window": 3, "risk_inactive_days": 14,
        "risk_failed_attempts": 2,
    }  # fmt: skip
    assert client.post(url, {**data, "programme": empleat.pk}).status_code == 400
    assert client.post(url, {**data, "programme": crescer.pk}).status_code == 302
    group.refresh_from_db()
    assert group.programme == crescer
