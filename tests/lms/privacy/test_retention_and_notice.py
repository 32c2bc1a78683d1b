"""Visit logs are purged after the retention period; the privacy notice is public and in
the page's language."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from lms.accounts.consent import NOTICE_VERSION
from lms.privacy.tasks import visit_logs_purge, visit_logs_purge_task
from lms.progress.models import SessionProgress, SessionVisit
from tests.factories import UserFactory
from tests.lms.facilitation.helpers import url

pytestmark = pytest.mark.django_db


def _visit(learner, days_ago: int) -> SessionVisit:
    visit = SessionVisit.objects.create(learner=learner, session_key=KEY, language="pt-br")
    SessionVisit.objects.filter(pk=visit.pk).update(
        started_at=timezone.now() - timedelta(days=days_ago)
    )
    return visit


KEY = "7b0c1c7e-5f7a-4a55-9d37-2f1f0a3b8c11"


def test_visits_older_than_the_setting_go_and_summaries_stay(settings):
    settings.RUMO_RETAIN_VISIT_LOGS_DAYS = 30
    learner = UserFactory()
    old, recent = _visit(learner, 31), _visit(learner, 29)
    SessionProgress.objects.create(learner=learner, session_key=KEY, curriculum_key=KEY, progress=1)
    assert visit_logs_purge_task() == 1
    assert list(SessionVisit.objects.values_list("pk", flat=True)) == [recent.pk]
    assert not SessionVisit.objects.filter(pk=old.pk).exists()
    assert SessionProgress.objects.filter(learner=learner).count() == 1
    # Idempotent: a second run finds nothing.
    assert visit_logs_purge() == 0
    assert SessionVisit.objects.count() == 1


def test_the_purge_runs_on_the_beat_schedule(settings):
    tasks = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert "lms.privacy.tasks.visit_logs_purge_task" in tasks


@pytest.mark.parametrize(
    ("language", "heading"), [("pt-br", "Aviso de privacidade"), ("es", "Aviso de privacidad")]
)
def test_the_notice_is_public_versioned_and_in_the_pages_language(client, language, heading):
    response = client.get(url("privacy:notice", language=language))
    assert response.status_code == 200
    page = response.content.decode()
    assert heading in page
    assert NOTICE_VERSION in page
    assert "Privacy notice" not in page


def test_the_footer_links_the_notice_and_my_data(client):
    page = client.get(url("privacy:notice")).content.decode()
    assert f'href="{url("privacy:notice")}"' in page
    client.force_login(UserFactory())
    page = client.get(url("privacy:notice")).content.decode()
    assert f'href="{url("privacy:my_data")}"' in page
