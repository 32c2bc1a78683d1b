from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from lms.programmes.imports import ImportKind, results_import


class Command(BaseCommand):
    help = (
        "Import results tracked outside Rumo from a CSV file: targets, participants or "
        "institutions (columns in the README). All rows or none."
    )

    def add_arguments(self, parser):
        parser.add_argument("--kind", required=True, choices=[k.value for k in ImportKind])
        parser.add_argument("file", type=Path)

    def handle(self, *args, kind: str, file: Path, **options):
        try:
            data = file.read_bytes()
        except OSError as error:
            raise CommandError(f"Cannot read {file}: {error.strerror}") from error
        report = results_import(kind=ImportKind(kind), data=data, user=None)
        if report.file_error:
            raise CommandError(report.file_error)
        if report.errors:
            for error in report.errors:
                self.stderr.write(f"line {error.line}, {error.column or '-'}: {error.message}")
            raise CommandError(f"{len(report.errors)} errors; nothing was imported.")
        self.stdout.write(
            f"{report.rows} rows: {report.created} created, {report.updated} updated, "
            f"{report.unchanged} unchanged."
        )
