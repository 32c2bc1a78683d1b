"""Learners added by their facilitator: CSV import (all or nothing, with a report), accounts
for people without email or phone, password resets; the learner page; private notes."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from lms.accounts.models import User
from lms.cohorts.models import Membership
from lms.facilitation.models import FacilitatorNote
from lms.portfolio.models import Reflection
from tests.lms.facilitation.helpers import pt, url

pytestmark = pytest.mark.django_db


def upload(client, group, text: str, name: str = "turma.csv", encoding: str = "utf-8"):
    return client.post(
        url("facilitation:import", group.pk),
        {"file": SimpleUploadedFile(name, text.encode(encoding), content_type="text/csv")},
    )


def test_a_valid_file_adds_every_learner_and_shows_passwords(client, group, facilitator):
    client.force_login(facilitator)
    response = upload(
        client,
        group,
        "username;first_name;last_name;phone\n"
        "joana.p;Joana;Pereira;+55 31 98888-0001\n"
        "luis.m;Luís;Mendes;\n"
        "rita.s;Rita;Souza;\n",
        encoding="cp1252",  # as a spreadsheet on Windows saves it
    )
    assert response.status_code == 200
    report = response.context["report"]
    assert report.ok and [c.username for c in report.created] == ["joana.p", "luis.m", "rita.s"]
    html = response.content.decode()
    for created in report.created:
        assert created.password in html
        assert User.objects.get(username=created.username).check_password(created.password)
    assert User.objects.get(username="luis.m").first_name == "Luís"
    assert Membership.objects.filter(group=group).count() == 3


def test_a_file_with_bad_rows_imports_nothing_and_names_the_rows(
    client, group, members, facilitator
):
    client.force_login(facilitator)
    response = upload(
        client,
        group,
        "username,first_name,last_name,email\n"
        "ok.one,Ok,One,\n"
        f"{members[0].username},Dup,Existing,\n"
        ",Sem,Nome,\n"
        "ok.two,Ok,Two,not-an-email\n",
    )
    assert response.status_code == 400
    report = response.context["report"]
    assert [e.row for e in report.row_errors] == [3, 4, 5]
    html = response.content.decode()
    assert pt("Nothing was imported.") in html
    assert '<td class="num">3</td>' in html and '<td class="num">5</td>' in html
    assert not User.objects.filter(username__startswith="ok.").exists()
    assert Membership.objects.filter(group=group).count() == 3


def test_a_file_that_is_not_csv_is_refused_clearly(client, group, facilitator):
    client.force_login(facilitator)
    response = client.post(
        url("facilitation:import", group.pk),
        {"file": SimpleUploadedFile("turma.xlsx", b"PK\x03\x04\x00\x00binary")},
    )
    assert response.status_code == 400
    assert pt("This is not a CSV file. Save the sheet as CSV.") in response.content.decode()


def test_an_import_past_capacity_names_the_figures(client, group, members, facilitator):
    group.capacity = 4
    group.save()
    client.force_login(facilitator)
    response = upload(client, group, "username,first_name,last_name\na.a,A,A\nb.b,B,B\n")
    assert response.status_code == 400
    assert response.context["report"].file_errors == [
        pt(
            "Too many learners for this group: the file lists %(rows)s, and "
            "%(free)s of its %(capacity)s places are free.",
            rows=2,
            free=1,
            capacity=4,
        )
    ]
    assert Membership.objects.filter(group=group).count() == 3


def test_an_account_for_a_learner_without_email_or_phone(client, group, facilitator):
    client.force_login(facilitator)
    response = client.post(
        url("facilitation:learner_new", group.pk),
        {"first_name": "Dona", "last_name": "Cida", "username": "dona.cida"},
    )
    assert response.status_code == 200
    password = response.context["created"]["password"]
    assert password in response.content.decode()
    person = User.objects.get(username="dona.cida")
    assert (person.email, person.phone) == ("", "")
    assert Membership.objects.filter(group=group, learner=person).exists()
    client.logout()
    assert client.login(username="dona.cida", password=password)


def test_a_taken_username_is_explained(client, group, members, facilitator):
    client.force_login(facilitator)
    response = client.post(
        url("facilitation:learner_new", group.pk),
        {"first_name": "Outra", "username": members[0].username},
    )
    assert response.status_code == 400
    assert response.context["created"] is None


def test_password_reset_gives_a_new_password_once(client, group, members, facilitator):
    ana = members[0]
    client.force_login(facilitator)
    response = client.post(url("facilitation:password", group.pk, ana.pk))
    assert response.status_code == 200
    assert response["Cache-Control"].startswith("max-age=0")
    password = response.context["password"]
    ana.refresh_from_db()
    assert ana.check_password(password)


REFUSED = (
    "This account has more rights than a learner's (a role, a permission or administrator "
    "access), so only an administrator can reset its password. Nothing was changed."
)


def test_password_reset_refuses_a_colleague(client, group, other_facilitator, facilitator):
    from lms.cohorts.services import membership_join

    membership_join(group=group, learner=other_facilitator)
    before = other_facilitator.password
    client.force_login(facilitator)
    response = client.post(url("facilitation:password", group.pk, other_facilitator.pk))
    assert response.status_code == 403
    assert pt(REFUSED) in response.content.decode()
    assert "password" not in response.context
    other_facilitator.refresh_from_db()
    assert other_facilitator.password == before


def test_password_reset_refuses_an_account_with_a_direct_permission(
    client, group, members, facilitator
):
    from django.contrib.auth.models import Permission

    ana = members[0]
    ana.user_permissions.add(Permission.objects.get(codename="change_user"))
    before = ana.password
    client.force_login(facilitator)
    response = client.post(url("facilitation:password", group.pk, ana.pk))
    assert response.status_code == 403
    assert pt(REFUSED) in response.content.decode()
    ana.refresh_from_db()
    assert ana.password == before


def test_learner_page_shows_only_shared_reflections(client, group, members, outlines, facilitator):
    ana = members[0]
    key = outlines[0].key
    Reflection.objects.create(
        learner=ana,
        session_key=key,
        block_id="r1",
        prompt="O que muda?",
        text="Vou poupar.",
        shared=True,
    )
    Reflection.objects.create(
        learner=ana,
        session_key=outlines[1].key,
        block_id="r2",
        prompt="E agora?",
        text="Segredo meu.",
        shared=False,
    )
    client.force_login(facilitator)
    html = client.get(url("facilitation:learner", group.pk, ana.pk)).content.decode()
    assert "Vou poupar." in html
    assert "Segredo meu." not in html


def test_learner_page_of_someone_outside_the_group_is_not_found(
    client, group, other_facilitator, facilitator
):
    client.force_login(facilitator)
    assert (
        client.get(url("facilitation:learner", group.pk, other_facilitator.pk)).status_code == 404
    )


def test_notes_per_learner_and_per_session(client, group, members, facilitator, manager):
    scheduled = group.schedule.order_by("date").first()
    client.force_login(facilitator)
    client.post(
        url("facilitation:note_add", group.pk),
        {"learner": members[0].pk, "text": "Precisa de apoio com a leitura."},
    )
    response = client.post(
        url("facilitation:note_add", group.pk),
        {"session": str(scheduled.session_key), "text": "Faltou projetor; usamos cartazes."},
    )
    assert response["Location"].endswith(
        url("facilitation:session_mode", group.pk, scheduled.pk) + "#notes"
    )
    learner_note = FacilitatorNote.objects.get(learner=members[0])
    session_note = FacilitatorNote.objects.get(session_key=scheduled.session_key)
    assert learner_note.author == session_note.author == facilitator
    client.force_login(manager)
    page = client.get(url("facilitation:session_mode", group.pk, scheduled.pk)).content.decode()
    assert "Faltou projetor; usamos cartazes." in page
    # The manager reads the note but only its author can delete it.
    client.post(url("facilitation:note_remove", group.pk, session_note.pk))
    assert FacilitatorNote.objects.filter(pk=session_note.pk).exists()
    client.force_login(facilitator)
    client.post(url("facilitation:note_remove", group.pk, session_note.pk))
    assert not FacilitatorNote.objects.filter(pk=session_note.pk).exists()


def test_an_empty_note_is_refused(client, group, members, facilitator):
    client.force_login(facilitator)
    client.post(url("facilitation:note_add", group.pk), {"learner": members[0].pk, "text": "  "})
    assert not FacilitatorNote.objects.exists()
