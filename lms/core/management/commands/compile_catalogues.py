"""Compile the project's gettext catalogues with polib (no system gettext needed), and with
``--check`` fail when any entry is untranslated or fuzzy."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from lms.core.catalogues import catalogues_compile


class Command(BaseCommand):
    help = (
        "Compile locale/*/LC_MESSAGES/*.po to .mo; --check fails on untranslated or fuzzy entries."
    )

    def add_arguments(self, parser):
        parser.add_argument("--check", action="store_true", help="Fail if any entry is incomplete.")

    def handle(self, *args, check: bool, **options):
        report = catalogues_compile(
            locale_dirs=[Path(p) for p in settings.LOCALE_PATHS], base_dir=settings.BASE_DIR
        )
        for problem in report.problems:
            self.stderr.write(problem)
        if check and report.problems:
            raise CommandError("Some catalogues are incomplete.")
        if not report.catalogues:
            raise CommandError("No catalogues found under LOCALE_PATHS.")
        self.stdout.write(
            f"Compiled {len(report.catalogues)} catalogues ({len(report.written)} changed)."
        )
