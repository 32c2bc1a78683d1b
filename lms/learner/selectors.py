from __future__ import annotations

import re
from dataclasses import dataclass, field

from curriculum import api as curriculum_api
from curriculum.data import CurriculumOutline, ModuleOutline, SessionOutline
from lms.accounts.models import User
from lms.cohorts.models import Enrolment
from lms.cohorts.selectors import enrolments_for_learner
from lms.progress.models import SessionProgress
from lms.progress.selectors import session_progress_all, session_progress_latest_of

NOT_STARTED, IN_PROGRESS, DONE = "not_started", "in_progress", "done"


@dataclass
class SessionStatus:
    outline: SessionOutline
    progress: SessionProgress | None

    @property
    def status(self) -> str:
        if self.progress is None:
            return NOT_STARTED
        return DONE if self.progress.is_complete else IN_PROGRESS

    @property
    def fraction(self) -> float:
        if self.progress is None:
            return 0.0
        return 1.0 if self.progress.is_complete else self.progress.progress


@dataclass
class ModuleStatus:
    outline: ModuleOutline
    sessions: list[SessionStatus]

    @property
    def done(self) -> int:
        return sum(s.status == DONE for s in self.sessions)


@dataclass
class CurriculumPath:
    enrolment: Enrolment
    outline: CurriculumOutline
    modules: list[ModuleStatus] = field(default_factory=list)

    @property
    def sessions(self) -> list[SessionStatus]:
        return [s for m in self.modules for s in m.sessions]

    @property
    def percent(self) -> int:
        sessions = self.sessions
        if not sessions:
            return 0
        return round(100 * sum(s.fraction for s in sessions) / len(sessions))

    @property
    def minutes_left(self) -> int:
        return round(sum(s.outline.self_paced_minutes * (1 - s.fraction) for s in self.sessions))

    @property
    def next_session(self) -> SessionStatus | None:
        return next((s for s in self.sessions if s.status != DONE), None)


def _visible(session: SessionOutline, level: int | None) -> bool:
    return level is None or not session.levels or level in session.levels


def learner_path(*, learner: User, language: str) -> dict:
    """Everything "my path" shows: the enrolments and the learner's summary rows (one query
    each), the curricula from the cached outlines."""
    paths: list[CurriculumPath] = []
    for enrolment in enrolments_for_learner(learner=learner):
        outline = curriculum_api.curriculum_outline(
            curriculum_key=enrolment.curriculum_key, language=language
        )
        if outline is not None:
            paths.append(CurriculumPath(enrolment=enrolment, outline=outline))
    rows = session_progress_all(learner=learner)
    progress = {row.session_key: row for row in rows}
    for p in paths:
        for module in p.outline.modules:
            sessions = [
                SessionStatus(outline=s, progress=progress.get(s.key))
                for s in module.sessions
                if _visible(s, p.enrolment.level)
            ]
            if sessions:
                p.modules.append(ModuleStatus(outline=module, sessions=sessions))
    continue_with = None
    latest = session_progress_latest_of(rows)
    if latest is not None:
        continue_with = next(
            (s for p in paths for s in p.sessions if s.outline.key == latest.session_key), None
        )
    if continue_with is None:
        continue_with = next((p.next_session for p in paths if p.next_session), None)
    enrolled = {p.outline.key for p in paths}
    available = [
        c
        for c in curriculum_api.curricula_live_list(language=language)
        if c.translation_key not in enrolled
    ]
    return {"paths": paths, "continue_with": continue_with, "available": available}


SEARCH_MAX_WORDS = 10


def search_words(query: str) -> str:
    """What a search box's text means to the search backend: its words, lower case, spaces
    between. Quotes, brackets, NUL and operators (AND, NEAR, *, ^…) are query syntax to
    SQLite's full-text search, which fails on it, and nobody means them as syntax here."""
    return " ".join(re.findall(r"\w+", query.lower())[:SEARCH_MAX_WORDS])


def refresher_search(*, query: str, language: str) -> dict:
    return {
        "results": curriculum_api.refresher_search(query=search_words(query), language=language)
    }
