"""Keeps the cached learner state (``state.py``) in step with every committed write of the
rows it holds: block progress, quiz attempts and answers, reflections. Quiz answers are only
ever written with their attempt (created in the same transaction, deleted with it), so the
attempt's signal stands for them; a receiver on answers would also cost a query per answer
when a person's records are erased."""

from __future__ import annotations

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from lms.portfolio.models import Reflection
from lms.progress.models import BlockProgress
from lms.quizzes.models import QuizAttempt

from .state import learner_state_changed


def _changed(learner_id: int, session_key) -> None:
    """A new version now, and again once the write commits: a page read between the two
    (the old rows still visible) keeps what it read under the version that the commit then
    replaces. Now as well, because a transaction that never commits (a test's) still shows
    its writes to its own reads."""
    learner_state_changed(learner_id=learner_id, session_key=session_key)
    if transaction.get_connection().in_atomic_block:
        transaction.on_commit(
            lambda: learner_state_changed(learner_id=learner_id, session_key=session_key)
        )


@receiver(post_save, sender=BlockProgress)
@receiver(post_delete, sender=BlockProgress)
@receiver(post_save, sender=QuizAttempt)
@receiver(post_delete, sender=QuizAttempt)
@receiver(post_save, sender=Reflection)
@receiver(post_delete, sender=Reflection)
def learner_record_written(sender, instance, **kwargs) -> None:
    _changed(instance.learner_id, instance.session_key)
