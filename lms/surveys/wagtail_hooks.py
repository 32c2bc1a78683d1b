from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import Instrument


class InstrumentViewSet(SnippetViewSet):
    """Instruments are written in Portuguese; wagtail-localize's "Translate" makes the
    Spanish version, which keeps every question key and limit of the source."""

    model = Instrument
    icon = "form"
    menu_label = _("Survey instruments")
    menu_order = 260
    add_to_admin_menu = True
    list_display = ["title", "kind", "locale"]
    list_filter = ["kind", "locale"]


register_snippet(InstrumentViewSet)
