"""Media that published lessons use: they cannot be deleted, and only reviewers change them.

Which lessons use an image, a document or a video is read from Wagtail's reference index:
it records what each page's stored content points at, and a live page's stored content is
what learners see (drafts live in revisions). A deletion is refused in ``pre_delete``, so
every way in (the admin's single and bulk deletes, the multiple-upload screen, code) meets
the same rule; ``curriculum.middleware`` turns the refusal into a message in the admin.
"""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models.signals import pre_delete
from django.utils.translation import ngettext
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Page, ReferenceIndex

NAMED_PAGES = 5


class MediaInUseError(Exception):
    """Deleting ``obj`` would take it out of the published lessons ``pages``."""

    def __init__(self, *, obj: models.Model, pages: list[Page]) -> None:
        self.obj = obj
        self.pages = pages
        self.message = media_in_use_message(obj=obj, pages=pages)
        super().__init__(self.message)


def media_live_pages(*, obj: models.Model) -> list[Page]:
    """The published pages (every language) whose learners see ``obj``, by title."""
    page_type = ContentType.objects.get_for_model(Page)
    page_ids = (
        ReferenceIndex.get_references_to(obj)
        .filter(base_content_type=page_type)
        .values_list("object_id", flat=True)
    )
    return list(
        Page.objects.live()
        .filter(pk__in=[int(pk) for pk in page_ids])
        .select_related("locale")
        .order_by("title", "locale__language_code")
    )


def media_in_use_message(*, obj: models.Model, pages: list[Page]) -> str:
    named = [f"“{page.title}” ({page.locale.language_code})" for page in pages[:NAMED_PAGES]]
    more = len(pages) - len(named)
    where = ", ".join(named)
    if more:
        where += " " + ngettext("and %(count)d more", "and %(count)d more", more) % {"count": more}
    return ngettext(
        "“%(title)s” cannot be deleted: the published lesson %(pages)s uses it. "
        "Take it out of that lesson and publish the lesson first.",
        "“%(title)s” cannot be deleted: the published lessons %(pages)s use it. "
        "Take it out of those lessons and publish them first.",
        len(pages),
    ) % {"title": str(obj), "pages": where}


def media_delete_check(*, obj: models.Model) -> None:
    """Raise ``MediaInUseError`` when a published lesson uses ``obj``."""
    pages = media_live_pages(obj=obj)
    if pages:
        raise MediaInUseError(obj=obj, pages=pages)


def _refuse_deleting_media_in_use(sender, instance, **kwargs) -> None:
    media_delete_check(obj=instance)


def guarded_media_models() -> list[type[models.Model]]:
    from curriculum.models import Video

    return [Video, get_image_model(), get_document_model()]


def media_guard_connect() -> None:
    for model in guarded_media_models():
        pre_delete.connect(
            _refuse_deleting_media_in_use,
            sender=model,
            dispatch_uid=f"rumo_media_in_use_{model._meta.label_lower}",
        )
