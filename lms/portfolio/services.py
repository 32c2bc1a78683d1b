from __future__ import annotations

from django.db import transaction

from curriculum.data import SessionOutline
from lms.accounts.models import User
from lms.progress.services import block_progress_record

from .models import LifePlan, Reflection


def reflection_save(
    *, learner: User, outline: SessionOutline, block_id: str, prompt: str, text: str, shared: bool
) -> Reflection:
    text = text.strip()
    if not text:
        raise ValueError("empty reflection")
    with transaction.atomic():
        reflection, _ = Reflection.objects.update_or_create(
            learner=learner,
            session_key=outline.key,
            block_id=block_id,
            defaults={"prompt": prompt, "text": text, "shared": shared},
        )
    block_progress_record(learner=learner, outline=outline, block_id=block_id, complete=True)
    return reflection


def life_plan_get_or_create(*, learner: User) -> LifePlan:
    plan, _ = LifePlan.objects.get_or_create(learner=learner)
    return plan
