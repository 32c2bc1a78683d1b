"""Plain data handed from ``curriculum`` to its readers (``lms`` and templates): no models leak
out through these."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from uuid import UUID

from django.utils.safestring import SafeString


@dataclass(frozen=True, slots=True)
class AgendaItem:
    block_id: str
    title: str
    minutes: int
    method: str
    method_label: str
    starts_at_minute: int
    instructions_html: SafeString
    tips: str

    @property
    def ends_at_minute(self) -> int:
        return self.starts_at_minute + self.minutes


@dataclass(frozen=True, slots=True)
class OptionDef:
    id: str
    text: str
    correct: bool
    feedback: str


@dataclass(frozen=True, slots=True)
class QuestionDef:
    id: str
    kind: str  # single_choice, multiple_choice, true_false, numeric
    prompt: str
    explanation: str
    options: tuple[OptionDef, ...] = ()
    answer: Decimal | None = None
    tolerance: Decimal = Decimal(0)
    unit: str = ""
    feedback_correct: str = ""
    feedback_incorrect: str = ""

    @property
    def is_numeric(self) -> bool:
        return self.kind == "numeric"

    def option(self, option_id: str) -> OptionDef | None:
        return next((o for o in self.options if o.id == option_id), None)


@dataclass(frozen=True, slots=True)
class QuizDef:
    block_id: str
    title: str
    pass_mark: int
    questions: tuple[QuestionDef, ...]

    def question(self, question_id: str) -> QuestionDef | None:
        return next((q for q in self.questions if q.id == question_id), None)


@dataclass(frozen=True, slots=True)
class BlockRef:
    """A block whose completion is tracked; ``required`` ones count toward completion."""

    id: str
    kind: str  # video, quiz, reflection, resource
    required: bool


@dataclass(frozen=True, slots=True)
class QuizText:
    """A quiz's title and question prompts in the outline's language, for screens that name
    a quiz or question next to other text of that language (learning records snapshot them
    in the learner's language)."""

    block_id: str
    title: str
    questions: tuple[tuple[str, str], ...]  # (question id, prompt) in quiz order

    def prompt(self, question_id: str) -> str | None:
        return next((text for qid, text in self.questions if qid == question_id), None)


@dataclass(frozen=True, slots=True)
class SessionOutline:
    page_id: int
    key: UUID
    curriculum_key: UUID
    title: str
    url: str
    number: int
    self_paced_minutes: int
    tracked: tuple[BlockRef, ...]
    levels: tuple[int, ...] = ()
    quizzes: tuple[QuizText, ...] = ()

    @property
    def required(self) -> tuple[BlockRef, ...]:
        return tuple(b for b in self.tracked if b.required)


@dataclass(frozen=True, slots=True)
class LiveSession:
    """A live, public session as a learner's writes to it need it (progress reports, quiz
    submissions): its outline, its language and its quizzes with their answers."""

    outline: SessionOutline
    language: str
    quizzes: tuple[QuizDef, ...]

    def quiz(self, block_id: str) -> QuizDef | None:
        return next((q for q in self.quizzes if q.block_id == block_id), None)


@dataclass(frozen=True, slots=True)
class ModuleOutline:
    key: UUID
    title: str
    number: int
    sessions: tuple[SessionOutline, ...]


@dataclass(frozen=True, slots=True)
class CurriculumOutline:
    page_id: int
    key: UUID
    kind: str
    title: str
    summary: str
    url: str
    modules: tuple[ModuleOutline, ...]

    @property
    def sessions(self) -> tuple[SessionOutline, ...]:
        return tuple(s for m in self.modules for s in m.sessions)
