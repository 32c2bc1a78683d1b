from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from lms.core.models import TimeStampedModel


class Enrolment(TimeStampedModel):
    """A learner taking a curriculum, keyed by the curriculum's translation key so that it
    holds in every language."""

    class Level(models.IntegerChoices):
        LEVEL_1 = 1, _("Level 1")
        LEVEL_2 = 2, _("Level 2")
        LEVEL_3 = 3, _("Level 3")

    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="enrolments",
        verbose_name=_("learner"),
    )
    curriculum_key = models.UUIDField(_("curriculum"), db_index=True)
    level = models.PositiveSmallIntegerField(
        _("business level"), choices=Level.choices, null=True, blank=True
    )

    class Meta:
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        constraints = [
            models.UniqueConstraint(
                fields=["learner", "curriculum_key"], name="cohorts_one_enrolment_per_curriculum"
            )
        ]

    def __str__(self) -> str:
        return f"{self.learner} → {self.curriculum_key}"
