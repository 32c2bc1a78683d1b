"""Importing learners from a CSV file: all or nothing, with row numbers and reasons."""

import pytest

from lms.accounts.models import User
from lms.cohorts.models import Enrolment, Membership
from lms.cohorts.services import MAX_IMPORT_ROWS, learners_import_csv
from lms.core.roles import Role
from tests.factories import UserFactory
from tests.lms.cohorts.factories import LearnerGroupFactory, members_add

pytestmark = pytest.mark.django_db

HEADER = "username,first_name,last_name,phone,email,password\n"


def run(group, text, by=None):
    return learners_import_csv(group=group, csv_text=text, created_by=by or UserFactory())


def test_a_valid_file_creates_every_learner():
    group = LearnerGroupFactory(country="CL")
    text = (
        HEADER + "ana.s,Ana,Silva,+56 9 8765 4321,ana@example.org,\n"
        "rosa,Rosa,,,,cebolla-verde-27\n"
        "jose,José,Pérez,,,\n"
    )
    report = run(group, text)
    assert report.ok, (report.file_errors, report.row_errors)
    assert [(c.row, c.username, c.password_generated) for c in report.created] == [
        (2, "ana.s", True),
        (3, "rosa", False),
        (4, "jose", True),
    ]
    users = {u.username: u for u in User.objects.filter(username__in=["ana.s", "rosa", "jose"])}
    assert len(users) == 3
    for imported in report.created:
        user = users[imported.username]
        assert user.check_password(imported.password)
        assert (user.preferred_language, user.country) == ("es", "CL")
        assert user.groups.filter(name=Role.LEARNER.value).exists()
        assert Enrolment.objects.filter(learner=user, curriculum_key=group.curriculum_key).exists()
    assert report.created[1].password == "cebolla-verde-27"
    assert users["ana.s"].phone == "+56987654321"  # stored as the phone login expects it
    assert (users["ana.s"].email, users["jose"].last_name) == ("ana@example.org", "Pérez")
    assert Membership.objects.filter(group=group).count() == 3


def test_brazilian_spreadsheets_with_semicolons_and_loose_headers():
    group = LearnerGroupFactory(country="BR")
    text = "\ufeffUsername;First name;Last-Name\r\nmaria;Maria;Souza\r\n;;\r\njoao;João;\r\n"
    report = run(group, text)
    assert report.ok, (report.file_errors, report.row_errors)
    assert [(c.row, c.username) for c in report.created] == [(2, "maria"), (4, "joao")]
    assert User.objects.get(username="maria").preferred_language == "pt-br"


def test_a_file_with_bad_rows_imports_nothing_and_names_every_problem():
    UserFactory(username="taken", phone="+5531999990000", email="used@example.org")
    group = LearnerGroupFactory()
    facilitator = UserFactory()
    users_before = User.objects.count()
    text = HEADER + "\n".join(
        [
            "ana,Ana,,+55 31 98888-7777,ana@example.org,",  # 2: fine
            ",Sem,Nome,,,",  # 3: no username
            "ANA,Ana,Two,,,",  # 4: same username as row 2
            "Taken,Someone,,,,",  # 5: exists already
            "bia,Bia,,12ab,,",  # 6: not a phone
            "carla,Carla,,,not-an-email,",  # 7: not an email
            "dani,Dani,,+5531988887777,,",  # 8: same phone as row 2
            "eva,Eva,,,ANA@example.org,",  # 9: same email as row 2
            "fabi,Fabi,,+55 31 99999-0000,USED@example.org,",  # 10: both used by "taken"
            "gil,,,,,",  # 11: no first name
            "hugo,Hugo,,,,123",  # 12: a password nobody should have
            "a b,Spaces,,,,",  # 13: not a username
        ]
    )
    report = run(group, text, by=facilitator)
    assert not report.ok and report.created == [] and report.file_errors == []
    reasons = {e.row: e.reasons for e in report.row_errors}
    assert sorted(reasons) == [3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13]
    assert reasons[3] == ("Enter a username.",)
    assert reasons[4] == ("Same username as row 2.",)
    assert reasons[5] == ("A user with this username already exists.",)
    assert reasons[6] == ("Enter a phone number with 8 to 20 digits, optionally starting with +.",)
    assert reasons[7] == ("Enter a valid email address.",)
    assert reasons[8] == ("Same phone as row 2.",)
    assert reasons[9] == ("Same email as row 2.",)
    assert reasons[10] == (
        "This phone number is already used by another account.",
        "This email address is already used by another account.",
    )
    assert reasons[11] == ("Enter a first name.",)
    assert any("too short" in r for r in reasons[12])
    assert any("valid username" in r for r in reasons[13])
    assert {e.row: e.username for e in report.row_errors}[4] == "ANA"
    assert User.objects.count() == users_before
    assert not Membership.objects.exists()


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        (
            "user,first_name,last_name",
            ["Missing columns: username.", "Columns not recognised: user."],
        ),
        ("username,first_name", ["Missing columns: last_name."]),
        ("username,first_name,last_name,age", ["Columns not recognised: age."]),
        ("username,first_name,last_name,username", ["Columns named twice: username."]),
    ],
)
def test_a_wrong_header_is_explained(header, expected):
    report = run(LearnerGroupFactory(), f"{header}\nana,Ana,Silva,x\n")
    assert report.file_errors[0].startswith("The first row must name the columns: username,")
    assert report.file_errors[1:] == expected
    assert not User.objects.filter(username="ana").exists()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "The file is empty."),
        (HEADER, "The file has no learners in it, only the header."),
        (
            HEADER + "ana,Ana,,,,,extra\n",
            "These rows have more values than there are columns: 2.",
        ),
    ],
)
def test_empty_and_ragged_files(text, message):
    assert run(LearnerGroupFactory(), text).file_errors == [message]


def test_a_file_larger_than_the_group_is_refused_whole():
    group = LearnerGroupFactory(capacity=3)
    members_add(group, 1)
    text = HEADER + "".join(f"learner{n},L{n},,,,\n" for n in range(3))
    report = run(group, text)
    assert report.file_errors == [
        "Too many learners for this group: the file lists 3, and 2 of its 3 places are free."
    ]
    assert report.row_errors == []  # the rows themselves are fine
    assert not User.objects.filter(username__startswith="learner").exists()
    assert run(group, HEADER + "learner0,L0,,,,\nlearner1,L1,,,,\n").ok  # exactly the free places


def test_at_most_five_hundred_rows():
    group = LearnerGroupFactory(capacity=200)
    text = HEADER + "".join(f"l{n},L,,,,\n" for n in range(MAX_IMPORT_ROWS + 1))
    assert run(group, text).file_errors == [
        "This file lists 501 learners; import at most 500 at a time."
    ]
