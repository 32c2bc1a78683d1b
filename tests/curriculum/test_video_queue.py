"""Videos left waiting for the converter are sent again by Celery beat and given up after a
few tries; learners only ever get the small renditions of a ready video."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.loader import render_to_string
from django.test import override_settings
from django.utils import timezone

from curriculum import queueing
from curriculum.models import Video
from curriculum.models.snippets import VideoRendition
from curriculum.queueing import videos_requeue_stale
from lms import celery_app


@pytest.fixture
def sent_tasks(monkeypatch) -> list[tuple[str, tuple]]:
    """Tasks handed to the broker, by name and arguments (none sent for real)."""
    sent: list[tuple[str, tuple]] = []
    monkeypatch.setattr(
        celery_app, "send_task", lambda name, args=(), *a, **k: sent.append((name, tuple(args)))
    )
    return sent


def upload(name: str = "aula.mp4", size: int = 64) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"\x00" * size, content_type="video/mp4")


def waiting(minutes: int, *, attempts: int = 0, with_file: bool = True) -> Video:
    video = Video.objects.create(title="Aula", file=upload() if with_file else "")
    Video.objects.filter(pk=video.pk).update(
        queued_at=timezone.now() - timedelta(minutes=minutes), queue_attempts=attempts
    )
    return video


def test_the_requeue_runs_on_celery_beat():
    schedule = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert "curriculum.tasks.videos_requeue_stale_task" in schedule


@pytest.mark.django_db
def test_a_video_waiting_too_long_is_sent_again_and_counted(sent_tasks):
    stale = waiting(settings.RUMO_VIDEO_REQUEUE_MINUTES + 1)
    fresh = waiting(1)
    report = videos_requeue_stale()
    assert report == queueing.RequeueReport(requeued=1, failed=0)
    assert sent_tasks == [("curriculum.tasks.video_transcode_task", (stale.pk,))]
    stale.refresh_from_db()
    assert stale.queue_attempts == 1 and stale.status == Video.Status.PENDING
    assert timezone.now() - stale.queued_at < timedelta(minutes=1)
    fresh.refresh_from_db()
    assert fresh.queue_attempts == 0

    sent_tasks.clear()
    videos_requeue_stale()  # just sent again: not yet stale
    assert sent_tasks == []


@pytest.mark.django_db
def test_a_demo_video_not_drawn_yet_is_sent_to_the_drawing_task(sent_tasks):
    video = waiting(60, with_file=False)
    videos_requeue_stale()
    assert sent_tasks == [("curriculum.tasks.demo_video_make_task", (video.pk,))]


@pytest.mark.django_db
@override_settings(RUMO_VIDEO_QUEUE_ATTEMPTS=2)
def test_after_the_last_try_the_video_fails_with_a_reason(sent_tasks):
    video = waiting(60, attempts=2)
    report = videos_requeue_stale()
    assert report == queueing.RequeueReport(requeued=0, failed=1)
    assert sent_tasks == []
    video.refresh_from_db()
    assert video.status == Video.Status.FAILED
    assert "did not take this video after 3 tries" in video.error


@pytest.mark.django_db
def test_ready_converting_and_failed_videos_are_left_alone(sent_tasks):
    for status in (Video.Status.READY, Video.Status.PROCESSING, Video.Status.FAILED):
        video = waiting(600)
        Video.objects.filter(pk=video.pk).update(status=status)
    videos_requeue_stale()
    assert sent_tasks == []


@pytest.mark.django_db
def test_a_new_upload_resets_the_count(sent_tasks):
    video = waiting(60, attempts=2)
    video.file = upload("outra.mp4")
    video.save()
    video.refresh_from_db()
    assert video.queue_attempts == 0 and video.status == Video.Status.PENDING


def render(video: Video) -> str:
    return render_to_string(
        "curriculum/blocks/video.html",
        {"value": {"video": video, "caption": ""}, "block_id": "b1", "state": {"blocks": {}}},
    )


def with_rendition(video: Video) -> Video:
    VideoRendition.objects.create(
        video=video, height=240, bitrate_kbps=150, size_bytes=10,
        file=SimpleUploadedFile("r240.mp4", b"\x00" * 10),
    )  # fmt: skip
    return Video.objects.get(pk=video.pk)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("status", "message"),
    [
        (Video.Status.PENDING, "being prepared"),
        (Video.Status.PROCESSING, "being prepared"),
        (Video.Status.FAILED, "not available"),
    ],
)
def test_learners_never_get_the_upload_of_a_video_that_is_not_ready(sent_tasks, status, message):
    video = Video.objects.create(title="Aula", file=upload())
    Video.objects.filter(pk=video.pk).update(status=status)
    video = with_rendition(Video.objects.get(pk=video.pk))  # of an earlier upload
    html = render(video)
    assert video.sources == []
    assert "<video" not in html and video.file.url not in html
    assert message in html


@pytest.mark.django_db
@override_settings(RUMO_VIDEO_MAX_UPLOAD_SIZE=32)
def test_an_oversized_upload_is_never_played_as_it_is(sent_tasks):
    """Stored before the limit was lowered, or ready without renditions: still not sent."""
    video = Video.objects.create(title="Grande", file=upload(size=64))
    Video.objects.filter(pk=video.pk).update(status=Video.Status.READY)
    html = render(Video.objects.get(pk=video.pk))
    assert "<video" not in html and video.file.url not in html
    assert "not available" in html


@pytest.mark.django_db
def test_a_ready_video_plays_its_renditions_only(sent_tasks):
    video = Video.objects.create(title="Aula", file=upload())
    Video.objects.filter(pk=video.pk).update(status=Video.Status.READY)
    video = with_rendition(video)
    html = render(video)
    assert "<video" in html
    assert video.renditions.get().file.url in html
    assert video.file.url not in html
