"""Hostile CSV files: oversized fields, values longer than their columns and lookalike
usernames are reported row by row (or as a file error), and nothing is imported."""

from __future__ import annotations

import pytest

from lms.accounts.models import User
from lms.cohorts.services import learners_import_csv
from tests.factories import UserFactory
from tests.lms.cohorts.factories import LearnerGroupFactory

pytestmark = pytest.mark.django_db

HEADER = "username,first_name,last_name,phone,email,password\n"


def run(text):
    group = LearnerGroupFactory(country="BR", capacity=200)
    return learners_import_csv(group=group, csv_text=text, created_by=UserFactory())


def test_a_field_over_the_csv_modules_limit_is_a_file_error():
    report = run(HEADER + "ana," + "A" * (200 * 1024) + ",Silva,,,\n")
    assert not report.ok and report.file_errors
    assert not User.objects.filter(username="ana").exists()


def test_a_quoted_field_that_never_closes_is_a_file_error():
    report = run(HEADER + 'ana,"Ana' + "x" * 140_000 + "\n")
    assert not report.ok
    assert not User.objects.filter(username="ana").exists()


@pytest.mark.parametrize(
    ("column", "value"),
    [
        ("first_name", "A" * 151),
        ("last_name", "S" * 151),
        ("email", "a" * 250 + "@example.org"),
        ("password", "p" * 4097),
    ],
)
def test_values_longer_than_their_columns_are_row_errors(column, value):
    row = {"username": "ana", "first_name": "Ana", "last_name": "", "phone": "", "email": ""}
    row["password"] = ""
    row[column] = value
    report = run(HEADER + ",".join(row.values()) + "\n")
    assert [e.row for e in report.row_errors] == [2]
    assert not User.objects.filter(username="ana").exists()


@pytest.mark.parametrize("username", ["аna", "ａｎａ", "ＡＮＡ", "ａna"])
def test_lookalike_usernames_are_refused(username):
    UserFactory(username="ana")
    report = run(HEADER + f"{username},Ana,,,,\n")
    assert [e.row for e in report.row_errors] == [2], report
    assert User.objects.count() == 2  # ana and the importer
