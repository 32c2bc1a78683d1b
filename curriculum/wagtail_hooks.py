from django.utils.translation import gettext_lazy as _
from wagtail.admin.ui.tables import Column, StatusTagColumn
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from curriculum.models import Video


class VideoViewSet(SnippetViewSet):
    model = Video
    icon = "media"
    menu_label = _("Videos")
    menu_order = 250
    add_to_admin_menu = True
    list_display = [
        "title",
        StatusTagColumn(
            "get_status_display",
            label=_("Status"),
            sort_key="status",
            primary=lambda video: video.status == Video.Status.READY,
        ),
        # Empty unless the conversion failed: then it says what to do.
        Column("error", label=_("Problem")),
        "duration_seconds",
        "created_at",
    ]
    list_filter = ["status"]
    search_fields = ["title"]


register_snippet(VideoViewSet)
