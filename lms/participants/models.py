from __future__ import annotations

import re
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from curriculum.models.mixins import BusinessLevel
from lms.core.models import TimeStampedModel

_NUMBERS = re.compile(r"^\s*\d{1,3}(\s*,\s*\d{1,3})*\s*$")


def session_numbers(value: str) -> frozenset[int]:
    """ "12, 24" → {12, 24}; anything else (validated away in the admin) → none."""
    if not value or not _NUMBERS.match(value):
        return frozenset()
    return frozenset(int(n) for n in value.split(",") if int(n) > 0)


def session_numbers_validator(value: str) -> None:
    if value and not _NUMBERS.match(value):
        raise ValidationError(_("Write session numbers separated by commas, e.g. 12, 24."))


class Gender(models.TextChoices):
    FEMALE = "female", _("Woman")
    MALE = "male", _("Man")
    OTHER = "other", _("Another gender")
    UNDISCLOSED = "undisclosed", _("Prefer not to say")


class Area(models.TextChoices):
    RURAL = "rural", _("Rural")
    URBAN = "urban", _("Urban")


class Schooling(models.TextChoices):
    NONE = "none", _("No schooling")
    PRIMARY = "primary", _("Primary school")
    SECONDARY = "secondary", _("Secondary school")
    TECHNICAL = "technical", _("Technical course")
    HIGHER = "higher", _("Higher education")


class EmploymentStatus(models.TextChoices):
    EMPLOYED = "employed", _("Employed")
    SELF_EMPLOYED = "self_employed", _("Self-employed or own business")
    UNEMPLOYED = "unemployed", _("Looking for work")
    STUDYING = "studying", _("Studying")
    HOME = "home", _("Caring for home or family")
    OTHER = "other", _("Other")


class ParticipantProfile(TimeStampedModel):
    """What a programme reports a participant by. Birth year is on the user (it decides
    guardian consent); everything here is optional but gender, and collected only once the
    person (or, under 18, their guardian) has consented."""

    person = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="participant_profile",
        verbose_name=_("person"),
    )
    gender = models.CharField(_("gender"), max_length=12, choices=Gender.choices)
    municipality = models.CharField(_("municipality"), max_length=120, blank=True)
    area = models.CharField(_("rural or urban"), max_length=5, choices=Area.choices, blank=True)
    schooling = models.CharField(
        _("schooling"), max_length=10, choices=Schooling.choices, blank=True
    )
    employment_status = models.CharField(
        _("employment status"), max_length=15, choices=EmploymentStatus.choices, blank=True
    )
    # Entrepreneurs only.
    business_sector = models.CharField(_("business sector"), max_length=80, blank=True)
    business_level = models.PositiveSmallIntegerField(
        _("business size level"), choices=BusinessLevel.choices, null=True, blank=True
    )
    business_formal = models.BooleanField(_("formally registered business"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )

    class Meta:
        verbose_name = _("participant profile")
        verbose_name_plural = _("participant profiles")

    def __str__(self) -> str:
        return str(self.person)


class ParticipantStatus(models.Model):
    """One participant's standing in one curriculum (by translation key), kept up to date by
    services whenever attendance, progress or quiz results change."""

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="participant_statuses",
        verbose_name=_("person"),
    )
    curriculum_key = models.UUIDField(_("curriculum"))
    group = models.ForeignKey(
        "cohorts.LearnerGroup",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("group"),
    )
    sessions_done = models.PositiveSmallIntegerField(_("sessions attended or completed"), default=0)
    attendance_share = models.DecimalField(
        _("attendance share"), max_digits=4, decimal_places=3, default=0
    )
    quizzes_passed = models.PositiveSmallIntegerField(_("quizzes passed"), default=0)
    on_track = models.BooleanField(_("on track to graduate"), default=False)
    trained_at = models.DateTimeField(_("trained on"), null=True, blank=True)
    graduated_at = models.DateTimeField(_("graduated on"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("participant status")
        verbose_name_plural = _("participant statuses")
        constraints = [
            models.UniqueConstraint(
                fields=["person", "curriculum_key"], name="participants_one_status_per_curriculum"
            )
        ]
        indexes = [models.Index(fields=["curriculum_key", "graduated_at"])]

    def __str__(self) -> str:
        return f"{self.person} · {self.curriculum_key}"


class GraduationRule(TimeStampedModel):
    """When a participant of one curriculum counts as trained and as graduated. Curricula
    without a rule follow ``DEFAULT_RULE`` in ``lms.participants.rules``."""

    curriculum = models.OneToOneField(
        "curriculum.CurriculumPage",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("curriculum"),
        help_text=_("The rule applies to every language of this curriculum."),
    )
    # Set from the page on save: status rows and groups know curricula by translation key.
    curriculum_key = models.UUIDField(_("curriculum key"), unique=True, editable=False)
    trained_min_sessions = models.PositiveSmallIntegerField(
        _("trained: sessions attended or completed"),
        default=12,
        validators=[MinValueValidator(1), MaxValueValidator(200)],
        help_text=_("A participant counts as trained after this many sessions."),
    )
    graduated_min_percent = models.PositiveSmallIntegerField(
        _("graduated: share of sessions (%)"),
        default=75,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        help_text=_("Share of the curriculum's sessions attended or completed."),
    )
    required_sessions = models.CharField(
        _("graduated: required sessions"),
        max_length=100,
        blank=True,
        validators=[session_numbers_validator],
        help_text=_("Session numbers separated by commas, e.g. the final life-plan session: 24"),
    )
    graduated_min_quizzes = models.PositiveSmallIntegerField(
        _("graduated: quizzes passed"),
        default=0,
        validators=[MaxValueValidator(200)],
    )

    class Meta:
        verbose_name = _("graduation rule")
        verbose_name_plural = _("graduation rules")

    def __str__(self) -> str:
        return str(self.curriculum)

    def clean(self) -> None:
        super().clean()
        if self.curriculum_id is None or not self.required_sessions:
            return
        from curriculum import api as curriculum_api  # the app registry is ready by now

        outlines = curriculum_api.session_outlines(
            curriculum_key=self.curriculum.translation_key, language=settings.LANGUAGE_CODE
        )
        unknown = sorted(self.required_numbers - {o.number for o in outlines})
        if unknown:
            raise ValidationError(
                {
                    "required_sessions": _("This curriculum has no session number %(numbers)s.")
                    % {"numbers": ", ".join(map(str, unknown))}
                }
            )

    def save(self, *args, **kwargs):
        self.curriculum_key = self.curriculum.translation_key
        super().save(*args, **kwargs)

    @property
    def required_numbers(self) -> frozenset[int]:
        return session_numbers(self.required_sessions)


def certificate_code_new() -> str:
    # 128 random bits: the URL cannot be guessed or enumerated.
    return secrets.token_urlsafe(16)


class Certificate(models.Model):
    """Issued once, when a participant graduates in a curriculum. The public verification page
    is reached only by its random code; it shows the name, curriculum and date, nothing else."""

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="certificates",
        verbose_name=_("person"),
    )
    curriculum_key = models.UUIDField(_("curriculum"))
    code = models.CharField(
        _("verification code"), max_length=32, unique=True, default=certificate_code_new
    )
    issued_at = models.DateTimeField(_("issued on"))

    class Meta:
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        constraints = [
            models.UniqueConstraint(
                fields=["person", "curriculum_key"], name="participants_one_certificate"
            )
        ]

    def __str__(self) -> str:
        return f"{self.person} · {self.curriculum_key}"
