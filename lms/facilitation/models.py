from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from lms.cohorts.models import LearnerGroup
from lms.core.models import TimeStampedModel


class FacilitatorNote(TimeStampedModel):
    """A facilitator's note about one learner or one session of a group. Private: only the
    group's facilitators and the programme managers who see the group read it; learners never
    do. Exactly one of ``learner`` and ``session_key`` is set."""

    group = models.ForeignKey(
        LearnerGroup, on_delete=models.CASCADE, related_name="notes", verbose_name=_("group")
    )
    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("learner"),
    )
    session_key = models.UUIDField(_("session"), null=True, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("author"),
    )
    text = models.TextField(_("note"), max_length=4000)

    class Meta:
        verbose_name = _("facilitator note")
        verbose_name_plural = _("facilitator notes")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(learner__isnull=False, session_key__isnull=True)
                    | models.Q(learner__isnull=True, session_key__isnull=False)
                ),
                name="facilitation_note_about_learner_or_session",
            )
        ]

    def __str__(self) -> str:
        return self.text[:40]
