"""The report against a table computed by hand from the fixture (conftest.py):

Workforce (BR): live L1 graduated (income 1000 → 2000 at the latest follow-up, a soft skill
up), L2 trained (2000 → 1500, no skill up), L3 enrolled (her follow-up is not completed);
imported I1 graduated (1000 → 1200, skills up, 1 job supported), I2 dropped.
Value chain (BR): live L4 graduated (sales 1000 → 1250; jobs 1 + 0.5 → 2 + 0.5), imported I3
trained (sales 2000 → 1000, no skill up, 0.5 jobs created, 1.5 supported).
Ecosystem (BR): 3 of 4 institutions improved. Targets: workforce graduated 4, value chain
trained 4, institutions 2, jobs created 3, jobs supported reported only."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone, translation

from lms.accounts.consent import consent_record
from lms.accounts.models import ConsentRecord
from lms.business.models import Business, MonthSummary
from lms.participants.models import ParticipantStatus
from lms.reports.results import ReportFilters, results_report
from lms.reports.tables import report_tables

from .conftest import VALUE_CHAIN_KEY, add_live_participants

EXPECTED_RESULTS = [
    ["Workforce development", "Participants graduated", "Brazil", "4", "3", "2", "2", "50"],
    ["Value-chain development", "Participants trained", "Brazil", "4", "2", "1", "2", "50"],
    [
        "Ecosystem and institutional capacity",
        "Institutions that improved their services",
        "Brazil", "2", "", "", "3", "150",
    ],
    ["All pillars", "Net jobs created", "Brazil", "3", "", "", "1.5", "50"],
    ["All pillars", "Jobs supported", "Brazil", "reported only", "", "", "5", ""],
    ["All pillars", "", "Grand total", "10", "5", "3", "7", "70"],
]  # fmt: skip

EXPECTED_BY_PILLAR = [
    # participants, women %, income %, graduates higher income %, soft %, sales %,
    # sales % from the business book, jobs
    ["Workforce development", "5", "60", "31.7", "100", "66.7", "", "", "", "1"],
    ["Value-chain development", "2", "50", "", "", "0", "-12.5", "", "1.5", "4"],
    ["Total", "7", "57.1", "31.7", "100", "50", "-12.5", "", "1.5", "5"],
]

EXPECTED_BREAKDOWN = [
    # participants, women, men, other or not said, <18, 18-24, 25-34, 35-44, 45+, unknown
    ["Workforce development", "Brazil", "5", "<5", "<5", "0", "0", "0", "<5", "0", "<5", "<5"],
    ["Value-chain development", "Brazil", "<5", *["<5"] * 9],
]


def _text(table):
    return [cells for cells, _total in table.text_rows()]


def _report(programmes, **filters):
    with translation.override("en"):
        report = results_report(programmes=programmes, filters=ReportFilters(**filters))
        return {t.key: _text(t) for t in report_tables(report)}


def test_report_matches_the_hand_computed_table(results):
    tables = _report([results["crescer"]])
    assert tables["results"] == EXPECTED_RESULTS
    assert tables["outcomes_pillar"] == EXPECTED_BY_PILLAR
    assert tables["outcomes_country"] == [
        ["Brazil", *EXPECTED_BY_PILLAR[2][1:]],
        EXPECTED_BY_PILLAR[2],
    ]
    assert tables["breakdown"] == EXPECTED_BREAKDOWN


def test_another_countrys_programme_adds_its_own_rows(results):
    tables = _report([results["crescer"], results["empleat"]])
    assert [
        "Workforce development",
        "Participants trained",
        "Chile",
        "10",
        "1",
        "1",
        "1",
        "10",
    ] in tables["results"]
    # The grand total now holds both programmes: targets 10 + 10, trained 5 + 1.
    assert tables["results"][-1] == ["All pillars", "", "Grand total", "20", "6", "4", "8", "40"]


def test_filters_by_programme_and_country(results):
    both = [results["crescer"], results["empleat"]]
    assert _report(both, programme=results["crescer"]) == _report([results["crescer"]])
    assert _report(both, country="BR") == _report([results["crescer"]])


def test_gender_filter_shows_small_counts_as_under_five(results):
    tables = _report([results["crescer"]], gender="female")
    # Women in the workforce pillar: L1 and I1 graduated, L3 enrolled.
    assert tables["results"][0] == [
        "Workforce development", "Participants graduated", "Brazil", "4", "<5", "<5", "<5", "<5",
    ]  # fmt: skip
    assert tables["outcomes_pillar"][0] == ["Workforce development", *["<5"] * 9]


def test_period_leaves_out_imported_records_and_counts_as_of_its_end(results):
    from datetime import date

    tables = _report([results["crescer"]], since=date(2026, 3, 1), until=date(2026, 5, 31))
    # Only live participants trained in the period (L1, L2, L4); none had graduated by then.
    assert tables["results"][0] == [
        "Workforce development", "Participants graduated", "Brazil", "4", "2", "0", "0", "0",
    ]  # fmt: skip
    assert tables["results"][1][4:6] == ["1", "0"]


def test_area_filter_uses_the_profile(results):
    # L1, L2 and L3 live in a rural area; L4 has no profile; imported records have no area.
    rural = _report([results["crescer"]], area="rural")
    assert rural["results"][0][3:] == ["4", "2", "1", "1", "25"]
    urban = _report([results["crescer"]], area="urban")
    assert urban["results"][0][3:] == ["4", "0", "0", "0", "0"]


def test_the_report_runs_in_a_constant_number_of_queries(results, django_assert_num_queries):
    programmes = [results["crescer"]]
    # Targets, live participants, imported participants, institutions.
    with django_assert_num_queries(4), translation.override("en"):
        report_tables(results_report(programmes=programmes, filters=ReportFilters()))
    add_live_participants(results["crescer"], count=12)
    with django_assert_num_queries(4), translation.override("en"):
        tables = report_tables(results_report(programmes=programmes, filters=ReportFilters()))
    assert _text(tables[0])[0][4:6] == ["15", "14"]


def _book_of(person, sales_by_month):
    business = Business.objects.create(owner=person, name="Loja", sector="shop", country="BR")
    for month, sales in sales_by_month:
        MonthSummary.objects.create(business=business, month=month, sales=sales, entries=1)
    return business


def test_sales_from_the_business_book_stand_beside_the_survey_answers(results):
    """L4 (value chain) keeps a book: first complete month 1000, latest complete month 1500,
    +50 %; the current month (not complete) is left out. Counted only with consent."""
    l4 = ParticipantStatus.objects.get(curriculum_key=VALUE_CHAIN_KEY).person
    this_month = timezone.localdate().replace(day=1)
    earlier = [(this_month - timedelta(days=d)).replace(day=1) for d in (90, 30)]
    _book_of(l4, [(earlier[0], 1000), (earlier[1], 1500), (this_month, 99999)])
    assert _report([results["crescer"]])["outcomes_pillar"][1][7] == ""  # no consent yet
    consent_record(person=l4, kind=ConsentRecord.Kind.BOOK_SALES, recorded_by=l4)
    tables = _report([results["crescer"]])
    assert tables["outcomes_pillar"][1][6:8] == ["-12.5", "50"]  # surveys, book
    assert tables["outcomes_pillar"][2][7] == "50"
    ConsentRecord.objects.filter(person=l4).update(withdrawn_at=timezone.now())
    assert _report([results["crescer"]])["outcomes_pillar"][1][7] == ""
