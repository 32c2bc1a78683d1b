"""Sending work to the Celery workers without ever failing the request that asked for it.

The broker may be down or hanging: the author's save, the demo seed and every other caller
must still succeed. ``task_send`` publishes (within the short timeouts of
``lms/settings/stores.py``), logs a failure and returns whether the message went. Videos left
waiting are sent again by ``videos_requeue_stale``, run by Celery beat, which gives up after
``RUMO_VIDEO_QUEUE_ATTEMPTS`` tries and marks the video failed with a reason for its author.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from celery import Task
from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import ngettext

from curriculum.models.snippets import Video

logger = logging.getLogger(__name__)


def task_send(*, task: Task, args: tuple = ()) -> bool:
    """Publish ``task`` now; on any failure log it and answer False instead of raising."""
    try:
        task.apply_async(args=args)
    except Exception as error:
        logger.error("could not queue %s%r (the broker answered: %s)", task.name, args, error)
        return False
    return True


def task_send_on_commit(*, task: Task, args: tuple = ()) -> None:
    """Publish ``task`` once the current transaction commits (so the worker finds its rows),
    never failing the transaction's caller."""

    def send() -> None:
        task_send(task=task, args=args)

    transaction.on_commit(send)


def video_conversion_task(*, video: Video) -> Task:
    """The task that makes a video playable: convert its upload, or first draw a demo video
    that has no file yet."""
    from curriculum.tasks import demo_video_make_task, video_transcode_task

    return video_transcode_task if video.file else demo_video_make_task


@dataclass(frozen=True)
class RequeueReport:
    requeued: int = 0
    failed: int = 0


def videos_requeue_stale(*, now: datetime | None = None) -> RequeueReport:
    """Send again the conversion of every video still waiting for the converter after
    ``RUMO_VIDEO_REQUEUE_MINUTES``; a video already sent ``RUMO_VIDEO_QUEUE_ATTEMPTS`` times
    is marked failed instead, with what its author can do. Safe to run at any time: the
    conversion tasks do nothing for a video that is ready."""
    now = now or timezone.now()
    cutoff = now - timedelta(minutes=settings.RUMO_VIDEO_REQUEUE_MINUTES)
    stale = (
        Video.objects.filter(status=Video.Status.PENDING)
        .alias(waiting_since=Coalesce("queued_at", "created_at"))
        .filter(waiting_since__lt=cutoff)
        .only("pk", "file", "queue_attempts")
    )
    requeued = failed = 0
    for video in stale:
        still_waiting = Video.objects.filter(pk=video.pk, status=Video.Status.PENDING)
        if video.queue_attempts >= settings.RUMO_VIDEO_QUEUE_ATTEMPTS:
            tries = video.queue_attempts + 1  # the first send, then each sent again
            failed += still_waiting.update(
                status=Video.Status.FAILED,
                error=ngettext(
                    "The converter did not take this video after %(count)d try. Check "
                    "that the video worker is running, then upload the file again.",
                    "The converter did not take this video after %(count)d tries. Check "
                    "that the video worker is running, then upload the file again.",
                    tries,
                )
                % {"count": tries},
            )
            logger.warning("video %s gave up waiting for the converter", video.pk)
            continue
        if still_waiting.update(queued_at=now, queue_attempts=F("queue_attempts") + 1):
            task_send(task=video_conversion_task(video=video), args=(video.pk,))
            requeued += 1
    return RequeueReport(requeued=requeued, failed=failed)
