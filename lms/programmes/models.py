from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from lms.accounts.models import User
from lms.core.models import TimeStampedModel


class Pillar(models.TextChoices):
    """The lines of work a programme reports on (the case study's five pillars)."""

    ENTERPRISE = "enterprise", _("Enterprise development")
    WORKFORCE = "workforce", _("Workforce development")
    VALUE_CHAIN = "value_chain", _("Value-chain development")
    ECOSYSTEM = "ecosystem", _("Ecosystem and institutional capacity")
    LEVERAGE = "leverage", _("Leverage of the mining value chain")


class Indicator(models.TextChoices):
    """What a target counts. A percentage of target is taken against the indicator the target
    names: a "graduated" target is met by graduates only."""

    TRAINED = "trained", _("Participants trained")
    GRADUATED = "graduated", _("Participants graduated")
    BUSINESSES_GRADUATED = "businesses_graduated", _("Businesses graduated")
    INSTITUTIONS_IMPROVED = "institutions_improved", _("Institutions that improved their services")
    JOBS_CREATED = "jobs_created", _("Net jobs created")
    JOBS_SUPPORTED = "jobs_supported", _("Jobs supported")


class Programme(TimeStampedModel):
    """A local-economy programme in one country, run for a funder."""

    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(_("slug"), max_length=60, unique=True)
    country = models.CharField(_("country"), max_length=2, choices=User.Country.choices)
    description = models.TextField(_("description"), max_length=2000, blank=True)

    class Meta:
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")
        ordering = ["country", "name"]

    def __str__(self) -> str:
        return self.name


class ProgrammeCurriculum(models.Model):
    """A curriculum (by its translation key, so it holds in every language) that a programme
    runs under one pillar."""

    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="curricula", verbose_name=_("programme")
    )
    pillar = models.CharField(_("pillar"), max_length=20, choices=Pillar.choices)
    curriculum_key = models.UUIDField(_("curriculum"), db_index=True)

    class Meta:
        verbose_name = _("programme curriculum")
        verbose_name_plural = _("programme curricula")
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "curriculum_key"], name="programmes_one_pillar_per_curriculum"
            )
        ]

    def __str__(self) -> str:
        return f"{self.programme} · {self.get_pillar_display()}"


class Target(models.Model):
    """A number a programme promised for one pillar, country and indicator by a date; no
    number means the indicator is reported only."""

    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="targets", verbose_name=_("programme")
    )
    pillar = models.CharField(_("pillar"), max_length=20, choices=Pillar.choices)
    country = models.CharField(_("country"), max_length=2, choices=User.Country.choices)
    indicator = models.CharField(_("indicator"), max_length=30, choices=Indicator.choices)
    target = models.DecimalField(
        _("target"),
        max_digits=12,
        decimal_places=1,
        null=True,
        blank=True,
        help_text=_("Leave empty when the indicator is reported without a target."),
    )
    due = models.DateField(_("due date"), null=True, blank=True)

    class Meta:
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        ordering = ["programme", "pillar", "country", "indicator"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "pillar", "country", "indicator"],
                name="programmes_one_target_per_indicator",
            ),
            models.CheckConstraint(
                condition=models.Q(target__isnull=True) | models.Q(target__gte=0),
                name="programmes_target_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.programme} · {self.get_pillar_display()} · {self.get_indicator_display()}"
