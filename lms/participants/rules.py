"""Graduation rules: which rule a curriculum follows, and what it says about one participant's
facts. ``standing_evaluate`` is pure (no database), so each threshold is tested at its edge."""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from uuid import UUID

from .models import GraduationRule

# A curriculum without a rule of its own: trained after half its sessions (12 of 24),
# graduated with 75 % of them, the last session (the life plan) and half the quizzes passed.
DEFAULT_SHARE_PERCENT = 75


@dataclass(frozen=True)
class Rule:
    trained_min_sessions: int
    graduated_min_percent: int
    required_numbers: frozenset[int]
    graduated_min_quizzes: int


@dataclass(frozen=True)
class Facts:
    """What a participant has done in one curriculum, counted by the refresh service."""

    total: int  # sessions of the curriculum (for the participant's level)
    held: int  # sessions of their group held so far (the total when not in a group)
    done_numbers: frozenset[int]  # session numbers attended (present/late) or completed
    done_in_held: int  # of the sessions held so far, those done
    quizzes_passed: int
    quizzes_total: int


@dataclass(frozen=True)
class Standing:
    sessions_done: int
    attendance_share: Decimal  # done of the sessions held so far, 0 to 1
    trained: bool
    graduated: bool
    on_track: bool


def rule_default(*, session_numbers: list[int], quizzes_total: int) -> Rule:
    return Rule(
        trained_min_sessions=max(1, math.ceil(len(session_numbers) / 2)),
        graduated_min_percent=DEFAULT_SHARE_PERCENT,
        required_numbers=frozenset(session_numbers[-1:]),
        graduated_min_quizzes=math.ceil(quizzes_total / 2),
    )


def rule_for(*, curriculum_key: UUID, session_numbers: list[int], quizzes_total: int) -> Rule:
    row = GraduationRule.objects.filter(curriculum_key=curriculum_key).first()
    if row is None:
        return rule_default(session_numbers=session_numbers, quizzes_total=quizzes_total)
    return Rule(
        trained_min_sessions=row.trained_min_sessions,
        graduated_min_percent=row.graduated_min_percent,
        required_numbers=row.required_numbers,
        graduated_min_quizzes=row.graduated_min_quizzes,
    )


def _needed(rule: Rule, total: int) -> int:
    """Sessions a graduate needs: the share of the total, rounded up (75 % of 24 is 18)."""
    return math.ceil(Decimal(rule.graduated_min_percent) * total / 100)


def standing_evaluate(*, rule: Rule, facts: Facts) -> Standing:
    done = len(facts.done_numbers)
    held = min(facts.held, facts.total)
    share = Decimal(facts.done_in_held) / held if held else Decimal(0)
    share = min(share, Decimal(1)).quantize(Decimal("0.001"), rounding=ROUND_HALF_UP)
    graduated = (
        facts.total > 0
        and done >= _needed(rule, facts.total)
        and rule.required_numbers <= facts.done_numbers
        and facts.quizzes_passed >= rule.graduated_min_quizzes
    )
    # On track: keeping the rule's pace over the sessions held so far, and still able to
    # reach the rule with the sessions left (quizzes can be taken again at any time).
    remaining = facts.total - held
    on_track = graduated or (
        held > 0
        and share * 100 >= rule.graduated_min_percent
        and done + remaining >= _needed(rule, facts.total)
    )
    return Standing(
        sessions_done=done,
        attendance_share=share,
        trained=done >= rule.trained_min_sessions,
        graduated=graduated,
        on_track=on_track,
    )
