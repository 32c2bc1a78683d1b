"""A changed graduation rule applies to everyone in its curriculum at once, in the background
(a curriculum may have thousands of participants; the admin's save must not wait)."""

from __future__ import annotations

from uuid import UUID

from celery import shared_task

from .services import curriculum_statuses_refresh


@shared_task
def curriculum_statuses_refresh_task(curriculum_key: str) -> int:
    return curriculum_statuses_refresh(curriculum_key=UUID(curriculum_key))
