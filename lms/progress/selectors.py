from __future__ import annotations

from collections.abc import Iterable
from uuid import UUID

from lms.accounts.models import User

from .models import BlockProgress, SessionProgress


def block_progress_map(*, learner: User, session_key: UUID) -> dict[str, BlockProgress]:
    rows = BlockProgress.objects.filter(learner=learner, session_key=session_key)
    return {row.block_id: row for row in rows}


def session_progress_map(
    *, learner: User, session_keys: Iterable[UUID]
) -> dict[UUID, SessionProgress]:
    rows = SessionProgress.objects.filter(learner=learner, session_key__in=list(session_keys))
    return {row.session_key: row for row in rows}


def session_progress_all(*, learner: User) -> list[SessionProgress]:
    """Every summary row of the learner (one per session they opened): one query for a
    screen that shows both the path and where to continue."""
    return list(SessionProgress.objects.filter(learner=learner))


def session_progress_latest_of(rows: Iterable[SessionProgress]) -> SessionProgress | None:
    """``session_progress_latest`` among rows already read."""
    open_rows = [r for r in rows if r.completed_at is None and r.last_visited_at is not None]
    return max(open_rows, key=lambda r: r.last_visited_at, default=None)


def session_progress_latest(*, learner: User) -> SessionProgress | None:
    """The session to continue: the most recently visited one not yet complete."""
    return (
        SessionProgress.objects.filter(learner=learner, completed_at__isnull=True)
        .exclude(last_visited_at=None)
        .order_by("-last_visited_at")
        .first()
    )
