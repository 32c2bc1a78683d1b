"""The admin's image and document forms (``WAGTAILIMAGES_IMAGE_FORM_BASE``,
``WAGTAILDOCS_DOCUMENT_FORM_BASE``): Wagtail lets uploaders edit their own uploads, but the
file of one a published lesson uses is replaced only by someone who may change every image
or document (a reviewer). Authors upload a new one and put it in the lesson's draft, which
goes through review like any other change to the lesson."""

from __future__ import annotations

from django.utils.translation import ngettext
from wagtail.documents.forms import BaseDocumentForm
from wagtail.images.forms import BaseImageForm

from .media_guard import NAMED_PAGES, media_live_pages


class LiveMediaFileMixin:
    def __init__(self, *args, **kwargs) -> None:
        self.editing_user = kwargs.get("user")
        super().__init__(*args, **kwargs)

    def clean(self):
        cleaned_data = super().clean()
        if self.instance.pk and "file" in self.changed_data and not self._may_replace_live():
            pages = media_live_pages(obj=self.instance)
            if pages:
                titles = ", ".join(f"“{page.title}”" for page in pages[:NAMED_PAGES])
                self.add_error(
                    "file",
                    ngettext(
                        "The published lesson %(pages)s uses this file: only a reviewer can "
                        "replace it. Upload a new file and put it in the lesson instead; "
                        "the lesson goes through review.",
                        "The published lessons %(pages)s use this file: only a reviewer can "
                        "replace it. Upload a new file and put it in the lessons instead; "
                        "the lessons go through review.",
                        len(pages),
                    )
                    % {"pages": titles},
                )
        return cleaned_data

    def _may_replace_live(self) -> bool:
        user = self.editing_user
        if user is None or not user.is_active:
            return False
        # The collection's own "change" permission, without Wagtail's "uploaders may change
        # their own" rule (which would let any author replace what they once uploaded).
        return self.permission_policy._check_perm(
            user, ["change"], collection=self.instance.collection
        )


class ImageForm(LiveMediaFileMixin, BaseImageForm):
    pass


class DocumentForm(LiveMediaFileMixin, BaseDocumentForm):
    pass
