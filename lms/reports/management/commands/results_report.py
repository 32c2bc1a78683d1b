from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from lms.programmes.models import Programme
from lms.reports.exports import tables_csv
from lms.reports.results import ReportFilters, results_report
from lms.reports.tables import report_tables


class Command(BaseCommand):
    help = (
        "Print the programme results report (every programme, or one) as CSV: the same "
        "tables as the screen and its CSV download."
    )

    def add_arguments(self, parser):
        parser.add_argument("--format", choices=["csv"], default="csv")
        parser.add_argument("--programme", help="A programme's slug.")
        parser.add_argument("--country", help="An ISO code: BR, CL or PE.")
        parser.add_argument(
            "--language",
            default=settings.LANGUAGE_CODE,
            choices=[code for code, _name in settings.LANGUAGES],
        )

    def handle(self, *args, programme: str | None, country: str | None, language: str, **opts):
        programmes = list(Programme.objects.all())
        chosen = None
        if programme:
            chosen = next((p for p in programmes if p.slug == programme), None)
            if chosen is None:
                raise CommandError(f"No programme with the slug {programme!r}.")
        filters = ReportFilters(programme=chosen, country=(country or "").upper())
        with translation.override(language):
            report = results_report(programmes=programmes, filters=filters)
            self.stdout.write(tables_csv(report_tables(report), bom=False), ending="")
