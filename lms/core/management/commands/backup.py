"""``manage.py backup FOLDER``: the database and the uploaded media, into an empty folder."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from lms.core.backups import BackupError, backup_create


class Command(BaseCommand):
    help = "Back up the database and MEDIA_ROOT into FOLDER (created; must be empty)."

    def add_arguments(self, parser):
        parser.add_argument("folder", type=Path)

    def handle(self, *args, folder: Path, **options):
        try:
            backup_create(folder=folder)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"Backup written to {folder}.")
