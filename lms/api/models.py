from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class SyncEvent(models.Model):
    """One event made on a phone (offline or not) that the server holds: its id, made on the
    phone, is the key that makes a second delivery change nothing. The event's content lives
    where its service put it (progress, a quiz attempt, a reflection, attendance)."""

    class Outcome(models.TextChoices):
        APPLIED = "applied", _("applied")
        SUPERSEDED = "superseded", _("superseded by a later event")

    id = models.UUIDField(primary_key=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="sync_events"
    )
    kind = models.CharField(max_length=20)
    occurred_at = models.DateTimeField()
    received_at = models.DateTimeField(auto_now_add=True)
    # What the event writes where the latest event wins: "attendance:<scheduled>:<learner>".
    target = models.CharField(max_length=120, blank=True)
    outcome = models.CharField(max_length=12, choices=Outcome.choices)

    class Meta:
        verbose_name = _("synced event")
        verbose_name_plural = _("synced events")
        indexes = [
            models.Index(
                fields=["target", "-occurred_at"],
                name="api_sync_target_latest",
                condition=~models.Q(target=""),
            )
        ]

    def __str__(self) -> str:
        return f"{self.user_id} · {self.kind} · {self.occurred_at:%Y-%m-%d %H:%M}"
