from __future__ import annotations

import math

from django.db import IntegrityError, transaction
from django.utils import timezone

from curriculum.data import SessionOutline
from lms.accounts.models import User
from lms.cohorts.services import enrolment_create

from .models import BlockProgress, SessionProgress, SessionVisit
from .signals import session_completed

VIDEO_COMPLETE_RATIO = 0.9


def _summary(learner: User, outline: SessionOutline) -> SessionProgress:
    try:
        with transaction.atomic():
            summary, _ = SessionProgress.objects.get_or_create(
                learner=learner,
                session_key=outline.key,
                defaults={
                    "curriculum_key": outline.curriculum_key,
                    "required_blocks": len(outline.required),
                },
            )
    except IntegrityError:
        summary = SessionProgress.objects.get(learner=learner, session_key=outline.key)
    return summary


def session_visit_record(
    *, learner: User, outline: SessionOutline, language: str
) -> SessionProgress | None:
    """Log a visit; the first visit enrols the learner self-paced in the curriculum.

    A returning learner costs two statements: the visit row, and one UPDATE that stamps the
    summary only where its count of required blocks still matches the lesson (a visit
    completes nothing, so nothing else can change). Where no row matched (a first visit, or
    a lesson whose required blocks changed) the learner is enrolled and the summary created
    and recounted; every summary row is written after ``enrolment_create``, and enrolments
    are never deleted, so a matching summary row means the learner is enrolled. Returns the
    summary when it was written in full, else None."""
    now = timezone.now()
    SessionVisit.objects.create(learner=learner, session_key=outline.key, language=language)
    stamped = SessionProgress.objects.filter(
        learner=learner, session_key=outline.key, required_blocks=len(outline.required)
    ).update(last_visited_at=now, last_activity_at=now, last_language=language)
    if stamped:
        return None
    enrolment_create(learner=learner, curriculum_key=outline.curriculum_key)
    summary = _summary(learner, outline)
    summary.last_visited_at = now
    summary.last_language = language
    return _recount_and_save(learner, outline, summary, also=("last_visited_at", "last_language"))


def session_progress_refresh(*, learner: User, outline: SessionOutline) -> SessionProgress:
    """Recount the session's completed required blocks, mark it complete when all are and
    stamp the learner's latest activity (every visit, block progress and quiz attempt comes
    through here or through ``session_visit_record``)."""
    return _recount_and_save(learner, outline, _summary(learner, outline))


def _recount_and_save(
    learner: User, outline: SessionOutline, summary: SessionProgress, also: tuple[str, ...] = ()
) -> SessionProgress:
    required_ids = [b.id for b in outline.required]
    done = BlockProgress.objects.filter(
        learner=learner,
        session_key=outline.key,
        block_id__in=required_ids,
        completed_at__isnull=False,
    ).count()
    summary.required_blocks = len(required_ids)
    summary.completed_blocks = done
    summary.progress = (done / len(required_ids)) if required_ids else 1.0
    now = timezone.now()
    newly_complete = summary.completed_at is None and done >= len(required_ids)
    if newly_complete:
        summary.completed_at = now
    summary.last_activity_at = now
    summary.save(
        update_fields=[
            "required_blocks",
            "completed_blocks",
            "progress",
            "completed_at",
            "last_activity_at",
            *also,
        ]
    )
    if newly_complete:
        session_completed.send(
            sender=SessionProgress,
            learner_id=learner.pk,
            session_key=summary.session_key,
            curriculum_key=summary.curriculum_key,
        )
    return summary


WATCHED_GAP = 0.5  # seconds: parts this close count as one (timeupdate fires ~4 times a second)


def watched_merge(*, parts: list) -> list[list[float]]:
    """The union of watched parts as sorted, non-overlapping [start, end] pairs: the same
    whatever order (and however often) the parts are given."""
    merged: list[list[float]] = []
    for start, end in sorted((float(a), float(b)) for a, b in parts if b > a):
        if merged and start <= merged[-1][1] + WATCHED_GAP:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return merged


_BLOCK_FIELDS = ("progress", "position_seconds", "watched", "completed_at")


def block_progress_record(
    *,
    learner: User,
    outline: SessionOutline,
    block_id: str,
    progress: float | None = None,
    position_seconds: float | None = None,
    complete: bool = False,
    watched: list[tuple[float, float]] | None = None,
    furthest_position: bool = False,
) -> BlockProgress:
    """Record progress on a tracked block. Progress only moves forward; a completed block
    stays complete; the video position is the latest one (for resuming), or with
    ``furthest_position`` the furthest one (events synced from a phone come in any order).
    ``watched`` parts of a video are merged with those already recorded.

    The common report (the block has its row, its completion does not change) costs three
    statements: the row read for update, its update (none when nothing changed), and one
    UPDATE that stamps the summary's latest activity where its count of required blocks
    still matches the lesson: a completion that did not change cannot change the count.
    The learner is enrolled when the block's row is created, in the same transaction, so a
    block row means an enrolment (as a summary row does: ``session_visit_record``). The
    summary is recounted in full when the row is new, when the block became complete, or
    when no summary matched (none yet, or the lesson's required blocks changed)."""
    ref = next((b for b in outline.tracked if b.id == block_id), None)
    if ref is None:
        raise ValueError(f"block {block_id} is not a tracked block of this session")
    with transaction.atomic():
        row = (
            BlockProgress.objects.select_for_update()
            .filter(learner=learner, session_key=outline.key, block_id=block_id)
            .first()
        )
        created = row is None
        if created:
            enrolment_create(learner=learner, curriculum_key=outline.curriculum_key)
            row, created = BlockProgress.objects.select_for_update().get_or_create(
                learner=learner,
                session_key=outline.key,
                block_id=block_id,
                defaults={"kind": ref.kind},
            )
        before = [getattr(row, name) for name in _BLOCK_FIELDS]
        if progress is not None and math.isfinite(progress):
            row.progress = max(row.progress, min(max(progress, 0.0), 1.0))
        if position_seconds is not None and 0 <= position_seconds < math.inf:
            if furthest_position:
                row.position_seconds = max(row.position_seconds, position_seconds)
            else:
                row.position_seconds = position_seconds
        if watched:
            row.watched = watched_merge(parts=[*row.watched, *watched])
        if complete:
            row.progress = 1.0
        threshold = VIDEO_COMPLETE_RATIO if ref.kind == "video" else 1.0
        newly_complete = row.completed_at is None and row.progress >= threshold
        if newly_complete:
            row.completed_at = timezone.now()
        if [getattr(row, name) for name in _BLOCK_FIELDS] != before:
            row.save(update_fields=[*_BLOCK_FIELDS, "updated_at"])
    if created or newly_complete or not _activity_stamped(learner, outline):
        session_progress_refresh(learner=learner, outline=outline)
    return row


def _activity_stamped(learner: User, outline: SessionOutline) -> bool:
    """Stamp the summary's latest activity where its count of required blocks matches the
    lesson: one UPDATE; False when no row matched."""
    return bool(
        SessionProgress.objects.filter(
            learner=learner, session_key=outline.key, required_blocks=len(outline.required)
        ).update(last_activity_at=timezone.now())
    )
