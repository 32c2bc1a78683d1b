"""Graduation rules at each threshold: one below, exactly at, and the default rule."""

from decimal import Decimal

import pytest

from lms.participants.models import session_numbers
from lms.participants.rules import Facts, Rule, rule_default, standing_evaluate

RULE = Rule(
    trained_min_sessions=12,
    graduated_min_percent=75,
    required_numbers=frozenset({24}),
    graduated_min_quizzes=3,
)


def facts(done: set[int], *, held: int = 24, quizzes: int = 3, total: int = 24) -> Facts:
    return Facts(
        total=total,
        held=held,
        done_numbers=frozenset(done),
        done_in_held=len({n for n in done if n <= held}),
        quizzes_passed=quizzes,
        quizzes_total=6,
    )


def first(n: int) -> set[int]:
    return set(range(1, n + 1))


@pytest.mark.parametrize(("done", "trained"), [(11, False), (12, True), (13, True)])
def test_trained_from_the_rules_number_of_sessions(done, trained):
    standing = standing_evaluate(rule=RULE, facts=facts(first(done), quizzes=0))
    assert standing.trained is trained
    assert standing.sessions_done == done


def test_graduated_needs_the_share_rounded_up():
    # 75 % of 24 is 18: 17 sessions plus the required one are not enough, 18 are.
    seventeen = first(16) | {24}
    eighteen = first(17) | {24}
    assert standing_evaluate(rule=RULE, facts=facts(seventeen)).graduated is False
    assert standing_evaluate(rule=RULE, facts=facts(eighteen)).graduated is True
    # 75 % of 10 is 7.5: 8 are needed.
    rule = Rule(1, 75, frozenset(), 0)
    assert standing_evaluate(rule=rule, facts=facts(first(7), total=10, held=10)).graduated is False
    assert standing_evaluate(rule=rule, facts=facts(first(8), total=10, held=10)).graduated is True


def test_graduated_needs_every_required_session():
    without_final = first(23)
    assert standing_evaluate(rule=RULE, facts=facts(without_final)).graduated is False
    two_required = Rule(12, 75, frozenset({12, 24}), 0)
    assert (
        standing_evaluate(rule=two_required, facts=facts(first(20) - {12} | {24})).graduated
        is False
    )
    assert standing_evaluate(rule=two_required, facts=facts(first(20) | {24})).graduated is True


@pytest.mark.parametrize(("quizzes", "graduated"), [(2, False), (3, True), (4, True)])
def test_graduated_needs_the_quizzes_passed(quizzes, graduated):
    done = first(18) | {24}
    assert standing_evaluate(rule=RULE, facts=facts(done, quizzes=quizzes)).graduated is graduated


def test_attendance_share_is_over_the_sessions_held_so_far():
    standing = standing_evaluate(rule=RULE, facts=facts(first(3), held=4))
    assert standing.attendance_share == Decimal("0.750")
    assert standing.on_track is True  # 3 of 4 held is the rule's 75 %
    behind = standing_evaluate(rule=RULE, facts=facts(first(2), held=4))
    assert behind.attendance_share == Decimal("0.500")
    assert behind.on_track is False


def test_not_on_track_when_the_sessions_left_cannot_reach_the_rule():
    # 18 held, 12 done (67 %): below the pace.
    assert standing_evaluate(rule=RULE, facts=facts(first(12), held=18)).on_track is False
    # Nothing held yet: nobody is on track or behind.
    assert standing_evaluate(rule=RULE, facts=facts(set(), held=0)).on_track is False
    # A graduate is on track whatever is left.
    assert standing_evaluate(rule=RULE, facts=facts(first(18) | {24})).on_track is True


def test_an_empty_curriculum_graduates_nobody():
    empty = Facts(0, 0, frozenset(), 0, 0, 0)
    standing = standing_evaluate(rule=Rule(1, 0, frozenset(), 0), facts=empty)
    assert standing.graduated is False and standing.trained is False


def test_default_rule_is_half_the_sessions_three_quarters_and_the_last_one():
    rule = rule_default(session_numbers=list(range(1, 25)), quizzes_total=9)
    assert rule == Rule(12, 75, frozenset({24}), 5)


@pytest.mark.parametrize(
    ("text", "numbers"),
    [("24", {24}), ("12, 24", {12, 24}), ("", set()), ("x", set()), ("1;2", set())],
)
def test_required_sessions_are_read_from_numbers_and_commas(text, numbers):
    assert session_numbers(text) == numbers
