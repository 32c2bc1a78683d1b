from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from lms.cohorts.models import LearnerGroup


class MembershipEnding(models.Model):
    """A membership that ended: the learner left the group, or one of its facilitators removed
    them. The membership row itself is deleted, so every screen that lists members stops
    showing the person; their attendance, progress and quiz rows stay, and this row keeps the
    history (when they joined, when and how it ended)."""

    class Reason(models.TextChoices):
        LEFT = "left", _("Left the group")
        REMOVED = "removed", _("Removed by a facilitator")

    group = models.ForeignKey(
        LearnerGroup,
        on_delete=models.CASCADE,
        related_name="membership_endings",
        verbose_name=_("group"),
    )
    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="membership_endings",
        verbose_name=_("learner"),
    )
    joined_at = models.DateTimeField(_("joined at"))
    ended_at = models.DateTimeField(_("ended at"), auto_now_add=True)
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("ended by"),
    )
    reason = models.CharField(_("reason"), max_length=10, choices=Reason.choices)

    class Meta:
        verbose_name = _("ended membership")
        verbose_name_plural = _("ended memberships")
        ordering = ["-ended_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.learner} ∉ {self.group} ({self.reason})"
