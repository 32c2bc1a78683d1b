"""Retention: visit-log rows older than ``RUMO_RETAIN_VISIT_LOGS_DAYS`` are deleted; the
per-lesson summaries (``SessionProgress``, ``BlockProgress``) stay. Idempotent."""

from __future__ import annotations

from datetime import timedelta

from celery import shared_task
from django.conf import settings
from django.utils import timezone

from lms.progress.models import SessionVisit

BATCH = 5_000


def visit_logs_purge(*, days: int | None = None) -> int:
    """Delete visit rows older than ``days`` (the setting by default), in batches so a first
    run on a large table holds no long lock; returns how many were deleted."""
    days = settings.RUMO_RETAIN_VISIT_LOGS_DAYS if days is None else days
    cutoff = timezone.now() - timedelta(days=days)
    deleted = 0
    while True:
        ids = list(
            SessionVisit.objects.filter(started_at__lt=cutoff).values_list("pk", flat=True)[:BATCH]
        )
        if not ids:
            return deleted
        deleted += SessionVisit.objects.filter(pk__in=ids).delete()[0]


@shared_task
def visit_logs_purge_task() -> int:
    return visit_logs_purge()
