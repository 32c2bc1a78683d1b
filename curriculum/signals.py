"""Content changes that make cached outlines, rendered lessons and visitors' whole pages stale
(see ``api.curriculum_outline`` and ``content_version``)."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.signals import page_published, page_unpublished, post_page_move

from . import api
from .models.snippets import Video, VideoCaption, VideoRendition

# A lesson's rendered HTML shows these too: a video becoming ready, a new caption track, a
# replaced image or document.
MEDIA_MODELS = (Video, VideoRendition, VideoCaption)
# Who may see a page (remembered per page: ``RestrictionsRememberedMixin``; the outlines list
# public pages only), and which page a host's root is: a visitor's kept page follows both.
SERVING_MODELS = (PageViewRestriction, Site)


@receiver(post_save)
@receiver(post_delete)
def page_saved_or_deleted(sender, **kwargs) -> None:
    if isinstance(sender, type) and (
        issubclass(sender, Page)
        or issubclass(sender, MEDIA_MODELS)
        or issubclass(sender, SERVING_MODELS)
        or sender in (get_image_model(), get_document_model())
    ):
        api.content_changed()


@receiver(page_published)
@receiver(page_unpublished)
@receiver(post_page_move)
def page_published_or_moved(sender, **kwargs) -> None:
    api.content_changed()
