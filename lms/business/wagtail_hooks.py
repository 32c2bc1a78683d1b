from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import SuggestionRule


class SuggestionRuleViewSet(SnippetViewSet):
    """Rules are written in Portuguese; wagtail-localize's "Translate" makes the Spanish
    version, whose lesson is the Spanish translation of the same refresher."""

    model = SuggestionRule
    icon = "tip"
    menu_label = _("Lesson suggestions")
    menu_order = 270
    add_to_admin_menu = True
    list_display = ["condition", "months", "lesson", "locale", "active"]
    list_filter = ["condition", "locale", "active"]


register_snippet(SuggestionRuleViewSet)
