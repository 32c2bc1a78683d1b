from django import forms
from django.urls import path, reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.admin.viewsets.base import ViewSetGroup

from curriculum import api as curriculum_api

from .admin_views import ManagedForm, results_import_view, scoped_viewset
from .models import ImportedParticipant, Institution, Programme, ProgrammeCurriculum, Target
from .selectors import user_may_manage_programmes


def curriculum_choices() -> list[tuple[str, str]]:
    return [
        (str(c.translation_key), c.title)
        for c in curriculum_api.curricula_live(language=get_language())
    ]


# The admin's forms for these models narrow programme and country to the person's own.
for model in (Programme, Target, ImportedParticipant, Institution):
    model.base_form_class = ManagedForm

ProgrammeCurriculum.panels = [
    FieldPanel("pillar"),
    FieldPanel("curriculum_key", widget=forms.Select(choices=curriculum_choices)),
]


def _panels(*names: str) -> list[FieldPanel]:
    return [FieldPanel(name) for name in names]


class ProgrammeViewSet(scoped_viewset("pk")):
    name = "programmes"
    model = Programme
    icon = "site"
    menu_label = _("Programmes")
    list_display = ["name", "country"]
    list_filter = ["country"]
    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("country"),
        FieldPanel("description"),
        InlinePanel("curricula", label=_("Curricula and their pillars")),
    ]


class TargetViewSet(scoped_viewset("programme")):
    name = "programme_targets"
    model = Target
    icon = "tasks"
    menu_label = _("Targets")
    list_display = ["programme", "pillar", "country", "indicator", "target", "due"]
    list_filter = ["pillar", "country", "indicator"]
    panels = _panels("programme", "pillar", "country", "indicator", "target", "due")


class ImportedParticipantViewSet(scoped_viewset("programme")):
    name = "imported_participants"
    model = ImportedParticipant
    icon = "group"
    menu_label = _("Imported participants")
    list_display = ["external_id", "programme", "pillar", "country", "status"]
    list_filter = ["pillar", "country", "status"]
    search_fields = ["external_id"]
    panels = _panels(
        "programme", "pillar", "country", "external_id", "gender", "birth_year", "status",
        "baseline_income", "followup_income", "baseline_sales", "followup_sales",
        "soft_skills_improved", "jobs_created", "jobs_supported",
    )  # fmt: skip


class InstitutionViewSet(scoped_viewset("programme")):
    name = "institutions"
    model = Institution
    icon = "home"
    menu_label = _("Institutions")
    list_display = ["name", "programme", "pillar", "country", "improved"]
    list_filter = ["pillar", "country", "improved"]
    search_fields = ["name", "external_id"]
    panels = _panels("programme", "pillar", "country", "external_id", "name", "improved")


class ProgrammeResultsGroup(ViewSetGroup):
    menu_label = _("Programme results")
    menu_icon = "list-ul"
    menu_order = 250
    items = (ProgrammeViewSet, TargetViewSet, ImportedParticipantViewSet, InstitutionViewSet)


@hooks.register("register_admin_viewset")
def register_programme_viewsets():
    return ProgrammeResultsGroup()


class ImportMenuItem(MenuItem):
    def is_shown(self, request):
        return user_may_manage_programmes(user=request.user)


@hooks.register("register_admin_urls")
def register_import_urls():
    return [path("programmes/import/", results_import_view, name="programmes_import")]


@hooks.register("register_admin_menu_item")
def register_import_menu_item():
    return ImportMenuItem(
        _("Import results"), reverse("programmes_import"), icon_name="upload", order=260
    )
