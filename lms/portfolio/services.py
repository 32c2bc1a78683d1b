from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.utils import timezone

from curriculum.data import SessionOutline
from lms.accounts.models import User
from lms.progress.services import block_progress_record

from .models import LifePlan, Reflection, ReflectionRevision

LIFE_PLAN_FIELDS = ("dreams", "strengths", "resources", "first_step")


def _is_later(existing: datetime | None, incoming: datetime) -> bool:
    """Whether ``incoming`` is at least as recent as the text in place (none counts as
    oldest). On a tie the later arrival wins, as two saves from one form would."""
    return existing is None or incoming >= existing


def reflection_save(
    *,
    learner: User,
    outline: SessionOutline,
    block_id: str,
    prompt: str,
    text: str,
    shared: bool,
    written_at: datetime | None = None,
) -> Reflection:
    """Save a learner's answer to a reflection prompt. The answer written last wins (by
    ``written_at``, the moment it was written: now for a form, the phone's time for a synced
    answer), whatever order answers arrive in; every text it replaces, or that arrives after a
    later one, is kept as a ``ReflectionRevision``."""
    text = text.strip()
    if not text:
        raise ValueError("empty reflection")
    written_at = written_at or timezone.now()
    with transaction.atomic():
        reflection = (
            Reflection.objects.select_for_update()
            .filter(learner=learner, session_key=outline.key, block_id=block_id)
            .first()
        )
        if reflection is None:
            reflection = Reflection.objects.create(
                learner=learner,
                session_key=outline.key,
                block_id=block_id,
                prompt=prompt,
                text=text,
                shared=shared,
                written_at=written_at,
            )
        elif _is_later(reflection.written_at, written_at):
            # Kept even when the texts match: the history is then every text but the one
            # shown, whatever order they arrived in.
            ReflectionRevision.objects.create(
                reflection=reflection,
                text=reflection.text,
                shared=reflection.shared,
                written_at=reflection.written_at,
            )
            reflection.prompt, reflection.text, reflection.shared = prompt, text, shared
            reflection.written_at = written_at
            reflection.save()
        else:  # an older answer arriving late: kept, not shown
            ReflectionRevision.objects.create(
                reflection=reflection, text=text, shared=shared, written_at=written_at
            )
    block_progress_record(learner=learner, outline=outline, block_id=block_id, complete=True)
    return reflection


def life_plan_get_or_create(*, learner: User) -> LifePlan:
    plan, _ = LifePlan.objects.get_or_create(learner=learner)
    return plan


def life_plan_save(
    *, learner: User, fields: dict[str, str], written_at: datetime | None = None
) -> tuple[LifePlan, bool]:
    """Write the life plan's texts unless a later version is already in place (the latest
    writing wins, as for reflections). Returns the plan and whether it changed."""
    unknown = set(fields) - set(LIFE_PLAN_FIELDS)
    if unknown:
        raise ValueError(f"not life plan fields: {sorted(unknown)}")
    written_at = written_at or timezone.now()
    with transaction.atomic():
        plan = life_plan_get_or_create(learner=learner)
        plan = LifePlan.objects.select_for_update().get(pk=plan.pk)
        if not _is_later(plan.written_at, written_at):
            return plan, False
        for name, value in fields.items():
            setattr(plan, name, value.strip())
        plan.written_at = written_at
        plan.full_clean(exclude=["learner"])
        plan.save()
    return plan, True
