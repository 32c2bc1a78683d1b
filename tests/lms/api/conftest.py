"""A session with a video, a quiz, a reflection and a resource for the learner's events; the
facilitation fixtures (a group with its schedule and members) for attendance."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from wagtail.documents.models import Document

from curriculum.models import SessionPage, Video
from tests.factories import (
    block,
    multiple_choice,
    numeric_question,
    quiz,
    reflection,
    single_choice,
)
from tests.lms.facilitation.conftest import (  # noqa: F401  (fixtures)
    curriculum,
    facilitator,
    group,
    members,
    outlines,
    roles,
)


@pytest.fixture
def rich_session(tree) -> SessionPage:
    page = tree["session"]
    video = Video.objects.create(title="Clip", file=SimpleUploadedFile("c.mp4", b"\0"))
    document = Document.objects.create(title="Sheet", file=SimpleUploadedFile("s.pdf", b"%PDF"))
    page.body = [
        block("video", {"video": video.pk, "caption": "", "required": True}),
        quiz(single_choice("Pick one"), multiple_choice(), numeric_question()),
        reflection(),
        block("resource", {"document": document.pk, "title": "Sheet", "description": ""}),
    ]
    page.save_revision().publish()
    return SessionPage.objects.get(pk=page.pk)


@pytest.fixture
def blocks(rich_session) -> dict[str, str]:
    return {b.block_type: b.id for b in rich_session.body}


def event(user, kind: str, payload: dict, *, at=None, event_id=None) -> dict:
    """An event as the phone's queue makes it."""
    at = at or timezone.now() - timedelta(minutes=5)
    return {
        "id": str(event_id or uuid.uuid4()),
        "user": user.pk,
        "kind": kind,
        "occurred_at": at.isoformat(),
        "payload": payload,
    }
