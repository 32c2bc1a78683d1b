from celery import shared_task
from django.core.management import call_command
from django.db import OperationalError

from curriculum.demo_video import demo_video_make
from curriculum.queueing import videos_requeue_stale
from curriculum.transcoding import video_transcode


@shared_task(name="curriculum.tasks.pages_publish_scheduled_task")
def pages_publish_scheduled_task() -> None:
    """Publish pages whose scheduled time has come and unpublish expired ones.

    Wagtail's command is idempotent: a page already published is not published twice.
    """
    call_command("publish_scheduled")


@shared_task(
    name="curriculum.tasks.video_transcode_task",
    # A full disk or a storage hiccup may pass; a file ffmpeg cannot read
    # will not, and the service records that as failed without raising.
    autoretry_for=(OSError,),
    max_retries=3,
    retry_backoff=30,
)
def video_transcode_task(video_id: int) -> None:
    """Convert an uploaded video into small renditions for learners' phones."""
    video_transcode(video_id=video_id, skip_if_ready=True)


@shared_task(
    name="curriculum.tasks.demo_video_make_task",
    # Also a database busy with the seed's last writes (SQLite: "database is locked").
    autoretry_for=(OSError, OperationalError),
    max_retries=3,
    retry_backoff=30,
)
def demo_video_make_task(video_id: int) -> None:
    """Draw a demo lesson video from its captions and convert it (queued by the demo seed)."""
    demo_video_make(video_id=video_id)


@shared_task(name="curriculum.tasks.videos_requeue_stale_task")
def videos_requeue_stale_task() -> None:
    """Send again the conversions that waited too long (the broker was down, a message was
    lost); give up on a video after a few tries (run by Celery beat)."""
    videos_requeue_stale()
