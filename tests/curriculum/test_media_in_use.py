"""Media a published lesson uses cannot be deleted (by anyone, reviewers included), and only
reviewers replace the file of an image or document in use."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.urls import reverse
from PIL import Image as PILImage
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection
from wagtail.users.models import UserProfile

from curriculum.media_guard import MediaInUseError, media_live_pages
from curriculum.models import SessionPage, Video
from lms.accounts.services import roles_setup
from lms.core.roles import Role
from tests.factories import ModulePageFactory, SessionPageFactory, UserFactory, block

Image = get_image_model()
Document = get_document_model()


def png(colour: str = "red") -> SimpleUploadedFile:
    out = io.BytesIO()
    PILImage.new("RGB", (40, 30), colour).save(out, format="PNG")
    return SimpleUploadedFile("photo.png", out.getvalue(), content_type="image/png")


@pytest.fixture
def people(tree):
    groups = roles_setup()
    author, reviewer = UserFactory(), UserFactory()
    author.groups.add(groups[Role.AUTHOR])
    reviewer.groups.add(groups[Role.REVIEWER])
    for user in (author, reviewer):  # the assertions read the English messages
        UserProfile.objects.filter(pk=UserProfile.get_for_user(user).pk).update(
            preferred_language="en"
        )
    return {"author": author, "reviewer": reviewer}


@pytest.fixture
def media(db, people):
    root = Collection.get_first_root_node()
    image = Image.objects.create(
        title="Market stall", file=png(), collection=root, uploaded_by_user=people["author"]
    )
    document = Document.objects.create(
        title="Worksheet",
        file=SimpleUploadedFile("sheet.txt", b"Costs and prices"),
        collection=root,
        uploaded_by_user=people["author"],
    )
    video = Video.objects.create(
        title="Pricing", file=SimpleUploadedFile("pricing.mp4", b"\x00" * 64)
    )
    return {"image": image, "document": document, "video": video}


def _body(media) -> list[dict]:
    return [
        block("image", {"image": media["image"].pk, "alt_text": "A stall", "caption": ""}),
        block("video", {"video": media["video"].pk, "caption": "", "required": True}),
        block(
            "resource",
            {"document": media["document"].pk, "title": "Worksheet", "description": ""},
        ),
    ]


@pytest.fixture
def lesson(tree, media, django_capture_on_commit_callbacks) -> SessionPage:
    """A published lesson using the image, the video and the document."""
    with django_capture_on_commit_callbacks(execute=True):  # the reference index, after commit
        page = SessionPageFactory(
            parent=tree["module"], title="Setting prices", body=_body(media), number=2
        )
        page.save_revision().publish()
    return page


@pytest.mark.parametrize("kind", ["image", "document", "video"])
def test_media_used_by_a_published_lesson_cannot_be_deleted_even_in_code(lesson, media, kind):
    obj = media[kind]
    assert [page.title for page in media_live_pages(obj=obj)] == ["Setting prices"]
    with pytest.raises(MediaInUseError) as caught, transaction.atomic():
        obj.delete()
    assert "Setting prices" in caught.value.message
    assert type(obj).objects.filter(pk=obj.pk).exists()


DELETE_URLS = {
    "image": lambda obj: reverse("wagtailimages:delete", args=[obj.pk]),
    "document": lambda obj: reverse("wagtaildocs:delete", args=[obj.pk]),
    "video": lambda obj: reverse("wagtailsnippets_curriculum_video:delete", args=[obj.pk]),
}


@pytest.mark.parametrize("kind", ["image", "document", "video"])
def test_the_admin_refuses_the_deletion_naming_the_lesson(client, lesson, media, people, kind):
    obj = media[kind]
    client.force_login(people["reviewer"])
    url = DELETE_URLS[kind](obj)
    response = client.post(url, follow=True)
    assert response.status_code == 200
    assert type(obj).objects.filter(pk=obj.pk).exists()
    text = response.content.decode()
    assert "cannot be deleted" in text
    assert "Setting prices" in text


@pytest.mark.parametrize("kind", ["image", "document"])
def test_bulk_deletion_is_refused_too(client, lesson, media, superuser, kind):
    obj = media[kind]
    app, model = {"image": ("wagtailimages", "image"), "document": ("wagtaildocs", "document")}[
        kind
    ]
    url = reverse("wagtail_bulk_action", args=[app, model, "delete"]) + f"?id={obj.pk}"
    client.force_login(superuser)
    response = client.post(url, follow=True)
    assert response.status_code == 200
    assert type(obj).objects.filter(pk=obj.pk).exists()
    assert "Setting prices" in response.content.decode()


def test_media_no_published_lesson_uses_can_be_deleted(lesson, media, tree):
    # A draft of another lesson does not count: learners do not see it.
    unused = Image.objects.create(title="Spare", file=png("blue"))
    draft = SessionPageFactory(parent=tree["module"], title="Draft lesson", live=False)
    draft.body = [block("image", {"image": unused.pk, "alt_text": "x", "caption": ""})]
    draft.save_revision()
    unused.delete()
    assert not Image.objects.filter(pk=unused.pk).exists()


def test_after_unpublishing_the_lesson_its_media_can_be_deleted(lesson, media):
    lesson.unpublish()
    media["image"].delete()
    assert not Image.objects.filter(pk=media["image"].pk).exists()


def _image_edit(client, image, new_file):
    return client.post(
        reverse("wagtailimages:edit", args=[image.pk]),
        {
            "title": image.title,
            "file": new_file,
            "collection": image.collection_id,
            "tags": "",
            "focal_point_x": "",
            "focal_point_y": "",
            "focal_point_width": "",
            "focal_point_height": "",
        },
    )


def test_an_author_cannot_replace_the_file_of_an_image_a_lesson_uses(client, lesson, media, people):
    image = media["image"]
    client.force_login(people["author"])  # the uploader: Wagtail would let them
    response = _image_edit(client, image, png("green"))
    assert response.status_code == 200
    assert "only a reviewer can replace it" in response.content.decode()
    assert Image.objects.get(pk=image.pk).file.name == image.file.name


def test_a_reviewer_replaces_the_file_of_an_image_a_lesson_uses(client, lesson, media, people):
    image = media["image"]
    client.force_login(people["reviewer"])
    response = _image_edit(client, image, png("green"))
    assert response.status_code == 302
    assert Image.objects.get(pk=image.pk).file.name != image.file.name


def test_an_author_replaces_their_own_image_while_no_lesson_uses_it(client, media, people):
    image = media["image"]
    client.force_login(people["author"])
    response = _image_edit(client, image, png("green"))
    assert response.status_code == 302
    assert Image.objects.get(pk=image.pk).file.name != image.file.name


def test_an_author_cannot_replace_a_document_a_lesson_uses(client, lesson, media, people):
    document = media["document"]
    client.force_login(people["author"])
    response = client.post(
        reverse("wagtaildocs:edit", args=[document.pk]),
        {
            "title": document.title,
            "file": SimpleUploadedFile("other.txt", b"Other"),
            "collection": document.collection_id,
            "tags": "",
        },
    )
    assert response.status_code == 200
    assert "only a reviewer can replace it" in response.content.decode()
    assert Document.objects.get(pk=document.pk).file.name == document.file.name


def test_authors_may_not_change_images_others_uploaded(client, media, people):
    other = Image.objects.create(title="Someone else's", file=png("blue"))
    client.force_login(people["author"])
    response = client.get(reverse("wagtailimages:edit", args=[other.pk]))
    assert response.status_code in (302, 403)


def test_unrelated_pages_do_not_count(tree, media):
    ModulePageFactory(parent=tree["curriculum"], title="Empty module")
    assert media_live_pages(obj=media["image"]) == []


def test_a_deletion_is_in_the_audit_trail_with_who_did_it(client, media, people):
    from lms.audit.models import AuditEvent, AuditKind

    unused = Image.objects.create(title="Spare", file=png("blue"))
    client.force_login(people["reviewer"])
    response = client.post(reverse("wagtailimages:delete", args=[unused.pk]))
    assert response.status_code == 302
    event = AuditEvent.objects.get(kind=AuditKind.MEDIA_DELETED)
    assert event.actor == people["reviewer"]
    assert event.detail == {"media": "image", "id": unused.pk, "title": "Spare"}
