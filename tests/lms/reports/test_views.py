from __future__ import annotations

import csv
import io
import re
from decimal import Decimal
from html import unescape

import pytest
from django.core.management import call_command
from django.utils import translation

from lms.reports.formatting import cell_text
from tests.factories import UserFactory

from .conftest import manager

URL = "/pt-br/results/"


def _screen_tables(html: str) -> dict[str, list[list[str]]]:
    tables = {}
    for key, body in re.findall(
        r'<table class="table results-table" id="results-(\w+)">(.*?)</table>', html, re.S
    ):
        rows = re.findall(r"<tr[^>]*>(.*?)</tr>", body, re.S)
        tables[key] = [
            [unescape(c) for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", r, re.S)] for r in rows
        ]
    return tables


def _csv_tables(text: str) -> list[list[list[str]]]:
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text[1:]), delimiter=";"))
    tables, current = [], None
    for row in rows:
        if not row:
            current = None
        elif current is None:
            current = []
            tables.append(current)  # the title row starts a table
        else:
            current.append(row)
    return tables


def test_csv_and_xlsx_downloads_equal_the_screen(client, results):
    from openpyxl import load_workbook

    boss = manager("BR")
    client.force_login(boss)
    page = client.get(URL)
    assert page.status_code == 200
    screen = _screen_tables(page.content.decode())
    assert screen["results"][1][2] == "Brasil" and len(screen["results"]) == 7
    download = client.get(URL + "results.csv")
    assert download["Content-Type"].startswith("text/csv")
    files = _csv_tables(download.content.decode())
    assert files == [
        screen[k] for k in ("results", "outcomes_pillar", "outcomes_country", "breakdown")
    ]
    book = load_workbook(io.BytesIO(client.get(URL + "results.xlsx").content))
    with translation.override("pt-br"):
        sheets = [
            [
                [cell_text(Decimal(str(v)) if isinstance(v, float) else v) for v in row]
                for row in sheet.iter_rows(values_only=True)
            ]
            for sheet in book.worksheets
        ]
    normalised = [[[("" if c == "None" else c) for c in row] for row in sheet] for sheet in sheets]
    assert normalised == [
        screen[k] for k in ("results", "outcomes_pillar", "outcomes_country", "breakdown")
    ]


def test_the_command_prints_the_download(client, results):
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    download = client.get(URL + "results.csv").content.decode()
    out = io.StringIO()
    call_command("results_report", "--format", "csv", "--language", "pt-br", stdout=out)
    assert out.getvalue() == download.removeprefix("\ufeff")


def test_a_manager_sees_only_their_countrys_programmes(client, results):
    client.force_login(manager("CL"))
    page = client.get(URL).content.decode()
    assert "EmpleaT" in page and "CRESCER" not in page
    tables = _screen_tables(page)
    assert all("Brasil" not in row for row in tables["results"])
    # Asking for another country's programme by id shows nothing of it.
    other = client.get(URL, {"programme": results["crescer"].pk})
    assert other.status_code == 400
    assert "Brasil" not in str(_screen_tables(other.content.decode()).get("results", []))


@pytest.mark.parametrize("who", ["anonymous", "learner", "facilitator"])
def test_others_may_not_see_the_report(client, results, who):
    from django.contrib.auth.models import Group

    from lms.core.roles import Role

    if who != "anonymous":
        user = UserFactory()
        if who == "facilitator":
            user.groups.add(Group.objects.get_or_create(name=Role.FACILITATOR.value)[0])
        client.force_login(user)
    for url in (URL, URL + "results.csv", URL + "results.xlsx"):
        response = client.get(url)
        assert response.status_code == (302 if who == "anonymous" else 403)


def test_managers_have_results_in_their_menu(client, results):
    client.force_login(manager("BR"))
    page = client.get("/pt-br/facilitate/").content.decode()
    assert f'href="{URL}"' in page
    client.force_login(UserFactory())
    assert f'href="{URL}"' not in client.get("/pt-br/learn/").content.decode()


@pytest.mark.parametrize(
    "query",
    [
        {"since": "2026-13-01"},
        {"until": "99999-01-01"},
        {"gender": "x" * 500},
        {"programme": "１"},
        {"since": "2026-05-01", "until": "2026-01-01"},
        {"age_band": "'; drop"},
    ],
)
def test_bad_filters_answer_400_not_500(client, results, query):
    client.force_login(manager("BR"))
    assert client.get(URL, query).status_code == 400
    assert client.get(URL + "results.csv", query).status_code == 200


def test_a_manager_without_programmes_is_told_where_to_add_them(client, results):
    client.force_login(manager("PE"))
    page = client.get(URL).content.decode()
    assert "results-results" not in page
    assert 'href="/admin/programmes/"' in page
