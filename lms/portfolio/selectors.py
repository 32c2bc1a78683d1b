from __future__ import annotations

from uuid import UUID

from lms.accounts.models import User

from .models import Reflection


def reflection_map(*, learner: User, session_key: UUID) -> dict[str, Reflection]:
    rows = Reflection.objects.filter(learner=learner, session_key=session_key)
    return {row.block_id: row for row in rows}
