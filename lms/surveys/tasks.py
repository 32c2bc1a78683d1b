"""The beat task that opens survey rounds when they fall due (and closes those of people who
withdrew consent). Idempotent: running it twice in a day changes nothing the second time."""

from __future__ import annotations

from celery import shared_task

from .services import rounds_open_due


@shared_task
def rounds_open_due_task() -> dict[str, int]:
    report = rounds_open_due()
    return {"scheduled": report.scheduled, "opened": report.opened, "closed": report.closed}
