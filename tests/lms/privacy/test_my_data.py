"""Download my data and delete my account."""

from __future__ import annotations

import io
import json
import zipfile

import pytest
from allauth.account.models import EmailAddress

from lms.accounts.models import ConsentRecord, User
from lms.cohorts.models import AttendanceRecord, Membership
from lms.core.roles import Role
from lms.facilitation.matrix import group_matrix
from lms.facilitation.models import FacilitatorNote
from lms.portfolio.models import LifePlan, Reflection
from lms.privacy.erase import account_delete
from lms.privacy.export import MAX_ROWS_PER_MODEL, personal_data_sections
from lms.privacy.policy import RULES, Show
from lms.quizzes.models import QuizAttempt, QuizResult
from tests.lms.facilitation.helpers import url

from .helpers import PASSWORD, full_record

pytestmark = pytest.mark.django_db


@pytest.fixture
def ana(group, members, facilitator, outlines):
    person = members[0]
    full_record(
        group=group, person=person, others=members[1:], facilitator=facilitator, outlines=outlines
    )
    return person


def _zip(client, person) -> dict:
    client.force_login(person)
    response = client.get(url("privacy:download"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    return {name: archive.read(name).decode() for name in archive.namelist()}


def test_the_download_holds_every_kind_of_record_and_no_secret(client, ana):
    files = _zip(client, ana)
    sections = json.loads(files["rumo.json"])["sections"]
    account = sections["accounts.User"]["rows"][0]
    assert account["email"] == "ana@example.org"
    assert "password" not in account
    assert account["roles"] == [Role.LEARNER.value]
    for label, field in RULES:
        assert f"{label}.{field}" in sections
    expected_rows = {
        "cohorts.Membership.learner": 1,
        "cohorts.AttendanceRecord.learner": 1,
        "quizzes.QuizAttempt.learner": 2,
        "quizzes.QuizResult.learner": 1,
        "progress.SessionVisit.learner": 1,
        "portfolio.Reflection.learner": 1,
        "portfolio.LifePlan.learner": 1,
        "facilitation.FacilitatorNote.learner": 1,
        "account.EmailAddress.user": 1,
        "accounts.ConsentRecord.person": 1,
    }
    for name, count in expected_rows.items():
        assert len(sections[name]["rows"]) == count, name
    assert sections["portfolio.Reflection.learner"]["rows"][0]["text"] == "Vou anotar cada venda."
    assert "csv/portfolio.Reflection.learner.csv" in files
    assert "Vou anotar cada venda." in files["csv/portfolio.Reflection.learner.csv"]


def test_the_facilitators_download_counts_what_they_did_to_others_without_their_rows(
    client, ana, facilitator
):
    sections = json.loads(_zip(client, facilitator)["rumo.json"])["sections"]
    assert sections["cohorts.AttendanceRecord.recorded_by"] == {"count": 3}
    assert sections["facilitation.FacilitatorNote.author"] == {"count": 1}
    assert "Falta por doença." not in json.dumps(sections)
    assert len(sections["cohorts.LearnerGroup.facilitators"]["rows"]) == 1


def test_every_show_rows_section_is_bounded(ana, monkeypatch):
    monkeypatch.setattr("lms.privacy.export.MAX_ROWS_PER_MODEL", 1)
    sections = personal_data_sections(person=ana)
    assert len(sections["quizzes.QuizAttempt.learner"]["rows"]) == 1
    assert sections["quizzes.QuizAttempt.learner"]["truncated"] is True
    assert MAX_ROWS_PER_MODEL >= 1000
    assert all(
        RULES[key].show is Show.ROWS
        for key in RULES
        if "rows" in sections[f"{key[0]}.{key[1]}"] and key[0] != "accounts.User"
    )


def test_only_a_signed_in_person_downloads_and_only_their_own(client, ana, members):
    response = client.get(url("privacy:download"))
    assert response.status_code == 302
    sections = json.loads(_zip(client, members[1])["rumo.json"])["sections"]
    assert "Vou anotar cada venda." not in json.dumps(sections)
    assert "ana@example.org" not in json.dumps(sections)


def _figures(group, outlines):
    matrix = group_matrix(group=group, session_outlines=outlines)
    return matrix.totals, {
        key: [(q.question_id, q.wrong, q.answered) for q in questions]
        for key, questions in matrix.difficult.items()
    }


def test_deleting_erases_the_person_and_keeps_the_figures(client, ana, group, outlines):
    before = _figures(group, outlines)
    totals, difficult = before
    # The figures count Ana: one present of two, a best score, questions answered wrong.
    assert totals[0].present == 2 and totals[0].absent == 1
    assert totals[0].mean_best_score is not None
    assert any(wrong for questions in difficult.values() for _q, wrong, _n in questions)
    client.force_login(ana)
    response = client.post(url("privacy:delete_account"), {"password": PASSWORD})
    assert response.status_code == 302

    person = User.objects.get(pk=ana.pk)
    assert person.username.startswith("deleted-")
    assert (person.first_name, person.last_name, person.email, person.phone) == ("", "", "", "")
    assert not person.is_active
    assert not person.has_usable_password()
    assert not person.groups.exists()
    assert not Reflection.objects.filter(learner=person).exists()
    assert not LifePlan.objects.filter(learner=person).exists()
    assert not FacilitatorNote.objects.filter(learner=person).exists()
    assert not EmailAddress.objects.filter(user=person).exists()
    # Kept, anonymous: the group's figures do not move.
    assert AttendanceRecord.objects.filter(learner=person).count() == 1
    assert QuizAttempt.objects.filter(learner=person).count() == 2
    assert QuizResult.objects.filter(learner=person).count() == 1
    assert Membership.objects.filter(learner=person).count() == 1
    assert ConsentRecord.objects.filter(person=person).count() == 1
    assert _figures(group, outlines) == before
    # Logged out.
    assert client.get(url("privacy:my_data")).status_code == 302


def test_a_wrong_password_deletes_nothing(client, ana):
    client.force_login(ana)
    response = client.post(url("privacy:delete_account"), {"password": "not-it"})
    assert response.status_code == 200
    assert response.context["form"].errors
    ana.refresh_from_db()
    assert ana.is_active and ana.email == "ana@example.org"
    assert Reflection.objects.filter(learner=ana).exists()


def test_deleting_twice_changes_nothing(ana):
    account_delete(person=ana)
    first = User.objects.get(pk=ana.pk).username
    account_delete(person=ana)
    assert User.objects.get(pk=ana.pk).username == first


def test_the_my_data_page_links_its_actions(client, ana):
    client.force_login(ana)
    page = client.get(url("privacy:my_data")).content.decode()
    assert url("privacy:download") in page
    assert url("privacy:delete_account") in page


def test_files_and_odd_values_become_text(ana):
    from wagtail.users.models import UserProfile

    UserProfile.objects.create(user=ana, avatar="avatar_images/ana.png")
    sections = personal_data_sections(person=ana)
    profile = sections["wagtailusers.UserProfile.user"]["rows"][0]
    assert profile["avatar"] == "avatar_images/ana.png"
    json.dumps(sections)


def test_the_download_holds_what_reaches_me_through_another_row(ana, group):
    from datetime import date
    from decimal import Decimal

    from lms.portfolio.models import ReflectionRevision
    from lms.surveys.models import Answer, Round, RoundKind

    round_ = Round.objects.create(
        person=ana,
        curriculum_key=group.curriculum_key,
        kind=RoundKind.BASELINE,
        due_on=date.today(),
    )
    Answer.objects.create(round=round_, question_key="monthly_income", number=Decimal("1250.50"))
    ReflectionRevision.objects.create(
        reflection=Reflection.objects.get(learner=ana), text="Primeira versão."
    )
    sections = personal_data_sections(person=ana)
    answers = sections["surveys.Answer.round__person"]["rows"]
    assert [(a["question_key"], a["number"]) for a in answers] == [("monthly_income", "1250.50")]
    earlier = sections["portfolio.ReflectionRevision.reflection__learner"]["rows"]
    assert [r["text"] for r in earlier] == ["Primeira versão."]
    # Nobody else's rows come along.
    assert (
        personal_data_sections(person=group.memberships.exclude(learner=ana).first().learner)[
            "surveys.Answer.round__person"
        ]["rows"]
        == []
    )
