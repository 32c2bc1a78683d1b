from __future__ import annotations

from uuid import UUID

from django.db.models import QuerySet

from lms.accounts.models import User

from .models import LifePlan, LifePlanStep, Reflection


def reflection_map(*, learner: User, session_key: UUID) -> dict[str, Reflection]:
    rows = Reflection.objects.filter(learner=learner, session_key=session_key)
    return {row.block_id: row for row in rows}


def life_plan_steps_shown(*, plan: LifePlan) -> QuerySet[LifePlanStep]:
    """The plan's steps, without the markers removed steps leave."""
    return plan.steps.filter(removed=False)
