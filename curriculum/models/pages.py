"""The curriculum page tree: catalogue (home) → curriculum → module → session.

Pages hold content and presentation; ``get_context`` only reads. The tree is fixed by
``parent_page_types``/``subpage_types``.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from functools import cached_property

from django.core.exceptions import ValidationError
from django.db import models
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel, ObjectList, TabbedInterface
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField, TranslatableField

from curriculum.blocks.streams import FacilitatorGuideBlock, LearnerContentBlock

from .mixins import BusinessLevel, LevelsField, RestrictionsRememberedMixin, SummaryMixin

PAGE_TEXT_FIELDS = [
    TranslatableField("title"),
    TranslatableField("slug"),
    TranslatableField("seo_title"),
    TranslatableField("search_description"),
    TranslatableField("summary"),
]


@dataclass(frozen=True)
class SessionPager:
    previous: SessionPage | None
    next: SessionPage | None


def _live(queryset):
    return queryset.live().public()


class CataloguePage(RestrictionsRememberedMixin, SummaryMixin, Page):
    """The site's home in each language: lists the curricula."""

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["curriculum.CurriculumPage"]
    max_count_per_parent = 1
    template = "curriculum/pages/catalogue_page.html"

    content_panels = [*Page.content_panels, *SummaryMixin.summary_panels]
    search_fields = [*Page.search_fields, *SummaryMixin.search_fields]
    translatable_fields = PAGE_TEXT_FIELDS

    class Meta:
        verbose_name = _("catalogue")
        verbose_name_plural = _("catalogues")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["curricula"] = _live(CurriculumPage.objects.child_of(self)).order_by("path")
        return context


class CurriculumPage(RestrictionsRememberedMixin, SummaryMixin, Page):
    class Kind(models.TextChoices):
        PERSONAL_EFFECTIVENESS = "personal", _("Personal effectiveness")
        ENTERPRISE = "enterprise", _("Enterprise")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    audience = models.CharField(_("who it is for"), max_length=255, blank=True)

    parent_page_types = ["curriculum.CataloguePage"]
    subpage_types = ["curriculum.ModulePage"]
    template = "curriculum/pages/curriculum_page.html"

    content_panels = [
        *Page.content_panels,
        FieldPanel("kind"),
        FieldPanel("audience"),
        *SummaryMixin.summary_panels,
    ]
    search_fields = [*Page.search_fields, *SummaryMixin.search_fields]
    translatable_fields = [
        *PAGE_TEXT_FIELDS,
        TranslatableField("audience"),
        SynchronizedField("kind"),
    ]

    class Meta:
        verbose_name = _("curriculum")
        verbose_name_plural = _("curricula")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        modules = list(_live(ModulePage.objects.child_of(self)).order_by("path"))
        sessions = _live(SessionPage.objects.descendant_of(self)).order_by("path")
        by_module = defaultdict(list)
        for session in sessions:
            by_module[session.path[: -self.steplen]].append(session)
        context["modules"] = [(module, by_module[module.path]) for module in modules]
        return context


class ModulePage(RestrictionsRememberedMixin, SummaryMixin, Page):
    number = models.PositiveSmallIntegerField(_("module number"), default=1)
    refresher = models.BooleanField(
        _("refresher lessons"),
        default=False,
        help_text=_(
            "Short lessons people come back to after their training: searchable and open "
            "without enrolling."
        ),
    )

    parent_page_types = ["curriculum.CurriculumPage"]
    subpage_types = ["curriculum.SessionPage"]
    template = "curriculum/pages/module_page.html"

    content_panels = [
        *Page.content_panels,
        FieldPanel("number"),
        FieldPanel("refresher"),
        *SummaryMixin.summary_panels,
    ]
    search_fields = [*Page.search_fields, *SummaryMixin.search_fields]
    translatable_fields = [
        *PAGE_TEXT_FIELDS,
        SynchronizedField("number"),
        SynchronizedField("refresher"),
    ]

    class Meta:
        verbose_name = _("module")
        verbose_name_plural = _("modules")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["sessions"] = _live(SessionPage.objects.child_of(self)).order_by("path")
        return context


