from django import forms
from django.db import models
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
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
