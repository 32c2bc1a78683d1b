"""A real Celery worker consumes a task from the configured broker: a folder on disk in the
embedded setup, Redis in CI's second run."""

import time
from datetime import timedelta

import pytest
from celery.contrib.testing.worker import start_worker
from django.conf import settings
from django.utils import timezone

from curriculum.models import SessionPage
from curriculum.tasks import pages_publish_scheduled_task
from lms import celery_app


@pytest.mark.django_db(transaction=True)
def test_worker_publishes_a_scheduled_session_through_the_broker(tree):
    assert not settings.CELERY_TASK_ALWAYS_EAGER
    session = tree["session"]
    session.unpublish()
    session = SessionPage.objects.get(pk=session.pk)
    session.go_live_at = timezone.now() + timedelta(milliseconds=300)
    session.save_revision().publish()
    time.sleep(0.5)
    celery_app.control.purge()

    with start_worker(celery_app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        pages_publish_scheduled_task.delay()
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if SessionPage.objects.filter(pk=session.pk, live=True).exists():
                break
            time.sleep(0.2)

    assert SessionPage.objects.get(pk=session.pk).live
