from django import forms
from django.core.cache import cache
from django.db import models
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.models import (
    DraftStateMixin,
    PageViewRestriction,
    RevisionMixin,
    WorkflowMixin,
)
from wagtail.search import index


class BusinessLevel(models.IntegerChoices):
    LEVEL_1 = 1, _("Level 1")
    LEVEL_2 = 2, _("Level 2")
    LEVEL_3 = 3, _("Level 3")


class LevelsField(models.JSONField):
    """A list of business levels, edited as checkboxes. JSON keeps it portable between
    SQLite and PostgreSQL (no ArrayField)."""

    def formfield(self, **kwargs):
        return forms.TypedMultipleChoiceField(
            label=kwargs.get("label", capfirst(self.verbose_name)),
            help_text=kwargs.get("help_text", self.help_text),
            required=False,
            choices=BusinessLevel.choices,
            coerce=int,
            widget=forms.CheckboxSelectMultiple,
        )


class SummaryMixin(models.Model):
    """A one- or two-sentence summary shown in lists and search results."""

    summary = models.TextField(_("summary"), blank=True, max_length=500)

    search_fields = [index.SearchField("summary")]
    summary_panels = [FieldPanel("summary")]

    class Meta:
        abstract = True


class ReviewedMixin(WorkflowMixin, DraftStateMixin, RevisionMixin):
    """Changes wait as drafts until a reviewer approves them (Wagtail's drafts, revisions and
    workflow on a snippet): learners keep seeing the published row meanwhile.

    A revision is the author's work only. What the program writes on the row (fields not
    edited in forms, and those named in ``kept_from_database``) keeps its current value when
    a revision is published: a conversion that finished after the draft was saved is not
    undone by approving it.
    """

    kept_from_database: tuple[str, ...] = ()

    class Meta:
        abstract = True

    def with_content_json(self, content):
        obj = super().with_content_json(content)
        for field in self._meta.concrete_fields:
            if not field.editable or field.name in self.kept_from_database:
                setattr(obj, field.attname, getattr(self, field.attname))
        return obj


RESTRICTED_CACHE_SECONDS = 600


class RestrictionsRememberedMixin:
    """Wagtail checks the view restrictions of a page and its ancestors on every request it
    serves (two queries). Rumo's pages have none unless an editor sets one, so whether a page
    has any is kept in the cache under the content version, which saving or deleting a
    restriction replaces (``signals.py``), as does a move. A page with restrictions gets
    Wagtail's own queryset, so who may see it is still decided on every request."""

    def get_view_restrictions(self):
        from curriculum.api import content_version  # the api module imports the models

        key = f"curriculum:restricted:{content_version()}:{self.pk}"
        restricted = cache.get(key)
        if restricted is None:
            restricted = super().get_view_restrictions().exists()
            cache.set(key, restricted, timeout=RESTRICTED_CACHE_SECONDS)
        if not restricted:
            return PageViewRestriction.objects.none()
        return super().get_view_restrictions()
