"""One command from a fresh checkout to a running demo: compile the catalogues, migrate, start
a Celery worker (with its scheduler), seed the demo, then serve the web app.

Every step says what it is doing and how far it has got: a first start works for a minute
and must not look hung. The demo's videos are drawn and converted by the worker after the
server is up; until a video is ready its lesson says that it is being prepared.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, OutputWrapper
from django.core.management.commands.migrate import Command as MigrateCommand
from django.db import connections
from django.db.migrations.executor import MigrationExecutor

from lms.core.catalogues import catalogues_compile, translation_caches_reset


class ProgressLine:
    """ "n of N" for a long step, a line at every tenth (readable in a terminal and a log)."""

    def __init__(self, out: OutputWrapper, label: str) -> None:
        self.out, self.label = out, label

    def __call__(self, done: int, total: int) -> None:
        if done == total or done * 10 // total > (done - 1) * 10 // total:
            self.out.write(f"    {self.label}: {done} of {total}")


class _Migrate(MigrateCommand):
    """Django's migrate, reporting each migration applied to a progress line."""

    progress: ProgressLine | None = None
    total = 0
    applied = 0

    def migration_progress_callback(self, action, migration=None, fake=False):
        if action == "apply_success" and self.progress is not None:
            self.applied += 1
            self.progress(self.applied, self.total)


class Command(BaseCommand):
    help = "Set up the demo (idempotent) and run the web server and a Celery worker."

    def add_arguments(self, parser):
        parser.add_argument("addrport", nargs="?", default="127.0.0.1:8000")
        parser.add_argument("--no-seed", action="store_true", help="Do not seed the demo.")

    def handle(self, *args, addrport: str, no_seed: bool, **options):
        started = time.monotonic()
        steps = 4 if no_seed else 5
        step = iter(range(1, steps + 1))

        def heading(text: str) -> None:
            self.stdout.write(self.style.MIGRATE_HEADING(f"[{next(step)}/{steps}] {text}"))

        heading("Translations")
        report = catalogues_compile(
            locale_dirs=[Path(p) for p in settings.LOCALE_PATHS], base_dir=settings.BASE_DIR
        )
        if report.written:
            # Compiled after Django read them (not started through manage.py): read again.
            translation_caches_reset()
        for problem in report.problems:
            self.stderr.write(problem)
        self.stdout.write(f"    {len(report.catalogues)} catalogues compiled.")

        heading("Database")
        self._migrate()

        heading("Celery worker")
        # Started before the seed so that it boots on the other core meanwhile; the demo
        # videos are queued when the seed is done.
        worker = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "lms", "--quiet", "--skip-checks", "worker",
             "--beat", "--concurrency", "1", "--loglevel", "warning"],
            env={**os.environ},
        )  # fmt: skip
        self.stdout.write(f"    Started (pid {worker.pid}).")
        # Stop the worker with the server, whether by Ctrl-C or by a supervisor's SIGTERM.
        signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
        try:
            if not no_seed:
                heading("Demo content")
                call_command(
                    "seed_demo", stdout=self.stdout, stderr=self.stderr,
                    verbosity=options["verbosity"],
                )  # fmt: skip
            heading("Web server")
            self.stdout.write(
                f"    Ready after {time.monotonic() - started:.0f} s: "
                f"http://{addrport}/pt-br/ and http://{addrport}/es/ (Ctrl-C stops)."
            )
            self._video_note()
            # The checks ran when this command started; once is enough.
            call_command("runserver", addrport, use_reloader=False, skip_checks=True)
        finally:
            worker.send_signal(signal.SIGTERM)
            try:
                worker.wait(timeout=15)
            except subprocess.TimeoutExpired:
                worker.kill()

    def _migrate(self) -> None:
        connection = connections["default"]
        executor = MigrationExecutor(connection)
        plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
        if not plan:
            self.stdout.write("    Up to date.")
            return
        self.stdout.write(
            f"    Applying {len(plan)} migrations (this machine does it once; "
            "it takes a while the first time)."
        )
        command = _Migrate(stdout=self.stdout, stderr=self.stderr)
        command.progress = ProgressLine(self.stdout, "migrations")
        command.total = len(plan)
        call_command(command, interactive=False, verbosity=0)

    def _video_note(self) -> None:
        from curriculum.models import Video

        waiting = Video.objects.exclude(status=Video.Status.READY).count()
        if waiting:
            total = Video.objects.count()
            self.stdout.write(
                f"    Videos: {total - waiting} of {total} ready; the worker prepares the rest "
                "(a few seconds each), and their lessons say so until then."
            )
