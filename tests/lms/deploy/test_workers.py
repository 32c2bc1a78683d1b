"""Queues: transcoding has its own, and ``manage.py ping_workers`` gets an answer from a real
worker on each (through a folder broker here, through Redis in CI's second run)."""

from io import StringIO

import pytest
from celery.contrib.testing.worker import start_worker
from django.core.management import CommandError, call_command

from lms import celery_app
from lms.celery import DEFAULT_QUEUE, VIDEO_QUEUE


def _queue_of(task_name: str) -> str:
    return celery_app.amqp.router.route({}, task_name)["queue"].name


def test_transcoding_has_its_own_queue_and_short_work_keeps_the_default():
    assert _queue_of("curriculum.tasks.video_transcode_task") == VIDEO_QUEUE
    assert _queue_of("curriculum.tasks.pages_publish_scheduled_task") == DEFAULT_QUEUE


@pytest.mark.django_db(transaction=True)
def test_ping_workers_gets_an_answer_on_every_queue():
    celery_app.control.purge()
    out = StringIO()
    with start_worker(celery_app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        call_command("ping_workers", timeout=30, stdout=out)
    assert f"{DEFAULT_QUEUE}: answered by" in out.getvalue()
    assert f"{VIDEO_QUEUE}: answered by" in out.getvalue()


def test_ping_workers_fails_when_no_worker_answers():
    celery_app.control.purge()
    with pytest.raises(CommandError, match="No worker answered on: video"):
        call_command("ping_workers", queue=[VIDEO_QUEUE], timeout=1, stderr=StringIO())
    celery_app.control.purge()
