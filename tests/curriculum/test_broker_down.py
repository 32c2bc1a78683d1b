"""Broker down: an author's save, the admin and the demo seed still succeed, the video waits
for the converter, and nothing hangs when the broker hangs."""

from __future__ import annotations

import logging
import threading

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from curriculum import api as curriculum_api
from curriculum.models import Video
from curriculum.queueing import task_send
from curriculum.tasks import video_transcode_task
from tests.outages import celery_broker, free_port, silent_server


def upload(name: str = "clip.mp4") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"\x00" * 64, content_type="video/mp4")


@pytest.fixture
def broker_down():
    with celery_broker(f"redis://127.0.0.1:{free_port()}/0"):
        yield


@pytest.mark.django_db
def test_saving_a_video_with_the_broker_down_keeps_it_waiting_and_logs(
    broker_down, django_capture_on_commit_callbacks, caplog
):
    with (
        caplog.at_level(logging.ERROR, logger="curriculum.queueing"),
        django_capture_on_commit_callbacks(execute=True) as callbacks,
    ):
        video = Video.objects.create(title="Aula", file=upload())
    # The conversion was tried after the commit (beside the content version's move).
    assert len([c for c in callbacks if c is not curriculum_api._version_bump]) == 1
    video.refresh_from_db()
    assert video.status == Video.Status.PENDING
    assert video.queued_at is not None and video.queue_attempts == 0
    assert "could not queue curriculum.tasks.video_transcode_task" in caplog.text


@pytest.mark.django_db
def test_a_broker_that_stops_between_two_saves(redis_server, django_capture_on_commit_callbacks):
    import redis

    with celery_broker(redis_server.url()):
        with django_capture_on_commit_callbacks(execute=True):
            first = Video.objects.create(title="Primeira", file=upload())
        queued = redis.Redis.from_url(redis_server.url()).llen("video")
        assert queued == 1  # the transcode went to the video queue of the real server

        redis_server.stop()
        with django_capture_on_commit_callbacks(execute=True):
            second = Video.objects.create(title="Segunda", file=upload())
    assert Video.objects.filter(pk__in=[first.pk, second.pk]).count() == 2
    second.refresh_from_db()
    assert second.status == Video.Status.PENDING


@pytest.mark.django_db
def test_a_hung_broker_never_holds_the_request():
    """A broker that accepts connections and never answers: publishing gives up within the
    settings' timeouts instead of waiting for ever."""
    outcome: list[bool] = []
    with silent_server() as url, celery_broker(url):
        sender = threading.Thread(
            target=lambda: outcome.append(task_send(task=video_transcode_task, args=(1,))),
            daemon=True,
        )
        sender.start()
        sender.join(timeout=30)
        hung = sender.is_alive()
    assert not hung, "publishing to a silent broker did not give up within 30 s"
    assert outcome == [False]


@pytest.mark.django_db
def test_the_admin_saves_a_video_with_the_broker_down(
    broker_down, superuser, client, django_capture_on_commit_callbacks
):
    client.force_login(superuser)
    data = {
        "title": "Aula enviada",
        "file": upload("aula.mp4"),
        "captions-TOTAL_FORMS": "0",
        "captions-INITIAL_FORMS": "0",
        "captions-MIN_NUM_FORMS": "0",
        "captions-MAX_NUM_FORMS": "1000",
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("wagtailsnippets_curriculum_video:add"), data)
    assert response.status_code == 302, response.content[:2000]
    video = Video.objects.get(title="Aula enviada")
    assert video.status == Video.Status.PENDING

    listing = client.get(reverse("wagtailsnippets_curriculum_video:list")).content.decode()
    # In whichever language the admin speaks to this user.
    labels = ("Waiting for the converter", "Aguardando o conversor", "Esperando al conversor")
    assert any(label in listing for label in labels)


@pytest.mark.django_db
def test_the_demo_seed_finishes_with_the_broker_down(
    broker_down, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        call_command("seed_curricula", limit=1, verbosity=0)
    videos = Video.objects.all()
    assert videos.exists()
    assert all(v.status == Video.Status.PENDING for v in videos)
