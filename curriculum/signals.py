"""Content changes that make cached outlines stale (see ``api.curriculum_outline``)."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from wagtail.models import Page
from wagtail.signals import page_published, page_unpublished, post_page_move

from . import api


@receiver(post_save)
@receiver(post_delete)
def page_saved_or_deleted(sender, **kwargs) -> None:
    if isinstance(sender, type) and issubclass(sender, Page):
        api.content_changed()


@receiver(page_published)
@receiver(page_unpublished)
@receiver(post_page_move)
def page_published_or_moved(sender, **kwargs) -> None:
    api.content_changed()
