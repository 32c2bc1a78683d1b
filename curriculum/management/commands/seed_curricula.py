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

        def progress(done: int, total: int) -> None:
            # A line at every tenth: a first seed works for a while and must not look hung.
            if verbosity and (done == total or done * 10 // total > (done - 1) * 10 // total):
                self.stdout.write(f"    sessions: {done} of {total}")

        report = seed_curricula(with_video=not no_video, limit=limit, log=log, progress=progress)
        self.stdout.write(
            f"Curricula: {len(report.created)} pages created, {report.existing} already there."
        )
        if report.videos:
            self.stdout.write(
                f"Videos: {len(report.videos)} queued for the Celery worker, which draws and "
                "converts them."
            )
