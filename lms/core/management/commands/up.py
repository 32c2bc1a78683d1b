"""One command from a fresh checkout to a running demo: migrate, compile the catalogues,
seed the demo, then serve the web app and a Celery worker (with its scheduler) together."""

import os
import signal
import subprocess
import sys

from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Set up the demo (idempotent) and run the web server and a Celery worker."

    def add_arguments(self, parser):
        parser.add_argument("addrport", nargs="?", default="127.0.0.1:8000")
        parser.add_argument("--no-seed", action="store_true", help="Do not seed the demo.")

    def handle(self, *args, addrport: str, no_seed: bool, **options):
        call_command("migrate", interactive=False, verbosity=0)
        call_command("compile_catalogues")
        if not no_seed:
            call_command("seed_demo")
        worker = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "lms", "worker", "--beat",
             "--concurrency", "1", "--loglevel", "warning"],
            env={**os.environ},
        )  # fmt: skip
        self.stdout.write(f"Celery worker started (pid {worker.pid}).")
        # Stop the worker with the server, whether by Ctrl-C or by a supervisor's SIGTERM.
        signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
        try:
            call_command("runserver", addrport, use_reloader=False)
        finally:
            worker.send_signal(signal.SIGTERM)
            try:
                worker.wait(timeout=15)
            except subprocess.TimeoutExpired:
                worker.kill()
