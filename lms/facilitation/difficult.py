"""The questions a group missed most: per session, each quiz question with the learners whose
latest attempt got it wrong, counted from the quiz result rows the matrix reads anyway."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from operator import itemgetter
from uuid import UUID

from curriculum.data import QuizText

from .matrix_sql import SessionKeys, question_texts


@dataclass(slots=True)
class DifficultQuestion:
    """A quiz question and how the group's learners did in their latest attempt at it."""

    session_key: UUID
    block_id: str
    question_id: str
    text: str  # in the viewer's language; as snapshotted when the quiz no longer has it
    order: int
    wrong: int  # learners whose latest attempt answered it wrong
    answered: int  # learners whose latest attempt answered it
    learners: int  # learners in the group

    @property
    def share(self) -> float:
        """Wrong among those who answered: what "hard" means on the screen."""
        return self.wrong / self.answered if self.answered else 0.0

    @property
    def share_of_group(self) -> float:
        return self.wrong / self.learners if self.learners else 0.0

    @property
    def percent(self) -> int:
        return round(100 * self.share)


# Positions in the rows of ``matrix_sql.quiz_rows`` read here.
_QUIZ_ANSWERED = itemgetter(1, 2, 9)  # session key, block id, questions answered
_QUIZ_MISSED = itemgetter(1, 2, 10)  # session key, block id, questions missed
_QUIZ_ATTEMPT = itemgetter(8)  # latest attempt id


def difficult_questions(
    quiz_rows: list[tuple],
    session_keys: SessionKeys,
    group_size: int,
    quizzes: dict[tuple[UUID, str], QuizText],
) -> dict[UUID, tuple[DifficultQuestion, ...]]:
    """Per session, each question with the learners whose latest attempt got it wrong,
    counted from the result rows' ``answered`` and ``missed`` (``quiz_rows``: as
    ``matrix_sql.quiz_rows`` returns them; quizzes of other sessions are left out).

    Question texts come from ``quizzes`` (by session key and block id: the outline in the
    viewer's language), so the list speaks the page's language whatever language each
    learner answered in. Only a question the quiz no longer holds is named as a learner saw
    it, from one attempt per question: one query of a few rows, and none when the outline
    names every question."""
    # Learners share lists: most answered the same questions, and many missed the same
    # ones. So identical lists are counted first (in C, by ``Counter``), and each distinct
    # list is split once, weighted by how many learners it stands for.
    attempt_of = dict(
        zip(map(_QUIZ_ANSWERED, quiz_rows), map(_QUIZ_ATTEMPT, quiz_rows), strict=True)
    )
    answered: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    missed: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    first_seen: dict[tuple[str, str], dict[str, tuple[int, int]]] = defaultdict(dict)
    for (key, block_id, questions), learners in Counter(map(_QUIZ_ANSWERED, quiz_rows)).items():
        if key not in session_keys:  # a quiz outside the columns
            continue
        seen, counts = first_seen[key, block_id], answered[key, block_id]
        attempt_id = attempt_of[key, block_id, questions]
        for order, question in enumerate(questions.split()):
            seen.setdefault(question, (order, attempt_id))
            counts[question] += learners
    for (key, block_id, questions), learners in Counter(map(_QUIZ_MISSED, quiz_rows)).items():
        if key not in session_keys:
            continue
        counts = missed[key, block_id]
        for question in questions.split():
            counts[question] += learners
    if not first_seen:
        return {}
    prompts: dict[tuple[str, str], dict[str, str]] = {}
    unnamed: set[int] = set()  # attempts to read the texts of questions the quiz lacks
    for (key, block_id), seen in first_seen.items():
        quiz = quizzes.get((session_keys[key], block_id))
        named = prompts[key, block_id] = dict(quiz.questions) if quiz else {}
        unnamed.update(attempt_id for q, (_o, attempt_id) in seen.items() if q not in named)
    texts = question_texts(unnamed)
    by_session: dict[UUID, list[DifficultQuestion]] = defaultdict(list)
    for (key, block_id), seen in first_seen.items():
        session_key = session_keys[key]
        answered_counts, missed_counts = answered[key, block_id], missed[key, block_id]
        named = prompts[key, block_id]
        for question, (order, attempt_id) in seen.items():
            text = named.get(question)
            by_session[session_key].append(
                DifficultQuestion(
                    session_key=session_key,
                    block_id=block_id,
                    question_id=question,
                    text=text if text is not None else texts.get((attempt_id, question), ""),
                    order=order,
                    wrong=missed_counts[question],
                    answered=answered_counts[question],
                    learners=group_size,
                )
            )
    return {
        key: tuple(sorted(items, key=lambda q: (-q.share, -q.wrong, q.block_id, q.order)))
        for key, items in by_session.items()
    }
