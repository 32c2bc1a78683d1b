"""Authors' changes to videos (and their captions) wait for a reviewer: learners keep the
published video until the change is approved."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from wagtail.models import WorkflowState

from curriculum.models import Video, VideoCaption
from lms.accounts.services import roles_setup
from lms.core.roles import Role
from tests.factories import UserFactory

VTT = b"WEBVTT\n\n00:00.000 --> 00:02.000\nOla\n"


@pytest.fixture
def people(tree):
    groups = roles_setup()
    author, reviewer = UserFactory(), UserFactory()
    author.groups.add(groups[Role.AUTHOR])
    reviewer.groups.add(groups[Role.REVIEWER])
    return {"author": author, "reviewer": reviewer}


@pytest.fixture
def video(db) -> Video:
    """A published video, as the demo seed and approved uploads leave them: converted."""
    video = Video.objects.create(
        title="Published title",
        file=SimpleUploadedFile("clip.mp4", b"\x00" * 64, content_type="video/mp4"),
    )
    VideoCaption.objects.create(
        video=video, language="pt-br", file=SimpleUploadedFile("pt.vtt", VTT)
    )
    Video.objects.filter(pk=video.pk).update(status=Video.Status.READY, duration_seconds=12.0)
    video.refresh_from_db()
    return video


def _edit_data(video: Video, **changes) -> dict:
    caption = video.captions.get()
    data = {
        "title": video.title,
        "captions-TOTAL_FORMS": "1",
        "captions-INITIAL_FORMS": "1",
        "captions-MIN_NUM_FORMS": "0",
        "captions-MAX_NUM_FORMS": "1000",
        "captions-0-id": str(caption.pk),
        "captions-0-language": caption.language,
        "captions-0-ORDER": "1",
    }
    data.update(changes)
    return data


def _edit_url(video: Video) -> str:
    return reverse("wagtailsnippets_curriculum_video:edit", args=[video.pk])


def test_an_authors_change_is_a_draft_until_a_reviewer_approves(client, people, video):
    client.force_login(people["author"])
    new_file = SimpleUploadedFile("new-take.mp4", b"\x01" * 64, content_type="video/mp4")
    response = client.post(
        _edit_url(video), _edit_data(video, title="Changed by the author", file=new_file)
    )
    assert response.status_code == 302, response.content.decode()[:2000]

    live = Video.objects.get(pk=video.pk)
    assert live.title == "Published title"  # learners still get the published video
    assert live.file.name == video.file.name
    assert live.status == Video.Status.READY
    assert live.has_unpublished_changes
    draft = live.get_latest_revision_as_object()
    assert draft.title == "Changed by the author"
    assert draft.file.name != video.file.name


def test_authors_cannot_publish_a_video_themselves(client, people, video):
    client.force_login(people["author"])
    client.post(
        _edit_url(video),
        _edit_data(video, title="Published by the author", **{"action-publish": "1"}),
    )
    assert Video.objects.get(pk=video.pk).title == "Published title"
    assert not people["author"].has_perm("curriculum.publish_video")
    assert people["reviewer"].has_perm("curriculum.publish_video")


def test_submitted_change_goes_live_when_the_reviewer_approves(
    client, people, video, django_capture_on_commit_callbacks
):
    client.force_login(people["author"])
    caption = video.captions.get()
    new_caption = SimpleUploadedFile("pt.vtt", VTT.replace(b"Ola", b"Ola, mundo"))
    client.post(
        _edit_url(video),
        _edit_data(
            video,
            title="Better title",
            **{"captions-0-file": new_caption, "action-submit": "1"},
        ),
    )
    video.refresh_from_db()
    assert video.title == "Published title"
    assert VideoCaption.objects.get(pk=caption.pk).file.name == caption.file.name
    state = WorkflowState.objects.get(object_id=str(video.pk))
    assert state.status == WorkflowState.STATUS_IN_PROGRESS

    task_state = state.current_task_state
    task = task_state.task.specific
    assert task.get_actions(video, people["author"]) == []
    with django_capture_on_commit_callbacks(execute=False):
        task.on_action(task_state, people["reviewer"], "approve")

    video.refresh_from_db()
    assert video.title == "Better title"
    assert video.captions.get().file.name != caption.file.name
    # Approving captions does not undo the conversion done before the draft was approved.
    assert video.status == Video.Status.READY
    assert video.duration_seconds == 12.0


def test_a_new_upload_approved_is_converted_again(
    people, video, django_capture_on_commit_callbacks
):
    video.file = SimpleUploadedFile("again.mp4", b"\x02" * 64, content_type="video/mp4")
    revision = video.save_revision(user=people["author"])
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        revision.publish(user=people["reviewer"])
    video.refresh_from_db()
    assert video.status == Video.Status.PENDING
    assert callbacks  # the conversion is queued after the commit


def test_videos_are_under_the_review_workflow(people, video):
    assert video.get_workflow() is not None
    author_perm = Permission.objects.get(codename="delete_video")
    assert author_perm not in people["author"].groups.get().permissions.all()


def test_an_approved_video_change_is_in_the_audit_trail(people, video):
    from lms.audit.models import AuditEvent, AuditKind

    video.title = "Approved title"
    revision = video.save_revision(user=people["author"])
    revision.publish(user=people["reviewer"])
    event = AuditEvent.objects.get(kind=AuditKind.MEDIA_APPROVED)
    assert event.detail["title"] == "Approved title"
    assert event.detail["drafted_by"] == people["author"].get_username()
