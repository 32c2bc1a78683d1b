"""Refresher lessons that suggest themselves from the owner's own book.

Authors write the rules in the admin (``SuggestionRule``: a condition, how many months in a
row, a refresher lesson and the reason the learner reads). Each condition is checked on the
month summaries, never on single entries: two queries for an owner (the months, then the
rules only when there is a book), one for anyone else.

A condition about money that should have come in over a whole month (expenses above sales,
cash below zero, more taken home than made) looks at completed months only, so the first
days of a month, when rent is paid before much is sold, never trigger it. A condition about
how entries are recorded (household spending, sales without stock) looks at the current
month too, so the lesson arrives while the habit is fresh.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.utils import timezone
from wagtail.models import Locale

from .models import SuggestionCondition, SuggestionRule
from .selectors import MonthResult, book_months_of_owner

MAX_SUGGESTIONS = 3
WINDOW = 7  # months read: up to six completed months and the current one


def _household(month: MonthResult) -> bool:
    return month.household_expenses > 0


def _loss(month: MonthResult) -> bool:
    return month.entries > 0 and month.cost_of_goods + month.expenses > month.sales


def _no_stock(month: MonthResult) -> bool:
    return month.sales > 0 and month.sales_with_product == 0


def _cash(month: MonthResult) -> bool:
    return month.entries > 0 and month.cash_at_end < 0


def _draws(month: MonthResult) -> bool:
    return month.draws > 0 and month.draws > month.profit


CHECKS: dict[str, tuple[Callable[[MonthResult], bool], bool]] = {
    # condition: (test for one month, whether the current month counts)
    SuggestionCondition.HOUSEHOLD_IN_EXPENSES: (_household, True),
    SuggestionCondition.EXPENSES_ABOVE_SALES: (_loss, False),
    SuggestionCondition.SALES_WITHOUT_STOCK: (_no_stock, True),
    SuggestionCondition.NEGATIVE_CASH: (_cash, False),
    SuggestionCondition.DRAWS_ABOVE_PROFIT: (_draws, False),
}


def condition_holds(*, condition: str, months: int, book: list[MonthResult]) -> bool:
    """``book`` is oldest first and ends with the current month."""
    test, current_counts = CHECKS[condition]
    window = book if current_counts else book[:-1]
    recent = window[-months:]
    return len(recent) == months and all(test(month) for month in recent)


@dataclass(frozen=True)
class Suggestion:
    rule: SuggestionRule
    reason: str
    lesson_url: str
    lesson_title: str


def book_suggestions(*, owner, language: str, request=None) -> list[Suggestion]:
    """The refresher lessons the owner's book suggests now, in ``language`` where the rules
    are translated, at most ``MAX_SUGGESTIONS``; an empty list for anyone without a book."""
    book = book_months_of_owner(owner=owner, months=WINDOW, until=timezone.localdate())
    if not book or not any(month.entries for month in book):
        return []
    rules = list(
        SuggestionRule.objects.filter(active=True, locale__language_code=language)
        .select_related("lesson")
        .order_by("pk")
    )
    if not rules:
        rules = list(
            SuggestionRule.objects.filter(active=True, locale=Locale.get_default())
            .select_related("lesson")
            .order_by("pk")
        )
    found: list[Suggestion] = []
    seen: set[int] = set()
    for rule in rules:
        lesson = rule.lesson
        if lesson.pk in seen or not lesson.live:
            continue
        if condition_holds(condition=rule.condition, months=rule.months, book=book):
            seen.add(lesson.pk)
            found.append(
                Suggestion(
                    rule=rule,
                    reason=rule.reason,
                    lesson_url=lesson.get_url(request=request) or "",
                    lesson_title=lesson.title,
                )
            )
        if len(found) == MAX_SUGGESTIONS:
            break
    return found
