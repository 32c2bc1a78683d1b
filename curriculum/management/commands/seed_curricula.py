from django.core.management.base import BaseCommand

from curriculum.seeding import seed_curricula


class Command(BaseCommand):
    help = "Create the two demo curricula in pt-BR and es (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("--no-video", action="store_true", help="Skip the sample video clips.")
        parser.add_argument(
            "--limit", type=int, default=None, help="At most N sessions per curriculum."
        )

    def handle(self, *args, no_video: bool, limit: int | None, verbosity: int, **options):
        log = self.stdout.write if verbosity > 1 else (lambda _: None)
        report = seed_curricula(with_video=not no_video, limit=limit, log=log)
        self.stdout.write(
            f"Curricula: {len(report.created)} pages created, {report.existing} already there."
        )
