"""Compile the project's gettext catalogues with polib (no system gettext needed), and with
``--check`` fail when any entry is untranslated or fuzzy."""

from pathlib import Path

import polib
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = (
        "Compile locale/*/LC_MESSAGES/*.po to .mo; --check fails on untranslated or fuzzy entries."
    )

    def add_arguments(self, parser):
        parser.add_argument("--check", action="store_true", help="Fail if any entry is incomplete.")

    def handle(self, *args, check: bool, **options):
        problems = []
        count = 0
        for locale_dir in settings.LOCALE_PATHS:
            for po_path in sorted(Path(locale_dir).glob("*/LC_MESSAGES/*.po")):
                catalogue = polib.pofile(str(po_path))
                untranslated = catalogue.untranslated_entries()
                fuzzy = catalogue.fuzzy_entries()
                if untranslated or fuzzy:
                    first = (untranslated + fuzzy)[0].msgid
                    problems.append(
                        f"{po_path.relative_to(settings.BASE_DIR)}: {len(untranslated)} "
                        f"untranslated, {len(fuzzy)} fuzzy (first: {first!r})"
                    )
                catalogue.save_as_mofile(str(po_path.with_suffix(".mo")))
                count += 1
        for problem in problems:
            self.stderr.write(problem)
        if check and problems:
            raise CommandError("Some catalogues are incomplete.")
        if not count:
            raise CommandError("No catalogues found under LOCALE_PATHS.")
        self.stdout.write(f"Compiled {count} catalogues.")
