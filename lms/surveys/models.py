from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import StreamField
from wagtail.models import RevisionMixin, TranslatableMixin

from .blocks import QuestionStreamBlock


class RoundKind(models.TextChoices):
    BASELINE = "baseline", _("Baseline (at enrolment)")
    ENDLINE = "endline", _("Endline (at graduation)")
    MONTH_6 = "m6", _("Follow-up at 6 months")
    MONTH_12 = "m12", _("Follow-up at 12 months")
    MONTH_18 = "m18", _("Follow-up at 18 months")
    MONTH_24 = "m24", _("Follow-up at 24 months")


# Months after graduation at which each follow-up round falls due.
FOLLOW_UP_MONTHS = {
    RoundKind.MONTH_6: 6,
    RoundKind.MONTH_12: 12,
    RoundKind.MONTH_18: 18,
    RoundKind.MONTH_24: 24,
}


class InstrumentKind(models.TextChoices):
    BASELINE = "baseline", _("Baseline")
    ENDLINE = "endline", _("Endline")
    FOLLOW_UP = "follow_up", _("Follow-up")


# Which instrument each round asks: every follow-up asks the same questions, so that 6, 12,
# 18 and 24 months compare with each other and with the baseline.
ROUND_INSTRUMENT = {
    RoundKind.BASELINE: InstrumentKind.BASELINE,
    RoundKind.ENDLINE: InstrumentKind.ENDLINE,
    **dict.fromkeys(FOLLOW_UP_MONTHS, InstrumentKind.FOLLOW_UP),
}


class Instrument(TranslatableMixin, RevisionMixin, models.Model):
    """The questions of one kind of round, written in Portuguese and translated into Spanish
    with wagtail-localize (snippet "Translate"); answers are stored under each question's key,
    so every language and every version of an instrument feeds the same report."""

    kind = models.CharField(_("used for"), max_length=10, choices=InstrumentKind.choices)
    title = models.CharField(_("title"), max_length=150)
    intro = models.TextField(
        _("introduction"),
        max_length=1000,
        blank=True,
        help_text=_("Shown above the questions: why we ask and who sees the answers."),
    )
    questions = StreamField(QuestionStreamBlock(), verbose_name=_("questions"))
    panels = [FieldPanel("kind"), FieldPanel("title"), FieldPanel("intro"), FieldPanel("questions")]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("survey instrument")
        verbose_name_plural = _("survey instruments")
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "locale"], name="surveys_one_instrument_per_kind"
            )
        ]

    def __str__(self) -> str:
        return self.title


class Channel(models.TextChoices):
    APP = "app", _("In the app")
    PHONE = "phone", _("By phone")
    PAPER = "paper", _("On paper")


class Round(models.Model):
    """One participant's round of data collection for one curriculum (by translation key)."""

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="survey_rounds",
        verbose_name=_("person"),
    )
    curriculum_key = models.UUIDField(_("curriculum"))
    programme = models.ForeignKey(
        "programmes.Programme",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("programme"),
    )
    kind = models.CharField(_("round"), max_length=10, choices=RoundKind.choices)
    due_on = models.DateField(_("due on"))
    opened_at = models.DateTimeField(_("opened at"), null=True, blank=True)
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)
    channel = models.CharField(_("collected"), max_length=5, choices=Channel.choices, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    # The group the person took the curriculum in: its facilitators follow the round up.
    group = models.ForeignKey(
        "cohorts.LearnerGroup",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("group"),
    )
    # Set when consent is withdrawn before the round was answered: nothing more is collected.
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("survey round")
        verbose_name_plural = _("survey rounds")
        constraints = [
            models.UniqueConstraint(
                fields=["person", "curriculum_key", "kind"], name="surveys_one_round_per_kind"
            )
        ]
        indexes = [models.Index(fields=["due_on", "completed_at"])]

    def __str__(self) -> str:
        return f"{self.person} · {self.get_kind_display()}"


class Answer(models.Model):
    """One answer in a round, under the question's stable key. Numbers (money, counts, 1–5
    ratings) go in ``number``; choices (employment status) in ``text``."""

    round = models.ForeignKey(
        Round, on_delete=models.CASCADE, related_name="answers", verbose_name=_("round")
    )
    question_key = models.SlugField(_("question key"), max_length=60)
    number = models.DecimalField(
        _("number"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    text = models.CharField(_("text"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("survey answer")
        verbose_name_plural = _("survey answers")
        constraints = [
            models.UniqueConstraint(
                fields=["round", "question_key"], name="surveys_one_answer_per_question"
            )
        ]
        indexes = [models.Index(fields=["question_key"])]

    def __str__(self) -> str:
        return self.question_key
