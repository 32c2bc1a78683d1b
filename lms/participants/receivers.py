"""Recompute a participant's standing after the learning records change: attendance (saved
or undone), a self-paced session completed, a quiz result rewritten. The lower apps do not
know this app; it listens to the model signals they send and to ``progress``'s
``session_completed``. The work runs after the change commits, so a failure here never takes
back an attendance tap or a quiz attempt."""

from __future__ import annotations

import logging
from uuid import UUID

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from curriculum import api as curriculum_api
from lms.cohorts.models import AttendanceRecord, ScheduledSession
from lms.progress.signals import session_completed
from lms.quizzes.models import QuizResult

from .models import GraduationRule
from .services import curricula_of, participant_status_refresh

logger = logging.getLogger(__name__)


def _refresh(person_id: int, curriculum_key: UUID | None) -> None:
    if curriculum_key is None:
        return
    person = get_user_model().objects.filter(pk=person_id).first()
    if person is None:  # the account went in the same transaction
        return
    try:
        participant_status_refresh(person=person, curriculum_key=curriculum_key)
    except Exception:  # the standing is recomputed at the next change; the action stands
        logger.exception("participant status refresh failed for person %s", person_id)


_PENDING = "_participants_pending"


def _flush() -> None:
    connection = transaction.get_connection()
    pending = getattr(connection, _PENDING, {})
    setattr(connection, _PENDING, {})
    for person_id, curriculum_key in pending:
        _refresh(person_id, curriculum_key)


def _refresh_later(person_id: int, curriculum_key: UUID | None) -> None:
    """After the commit, once per person and curriculum however many changes the transaction
    made (a seed or an import records hundreds in one)."""
    if curriculum_key is None:
        return
    connection = transaction.get_connection()
    pending = getattr(connection, _PENDING, {})
    # A rolled-back transaction dropped its callbacks: start again without its leftovers.
    if pending and not any(item[1] is _flush for item in connection.run_on_commit):
        pending = {}
    first = not pending
    pending[(person_id, curriculum_key)] = True
    if first:  # outside a transaction, on_commit runs the flush at once
        setattr(connection, _PENDING, pending)
        transaction.on_commit(_flush)


def _attendance_changed(instance: AttendanceRecord) -> None:
    key = (
        ScheduledSession.objects.filter(pk=instance.scheduled_id)
        .values_list("group__curriculum_key", flat=True)
        .first()
    )
    _refresh_later(instance.learner_id, key)


@receiver(post_save, sender=AttendanceRecord, dispatch_uid="participants_attendance_saved")
def attendance_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        _attendance_changed(instance)


@receiver(post_delete, sender=AttendanceRecord, dispatch_uid="participants_attendance_deleted")
def attendance_deleted(sender, instance, origin=None, **kwargs):
    if isinstance(origin, AttendanceRecord):  # an undo; not an account or group going away
        _attendance_changed(instance)


@receiver(session_completed, dispatch_uid="participants_session_completed")
def progress_completed(sender, learner_id, session_key, curriculum_key, **kwargs):
    _refresh_later(learner_id, curriculum_key)


@receiver(post_save, sender=QuizResult, dispatch_uid="participants_quiz_result_saved")
def quiz_result_saved(sender, instance, raw=False, update_fields=None, **kwargs):
    # The standing reads whether a quiz was passed, nothing else of the row: a save that did
    # not write "passed" (``quiz_result_refresh`` names the fields it changed) cannot change it.
    if raw or (update_fields is not None and "passed" not in update_fields):
        return
    # The curricula this learner takes that hold the quiz's session (one, in practice).
    for key in curricula_of(person_id=instance.learner_id):
        outlines = curriculum_api.session_outlines(
            curriculum_key=key, language=settings.LANGUAGE_CODE
        )
        if any(o.key == instance.session_key for o in outlines):
            _refresh_later(instance.learner_id, key)


@receiver(post_save, sender=GraduationRule, dispatch_uid="participants_rule_saved")
def rule_saved(sender, instance, raw=False, **kwargs):
    if raw:
        return
    from .tasks import curriculum_statuses_refresh_task

    key = str(instance.curriculum_key)
    transaction.on_commit(lambda: curriculum_statuses_refresh_task.delay(key))
