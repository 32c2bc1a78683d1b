from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class SessionVisit(models.Model):
    """One row per visit to a session page (Kolibri's session log)."""

    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="session_visits"
    )
    session_key = models.UUIDField(db_index=True)
    language = models.CharField(max_length=10)
    started_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("session visit")
        verbose_name_plural = _("session visits")
        indexes = [models.Index(fields=["learner", "-started_at"])]

    def __str__(self) -> str:
        return f"{self.learner} · {self.session_key} · {self.started_at:%Y-%m-%d %H:%M}"


class BlockProgress(models.Model):
    """A learner's progress on one block of one session (video, quiz, reflection, resource)."""

    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="block_progress"
    )
    session_key = models.UUIDField()
    block_id = models.CharField(max_length=64)
    kind = models.CharField(max_length=20)
    progress = models.FloatField(default=0.0)
    position_seconds = models.FloatField(default=0.0)
    # Parts of a video watched, [[start, end], ...] in seconds, merged across visits and
    # phones (synced events arrive in any order; a union does not care).
    watched = models.JSONField(default=list, blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("block progress")
        verbose_name_plural = _("block progress")
        constraints = [
            models.UniqueConstraint(
                fields=["learner", "session_key", "block_id"], name="progress_one_row_per_block"
            )
        ]

    def __str__(self) -> str:
        return f"{self.learner} · {self.block_id} · {self.progress:.0%}"

    @property
    def is_complete(self) -> bool:
        return self.completed_at is not None


class SessionProgress(models.Model):
    """Summary: one row per learner per session (Kolibri's summary log)."""

    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="session_progress"
    )
    session_key = models.UUIDField()
    curriculum_key = models.UUIDField(db_index=True)
    required_blocks = models.PositiveSmallIntegerField(default=0)
    completed_blocks = models.PositiveSmallIntegerField(default=0)
    progress = models.FloatField(default=0.0)
    completed_at = models.DateTimeField(null=True, blank=True)
    last_visited_at = models.DateTimeField(null=True, blank=True)
    # Stamped by every visit, block progress and quiz attempt in the session: a learner's
    # latest self-paced activity is one indexed read of these rows.
    last_activity_at = models.DateTimeField(null=True, blank=True)
    last_language = models.CharField(max_length=10, blank=True)

    class Meta:
        verbose_name = _("session progress")
        verbose_name_plural = _("session progress")
        constraints = [
            models.UniqueConstraint(
                fields=["learner", "session_key"], name="progress_one_summary_per_session"
            )
        ]
        # No index on last_activity_at: dashboards read it with the learner's other rows (by
        # the unique constraint's index), and it is rewritten on every activity.
        indexes = [models.Index(fields=["learner", "-last_visited_at"])]

    def __str__(self) -> str:
        return f"{self.learner} · {self.session_key} · {self.progress:.0%}"

    @property
    def is_complete(self) -> bool:
        return self.completed_at is not None
