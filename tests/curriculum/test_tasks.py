"""Scheduled publishing, run by the Celery task the beat scheduler fires every minute."""

import time
from datetime import timedelta

import pytest
from django.utils import timezone

from curriculum.models import SessionPage
from curriculum.tasks import pages_publish_scheduled_task


def schedule(session: SessionPage, when) -> None:
    session.go_live_at = when
    revision = session.save_revision()
    revision.publish()  # with go_live_at in the future this schedules rather than publishes


@pytest.fixture
def draft_session(tree) -> SessionPage:
    session = tree["session"]
    session.unpublish()
    return SessionPage.objects.get(pk=session.pk)


def test_scheduled_session_is_published_when_its_time_comes(draft_session):
    schedule(draft_session, timezone.now() + timedelta(seconds=1))
    pages_publish_scheduled_task()
    draft_session.refresh_from_db()
    assert not draft_session.live  # not yet
    time.sleep(1.2)
    pages_publish_scheduled_task()
    draft_session.refresh_from_db()
    assert draft_session.live


def test_task_leaves_future_schedules_alone_and_is_idempotent(draft_session):
    schedule(draft_session, timezone.now() + timedelta(days=1))
    pages_publish_scheduled_task()
    pages_publish_scheduled_task()
    draft_session.refresh_from_db()
    assert not draft_session.live
