"""Send a ping task to each Celery queue and wait for a worker's answer: a health check for
production (are the workers up, is the broker reachable?) and CI's round trip on Redis."""

import time

from celery.exceptions import TimeoutError as CeleryTimeoutError
from django.core.management.base import BaseCommand, CommandError

from lms.celery import DEFAULT_QUEUE, VIDEO_QUEUE, ping_task


class Command(BaseCommand):
    help = "Send a ping task to each Celery queue; fail unless a worker answers in time."
    requires_system_checks = []  # a health check must not need the web server's settings

    def add_arguments(self, parser):
        parser.add_argument(
            "--queue",
            action="append",
            choices=[DEFAULT_QUEUE, VIDEO_QUEUE],
            help="Queue to ping (repeatable); default: every queue.",
        )
        parser.add_argument(
            "--timeout", type=float, default=30.0, help="Seconds to wait for each answer."
        )

    def handle(self, *args, queue: list[str] | None, timeout: float, **options):
        if not 0 < timeout <= 600:
            raise CommandError("--timeout must be between 0 and 600 seconds.")
        failed = []
        for name in queue or [DEFAULT_QUEUE, VIDEO_QUEUE]:
            started = time.monotonic()
            result = ping_task.apply_async(queue=name, expires=timeout)
            try:
                hostname = result.get(timeout=timeout)
            except CeleryTimeoutError:
                failed.append(name)
                self.stderr.write(f"{name}: no answer in {timeout:g} s")
                continue
            result.forget()
            elapsed = time.monotonic() - started
            self.stdout.write(f"{name}: answered by {hostname} in {elapsed:.2f} s")
        if failed:
            raise CommandError(f"No worker answered on: {', '.join(failed)}.")
