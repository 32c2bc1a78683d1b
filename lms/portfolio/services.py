from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime

from django.db import transaction
from django.utils import timezone

from curriculum.data import SessionOutline
from lms.accounts.models import User
from lms.progress.services import block_progress_record

from .models import LifePlan, LifePlanStep, LifePlanStepRevision, Reflection, ReflectionRevision

LIFE_PLAN_FIELDS = ("dreams", "strengths", "resources", "first_step")
MAX_LIFE_PLAN_STEPS = 20  # steps shown (removed ones are not counted)


class LifePlanStepLimit(Exception):
    """A new step beyond ``MAX_LIFE_PLAN_STEPS``: refused, nothing saved."""


@dataclass(frozen=True)
class StepFields:
    """What a step says; ``None`` in place of it means the step is removed."""

    description: str
    due_date: date | None
    done: bool
    order: int


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


def _step_version(step: LifePlanStep) -> dict:
    return {
        "description": step.description,
        "due_date": step.due_date,
        "done": step.done,
        "order": step.order,
        "removed": step.removed,
        "written_at": step.written_at,
    }


def _new_version(fields: StepFields | None, written_at: datetime) -> dict:
    if fields is None:  # emptied: what it said stays in the history
        return {
            "description": "",
            "due_date": None,
            "done": False,
            "order": 0,
            "removed": True,
            "written_at": written_at,
        }
    return {
        "description": fields.description.strip(),
        "due_date": fields.due_date,
        "done": fields.done,
        "order": fields.order,
        "removed": False,
        "written_at": written_at,
    }


def life_plan_step_save(
    *,
    learner: User,
    key: uuid.UUID,
    fields: StepFields | None,
    written_at: datetime | None = None,
) -> tuple[LifePlanStep, bool]:
    """Add, change or (``fields=None``) remove the step ``key`` of the learner's life plan.
    The latest writing wins as a whole step, whatever order the writings arrive in; the
    version it replaces, or one arriving after a later one, is kept as a
    ``LifePlanStepRevision``. A removal leaves a marker (``removed``), so an earlier edit
    arriving late does not bring the step back. Returns the step and whether it changed;
    raises ``LifePlanStepLimit`` for a step that would show past the maximum."""
    if fields is not None and not fields.description.strip():
        raise ValueError("empty step")
    written_at = written_at or timezone.now()
    incoming = _new_version(fields, written_at)
    with transaction.atomic():
        plan = life_plan_get_or_create(learner=learner)
        # The plan's row serialises writes to its steps (the count of steps, a new key).
        plan = LifePlan.objects.select_for_update().get(pk=plan.pk)
        step = plan.steps.filter(key=key).first()
        later = step is None or _is_later(step.written_at, written_at)
        appears = later and not incoming["removed"] and (step is None or step.removed)
        if appears and plan.steps.filter(removed=False).count() >= MAX_LIFE_PLAN_STEPS:
            raise LifePlanStepLimit(key)
        if step is None:
            return LifePlanStep.objects.create(plan=plan, key=key, **incoming), True
        if not later:  # an older version arriving late
            LifePlanStepRevision.objects.create(step=step, **incoming)
            return step, False
        LifePlanStepRevision.objects.create(step=step, **_step_version(step))
        for name, value in incoming.items():
            setattr(step, name, value)
        step.save()
    return step, True
