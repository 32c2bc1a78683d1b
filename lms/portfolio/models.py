import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Reflection(models.Model):
    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reflections"
    )
    session_key = models.UUIDField()
    block_id = models.CharField(max_length=64)
    prompt = models.TextField(help_text="The prompt as the learner saw it.")
    text = models.TextField(_("your answer"), max_length=5000)
    shared = models.BooleanField(_("share with my facilitator"), default=False)
    updated_at = models.DateTimeField(auto_now=True)
    # When the learner wrote the current text (on the phone, for answers synced later): the
    # latest writing wins, whatever order the answers reach the server in.
    written_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("reflection")
        verbose_name_plural = _("reflections")
        constraints = [
            models.UniqueConstraint(
                fields=["learner", "session_key", "block_id"],
                name="portfolio_one_reflection_per_prompt",
            )
        ]

    def __str__(self) -> str:
        return f"{self.learner} · {self.prompt[:40]}"


class ReflectionRevision(models.Model):
    """A text a reflection no longer shows: replaced by a later one, or written earlier on a
    phone and synced after a later text. Nothing the learner wrote is lost."""

    reflection = models.ForeignKey(Reflection, on_delete=models.CASCADE, related_name="revisions")
    text = models.TextField(max_length=5000)
    shared = models.BooleanField(default=False)
    written_at = models.DateTimeField(null=True, blank=True)
    kept_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("earlier reflection")
        verbose_name_plural = _("earlier reflections")
        ordering = ["written_at", "pk"]

    def __str__(self) -> str:
        return f"{self.reflection} · {self.text[:40]}"


class LifePlan(models.Model):
    """The final project, built across sessions: one per learner."""

    learner = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="life_plan"
    )
    dreams = models.TextField(_("my dreams and goals"), blank=True, max_length=3000)
    strengths = models.TextField(_("my strengths"), blank=True, max_length=3000)
    resources = models.TextField(_("resources and support"), blank=True, max_length=3000)
    first_step = models.CharField(_("my first step this week"), blank=True, max_length=300)
    updated_at = models.DateTimeField(auto_now=True)
    written_at = models.DateTimeField(null=True, blank=True)  # as on Reflection

    class Meta:
        verbose_name = _("life plan")
        verbose_name_plural = _("life plans")

    def __str__(self) -> str:
        return f"{self.learner}"


class LifePlanStep(models.Model):
    """A dated step of the life plan. ``key`` is made where the step is first written (on the
    phone for a step added offline), so the phone's later edits find it; the latest writing
    wins (``written_at``), and a removed step stays as a marker (``removed``) so that an
    earlier edit arriving late cannot bring it back."""

    plan = models.ForeignKey(LifePlan, on_delete=models.CASCADE, related_name="steps")
    key = models.UUIDField(default=uuid.uuid4, editable=False)
    description = models.CharField(_("step"), max_length=300)
    due_date = models.DateField(_("by when"), null=True, blank=True)
    done = models.BooleanField(_("done"), default=False)
    order = models.PositiveSmallIntegerField(default=0)
    removed = models.BooleanField(default=False)
    written_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("life plan step")
        verbose_name_plural = _("life plan steps")
        ordering = ["order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "key"], name="portfolio_step_key_per_plan")
        ]

    def __str__(self) -> str:
        return self.description


class LifePlanStepRevision(models.Model):
    """A version of a step it no longer shows (replaced, or written earlier and synced after
    a later one), as ``ReflectionRevision`` keeps texts."""

    step = models.ForeignKey(LifePlanStep, on_delete=models.CASCADE, related_name="revisions")
    description = models.CharField(max_length=300, blank=True)
    due_date = models.DateField(null=True, blank=True)
    done = models.BooleanField(default=False)
    order = models.PositiveSmallIntegerField(default=0)
    removed = models.BooleanField(default=False)
    written_at = models.DateTimeField(null=True, blank=True)
    kept_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("earlier life plan step")
        verbose_name_plural = _("earlier life plan steps")
        ordering = ["written_at", "pk"]

    def __str__(self) -> str:
        return f"{self.step_id} · {self.description[:40]}"
