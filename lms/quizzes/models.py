from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class QuizAttempt(models.Model):
    """One submitted attempt. Title, pass mark and question texts are snapshotted, so the
    record keeps its meaning when authors edit the quiz later."""

    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="quiz_attempts"
    )
    session_key = models.UUIDField()
    block_id = models.CharField(max_length=64)
    language = models.CharField(max_length=10)
    token = models.UUIDField(help_text="Sent with the form; a second submit of it is ignored.")
    quiz_title = models.CharField(max_length=255)
    pass_mark = models.PositiveSmallIntegerField()
    question_count = models.PositiveSmallIntegerField()
    correct_count = models.PositiveSmallIntegerField()
    score = models.DecimalField(max_digits=5, decimal_places=2)
    passed = models.BooleanField()
    started_at = models.DateTimeField(null=True, blank=True)
    submitted_at = models.DateTimeField(auto_now_add=True)
    duration_seconds = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        verbose_name = _("quiz attempt")
        verbose_name_plural = _("quiz attempts")
        ordering = ["-submitted_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["learner", "token"], name="quizzes_one_attempt_per_token"
            )
        ]
        indexes = [models.Index(fields=["learner", "session_key", "block_id"])]

    def __str__(self) -> str:
        return f"{self.learner} · {self.quiz_title} · {self.score}%"


class QuizAnswer(models.Model):
    attempt = models.ForeignKey(QuizAttempt, on_delete=models.CASCADE, related_name="answers")
    question_id = models.CharField(max_length=64)
    kind = models.CharField(max_length=20)
    question_text = models.TextField()
    response = models.JSONField(help_text="Chosen option ids, or the number as typed.")
    correct = models.BooleanField()
    order = models.PositiveSmallIntegerField()

    class Meta:
        verbose_name = _("quiz answer")
        verbose_name_plural = _("quiz answers")
        ordering = ["order"]

    def __str__(self) -> str:
        return f"{self.question_id}: {'✓' if self.correct else '✗'}"


class QuizResult(models.Model):
    """Summary: one row per learner per quiz, rewritten from the attempts after each one
    (Kolibri's summary log). Dashboards read these rows instead of grouping every attempt."""

    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="quiz_results"
    )
    session_key = models.UUIDField()
    block_id = models.CharField(max_length=64)
    quiz_title = models.CharField(max_length=255)
    attempts = models.PositiveIntegerField()
    failed_attempts = models.PositiveIntegerField()
    passed = models.BooleanField(help_text="At least one attempt passed.")
    best_score = models.DecimalField(max_digits=5, decimal_places=2)
    latest_attempt = models.OneToOneField(
        QuizAttempt, on_delete=models.CASCADE, related_name="latest_of"
    )
    last_submitted_at = models.DateTimeField()
    # The latest attempt's question ids in quiz order, and those it got wrong, separated by
    # spaces (block ids hold none): a group's difficult questions are counted from these
    # rows, with no join over every answer.
    answered = models.TextField(blank=True, default="")
    missed = models.TextField(blank=True, default="")

    class Meta:
        verbose_name = _("quiz result")
        verbose_name_plural = _("quiz results")
        constraints = [
            models.UniqueConstraint(
                fields=["learner", "session_key", "block_id"], name="quizzes_one_result_per_quiz"
            )
        ]

    def __str__(self) -> str:
        return f"{self.learner} · {self.quiz_title} · {self.best_score}%"
