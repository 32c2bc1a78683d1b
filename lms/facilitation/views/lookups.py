"""What several facilitation views read about a group: its sessions and curriculum in the
viewer's language, one of its scheduled sessions (404 otherwise), the live curricula."""

from __future__ import annotations

from django.http import Http404
from django.utils.translation import get_language

from curriculum import api as curriculum_api
from curriculum.data import SessionOutline
from lms.cohorts.models import LearnerGroup, ScheduledSession


def _sessions(group: LearnerGroup) -> list[SessionOutline]:
    """The group's sessions in the viewer's language (the source's where not translated)."""
    return curriculum_api.session_outlines(
        curriculum_key=group.curriculum_key, language=get_language()
    )


def _curriculum_title(group: LearnerGroup) -> str:
    outline = curriculum_api.curriculum_outline(
        curriculum_key=group.curriculum_key, language=get_language()
    )
    return outline.title if outline else ""


def _scheduled(group: LearnerGroup, scheduled_id: int) -> ScheduledSession:
    scheduled = ScheduledSession.objects.filter(group=group, pk=scheduled_id).first()
    if scheduled is None:
        raise Http404
    return scheduled


def _curricula() -> list[tuple[str, str]]:
    return [
        (str(c.translation_key), c.title)
        for c in curriculum_api.curricula_live(language=get_language())
    ]
