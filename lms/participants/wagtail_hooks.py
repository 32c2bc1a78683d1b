"""Graduation rules in Wagtail's admin (Snippets), one per curriculum. Who may edit them is
Django's model permissions on ``GraduationRule`` (the programme managers' group)."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, PageChooserPanel
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import GraduationRule


class GraduationRuleViewSet(SnippetViewSet):
    model = GraduationRule
    icon = "tick-inverse"
    menu_label = _("Graduation rules")
    menu_order = 310
    add_to_admin_menu = True
    list_display = [
        "curriculum",
        "trained_min_sessions",
        "graduated_min_percent",
        "required_sessions",
        "graduated_min_quizzes",
    ]
    panels = [
        PageChooserPanel("curriculum", page_type="curriculum.CurriculumPage"),
        FieldPanel("trained_min_sessions"),
        FieldPanel("graduated_min_percent"),
        FieldPanel("required_sessions"),
        FieldPanel("graduated_min_quizzes"),
    ]


register_snippet(GraduationRuleViewSet)
