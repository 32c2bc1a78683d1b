"""One learner's records on one session page (block progress, quiz attempts with the latest
answers, reflections), read in one go and kept in the cache between visits.

A session page asks for these on every request, and they change only when the learner acts
(a video report, a quiz, a reflection). So they are kept under a *version* per learner and
session: a random token, replaced after every committed write of one of those rows
(``receivers.py``). A reader that raced a write stored what it read under the old token,
which nobody asks for again, so a page never shows records older than the last commit.
The cache key holds the learner's id and the session's translation key: one learner's
records are never read for another.

A cache that cannot reach other processes (local memory while a separate worker writes)
sees a write at the latest after ``STATE_CACHE_SECONDS``.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from uuid import UUID

from django.core.cache import cache

from lms.accounts.models import User
from lms.portfolio.models import Reflection
from lms.portfolio.selectors import reflection_map
from lms.progress.models import BlockProgress
from lms.progress.selectors import block_progress_map
from lms.quizzes.selectors import QuizSummary, quiz_summaries

# Part of the key: states pickled by code with other fields are never read back.
STATE_FORMAT = 1
STATE_CACHE_SECONDS = 600


@dataclass(frozen=True)
class LearnerState:
    blocks: dict[str, BlockProgress]
    quizzes: dict[str, QuizSummary]
    reflections: dict[str, Reflection]


def _version_key(learner_id: int, session_key: UUID) -> str:
    return f"learner:state-version:{learner_id}:{session_key}"


def _account(learner: User) -> str:
    # The account, not only its row id: SQLite may give a deleted account's id to the next.
    return f"{learner.pk}:{learner.date_joined.timestamp()}"


def _state_key(learner: User, session_key: UUID, version: str) -> str:
    return f"learner:state:{STATE_FORMAT}:{_account(learner)}:{session_key}:{version}"


def learner_state_get(*, learner: User, session_key: UUID) -> LearnerState:
    """The learner's records on the session: from the cache (two reads), or from the
    database (three or four queries) and then kept."""
    version_key = _version_key(learner.pk, session_key)
    version = cache.get(version_key)
    if version is None:
        version = uuid.uuid4().hex
        if not cache.add(version_key, version, timeout=STATE_CACHE_SECONDS):
            version = cache.get(version_key) or version
    key = _state_key(learner, session_key, version)
    state = cache.get(key)
    if isinstance(state, LearnerState):
        return state
    state = LearnerState(
        blocks=block_progress_map(learner=learner, session_key=session_key),
        quizzes=quiz_summaries(learner=learner, session_key=session_key),
        reflections=reflection_map(learner=learner, session_key=session_key),
    )
    cache.set(key, state, timeout=STATE_CACHE_SECONDS)
    return state


def learner_state_changed(*, learner_id: int, session_key: UUID) -> None:
    """The learner's records on the session changed (call after the write commits): the
    states kept under the previous version are never read again."""
    cache.set(_version_key(learner_id, session_key), uuid.uuid4().hex, STATE_CACHE_SECONDS)
