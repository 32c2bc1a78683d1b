from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel

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


class Programme(ClusterableModel, TimeStampedModel):
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

    # A parental key so that the admin edits a programme's curricula on the programme's page.
    programme = ParentalKey(
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


class ParticipantState(models.TextChoices):
    """Where an imported participant got to; a graduate counts as trained too."""

    ENROLLED = "enrolled", _("Enrolled")
    TRAINED = "trained", _("Trained")
    GRADUATED = "graduated", _("Graduated")
    DROPPED = "dropped", _("Dropped out")


class ImportedParticipant(models.Model):
    """A participant tracked outside Rumo (paper, spreadsheets), brought in from CSV. No
    name or contact: only what the results report counts, under the programme's own id."""

    programme = models.ForeignKey(
        Programme,
        on_delete=models.CASCADE,
        related_name="imported_participants",
        verbose_name=_("programme"),
    )
    pillar = models.CharField(_("pillar"), max_length=20, choices=Pillar.choices)
    country = models.CharField(_("country"), max_length=2, choices=User.Country.choices)
    external_id = models.CharField(_("external id"), max_length=60)
    # The participants app's Gender values; kept as text here because that app sits above.
    gender = models.CharField(_("gender"), max_length=12)
    birth_year = models.PositiveSmallIntegerField(_("year of birth"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=ParticipantState.choices)
    baseline_income = models.DecimalField(
        _("baseline income"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    followup_income = models.DecimalField(
        _("follow-up income"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    baseline_sales = models.DecimalField(
        _("baseline sales"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    followup_sales = models.DecimalField(
        _("follow-up sales"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    soft_skills_improved = models.BooleanField(
        _("improved at least one soft skill"), null=True, blank=True
    )
    # Part-time jobs count a half, so jobs are fractional; net jobs may be negative.
    jobs_created = models.DecimalField(
        _("net jobs created"), max_digits=9, decimal_places=2, null=True, blank=True
    )
    jobs_supported = models.DecimalField(
        _("jobs supported"), max_digits=9, decimal_places=2, null=True, blank=True
    )

    class Meta:
        verbose_name = _("imported participant")
        verbose_name_plural = _("imported participants")
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "external_id"], name="programmes_one_imported_participant"
            )
        ]

    def __str__(self) -> str:
        return f"{self.programme} · {self.external_id}"


class Institution(models.Model):
    """An institution of a programme's ecosystem (a school, an employment office, a
    cooperative), imported from CSV; those that improved their services count towards an
    "institutions improved" target."""

    programme = models.ForeignKey(
        Programme,
        on_delete=models.CASCADE,
        related_name="institutions",
        verbose_name=_("programme"),
    )
    pillar = models.CharField(_("pillar"), max_length=20, choices=Pillar.choices)
    country = models.CharField(_("country"), max_length=2, choices=User.Country.choices)
    external_id = models.CharField(_("external id"), max_length=60)
    name = models.CharField(_("name"), max_length=200)
    improved = models.BooleanField(_("improved its services"), default=False)

    class Meta:
        verbose_name = _("institution")
        verbose_name_plural = _("institutions")
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "external_id"], name="programmes_one_institution"
            )
        ]

    def __str__(self) -> str:
        return self.name
