from __future__ import annotations

from django.utils import translation

from lms.programmes.models import ImportedParticipant, Programme, Target
from lms.reports.charts import report_charts
from lms.reports.demo import demo_results_seed
from lms.reports.results import ReportFilters, results_report
from lms.reports.tables import OUTCOME_HEADER, report_tables


def test_the_demo_seed_is_idempotent_and_fills_every_part_of_the_report(db):
    assert demo_results_seed() is True
    counts = (
        Programme.objects.count(),
        Target.objects.count(),
        ImportedParticipant.objects.count(),
    )
    assert demo_results_seed() is False
    assert (
        Programme.objects.count(),
        Target.objects.count(),
        ImportedParticipant.objects.count(),
    ) == counts
    assert Target.objects.filter(target__isnull=True).exists()  # reported only
    with translation.override("pt-br"):
        report = results_report(programmes=list(Programme.objects.all()), filters=ReportFilters())
        tables = report_tables(report)
        assert all(table.rows for table in tables)
        assert len(report_charts(report)) == 3
    results = [cells for cells, _total in tables[0].text_rows()]
    assert any(row[3] == "só informado" for row in results)
    outcomes = [cells for cells, _total in tables[1].text_rows()]
    # Every outcome indicator has a figure, but the business book's sales: imported records
    # never come from a book (the demo's own books feed it: tests/lms/business).
    book = [str(h) for h in OUTCOME_HEADER].index(
        "Average sales increase, from the business book (%)"
    )
    assert all(cell != "" for i, cell in enumerate(outcomes[-1]) if i != book + 1)