class SessionPage(RestrictionsRememberedMixin, SummaryMixin, Page):
    """One session: learner content for the phone, and a facilitator guide for the group
    session. The guide is rendered only in the facilitator preview (and, later, in the
    facilitators' own views): never on the learner page, in search or in a download."""

    number = models.PositiveSmallIntegerField(_("session number"), default=1)
    planned_minutes = models.PositiveSmallIntegerField(
        _("planned group session (minutes)"),
        default=0,
        help_text=_("Length of the facilitated group session; 0 for self-paced lessons."),
    )
    self_paced_minutes = models.PositiveSmallIntegerField(
        _("estimated self-paced minutes"), default=15
    )
    levels = LevelsField(
        _("business levels"),
        default=list,
        blank=True,
        help_text=_("Enterprise curriculum: the business levels this session serves."),
    )
    body = StreamField(LearnerContentBlock(), verbose_name=_("learner content"), blank=True)
    facilitator_guide = StreamField(
        FacilitatorGuideBlock(), verbose_name=_("facilitator guide"), blank=True
    )

    parent_page_types = ["curriculum.ModulePage"]
    subpage_types: list[str] = []
    template = "curriculum/pages/session_page.html"
    facilitator_template = "curriculum/pages/session_page_facilitator.html"

    content_panels = [
        *Page.content_panels,
        MultiFieldPanel(
            [
                FieldPanel("number"),
                FieldPanel("planned_minutes"),
                FieldPanel("self_paced_minutes"),
                FieldPanel("levels"),
            ],
            heading=_("Session"),
        ),
        *SummaryMixin.summary_panels,
        FieldPanel("body"),
    ]
    guide_panels = [FieldPanel("facilitator_guide")]
    edit_handler = TabbedInterface(
        [
            ObjectList(content_panels, heading=_("Learner content")),
            ObjectList(guide_panels, heading=_("Facilitator guide")),
            ObjectList(Page.promote_panels, heading=_("Promote")),
            ObjectList(Page.settings_panels, heading=_("Settings")),
        ]
    )
    # The facilitator guide is deliberately not indexed: search results are learner-facing.
    search_fields = [*Page.search_fields, *SummaryMixin.search_fields, index.SearchField("body")]
    translatable_fields = [
        *PAGE_TEXT_FIELDS,
        TranslatableField("body"),
        TranslatableField("facilitator_guide"),
        SynchronizedField("number"),
        SynchronizedField("planned_minutes"),
        SynchronizedField("self_paced_minutes"),
        SynchronizedField("levels"),
    ]

    class Meta:
        verbose_name = _("session")
        verbose_name_plural = _("sessions")

    @cached_property
    def pager(self) -> SessionPager:
        """The previous and next live session of the curriculum. Read only when the article is
        rendered, which a cached article skips."""
        curriculum = CurriculumPage.objects.ancestor_of(self).first()
        siblings = []
        if curriculum is not None:
            siblings = list(
                _live(SessionPage.objects.descendant_of(curriculum))
                .order_by("path")
                .only("pk", "title", "path", "url_path", "locale_id")
            )
        index = next((n for n, s in enumerate(siblings) if s.pk == self.pk), None)
        has_next = index is not None and index + 1 < len(siblings)
        return SessionPager(
            previous=siblings[index - 1] if index else None,
            next=siblings[index + 1] if has_next else None,
        )

    @property
    def agenda_minutes(self) -> int:
        return sum(
            block.value["minutes"] or 0
            for block in self.facilitator_guide
            if block.block_type == "agenda_item"
        )

    def get_levels_display(self) -> list[str]:
        return [str(BusinessLevel(level).label) for level in sorted(self.levels or [])]

    def clean(self):
        super().clean()
        total = self.agenda_minutes
        if total and total != self.planned_minutes:
            raise ValidationError(
                {
                    "planned_minutes": _(
                        "The facilitator guide's agenda adds up to %(agenda)d minutes, but the "
                        "planned group session is %(planned)d minutes. Make them equal."
                    )
                    % {"agenda": total, "planned": self.planned_minutes}
                }
            )

    @property
    def preview_modes(self):
        return [("", _("Learner view")), ("facilitator", _("Facilitator guide"))]

    def serve_preview(self, request, mode_name):
        if mode_name == "facilitator":
            from curriculum.api import session_agenda  # the api module imports these models

            context = self.get_context(request)
            context["agenda"] = session_agenda(session=self)
            return TemplateResponse(request, self.facilitator_template, context)
        return super().serve_preview(request, mode_name)
