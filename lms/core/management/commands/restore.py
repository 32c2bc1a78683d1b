"""``manage.py restore FOLDER --yes``: replace the database and the uploaded media with a
backup's. Stop the web server and the workers first."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from lms.core.backups import BackupError, backup_restore


class Command(BaseCommand):
    help = "Replace the database and MEDIA_ROOT with the backup in FOLDER (stop Rumo first)."

    def add_arguments(self, parser):
        parser.add_argument("folder", type=Path)
        parser.add_argument(
            "--yes", action="store_true", help="Confirm: the current data will be replaced."
        )

    def handle(self, *args, folder: Path, yes: bool, **options):
        if not yes:
            raise CommandError("Restoring replaces every current record and upload: add --yes.")
        try:
            manifest = backup_restore(folder=folder)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"Restored the backup of {manifest['created']} from {folder}.")
