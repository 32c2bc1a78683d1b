"""Refresher lessons that suggest themselves from the book: each condition on hand-made
months, and the rules end to end on My path with their reasons."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from wagtail.models import Locale

from lms.business.models import SuggestionCondition, SuggestionRule
from lms.business.selectors import MonthResult
from lms.business.services import entry_record, month_start
from lms.business.suggestions import book_suggestions, condition_holds


def month(*, sales=0, cost=0, expenses=0, household=0, draws=0, with_product=0, cash=0, entries=1):
    return MonthResult(
        date(2026, 1, 1), sales, cost, expenses, household, draws, 0, 0, entries, with_product, cash
    )


def holds(condition, months, *book):
    return condition_holds(condition=condition, months=months, book=list(book))


def test_expenses_above_sales_needs_completed_months_running():
    loss, gain = month(sales=100, expenses=150), month(sales=300, expenses=100)
    current_loss = month(sales=0, expenses=500)  # rent paid on the 2nd: not counted yet
    assert holds(SuggestionCondition.EXPENSES_ABOVE_SALES, 2, loss, loss, gain)
    assert not holds(SuggestionCondition.EXPENSES_ABOVE_SALES, 2, gain, loss, current_loss)
    assert not holds(SuggestionCondition.EXPENSES_ABOVE_SALES, 3, loss, loss, gain)
    # Cost of goods counts against sales too.
    assert holds(
        SuggestionCondition.EXPENSES_ABOVE_SALES, 1, month(sales=100, cost=80, expenses=30), gain
    )


def test_recording_habits_count_in_the_current_month():
    assert holds(SuggestionCondition.HOUSEHOLD_IN_EXPENSES, 1, month(), month(household=1))
    assert not holds(SuggestionCondition.HOUSEHOLD_IN_EXPENSES, 1, month(household=1), month())
    assert holds(SuggestionCondition.SALES_WITHOUT_STOCK, 1, month(sales=10))
    assert not holds(SuggestionCondition.SALES_WITHOUT_STOCK, 1, month(sales=10, with_product=1))


def test_cash_and_take_home():
    assert holds(SuggestionCondition.NEGATIVE_CASH, 1, month(cash=-1), month())
    assert not holds(SuggestionCondition.NEGATIVE_CASH, 1, month(cash=0), month(cash=-5))
    assert holds(
        SuggestionCondition.DRAWS_ABOVE_PROFIT, 1, month(sales=100, expenses=50, draws=60), month()
    )
    assert not holds(SuggestionCondition.DRAWS_ABOVE_PROFIT, 1, month(sales=100, draws=60), month())


@pytest.fixture
def refresher(tree):
    module = tree["module"]
    module.refresher = True
    module.save_revision().publish()
    return tree["session"]


@pytest.fixture
def rule(refresher):
    return SuggestionRule.objects.create(
        locale=Locale.get_default(),
        condition=SuggestionCondition.HOUSEHOLD_IN_EXPENSES,
        months=1,
        lesson=refresher,
        reason="Você anotou gastos da casa como despesas do negócio.",
    )


def test_a_rule_must_point_at_a_refresher(tree):
    rule = SuggestionRule(
        locale=Locale.get_default(),
        condition=SuggestionCondition.NEGATIVE_CASH,
        months=1,
        lesson=tree["session"],
        reason="x",
    )
    with pytest.raises(ValidationError):
        rule.full_clean()


def test_my_path_shows_the_suggestion_with_its_reason(client, business, owner, rule, refresher):
    client.force_login(owner)
    page = client.get("/pt-br/learn/")
    assert "Sugerido pelo seu caderno do negócio" not in page.text
    entry_record(
        business=business,
        kind="expense",
        amount=5000,
        occurred_on=timezone.localdate(),
        category="household",
    )
    page = client.get("/pt-br/learn/")
    assert "Sugerido pelo seu caderno do negócio" in page.text
    assert "Você anotou gastos da casa" in page.text
    assert refresher.url in page.text


def test_a_spanish_reader_gets_the_spanish_rule(business, owner, rule, refresher):
    spanish = Locale.objects.get_or_create(language_code="es")[0]
    SuggestionRule.objects.create(
        locale=spanish,
        translation_key=rule.translation_key,
        condition=rule.condition,
        months=1,
        lesson=refresher,
        reason="Anotaste gastos de la casa como gastos del negocio.",
    )
    entry_record(
        business=business,
        kind="expense",
        amount=5000,
        occurred_on=timezone.localdate(),
        category="household",
    )
    [spanish_suggestion] = book_suggestions(owner=owner, language="es")
    assert spanish_suggestion.reason.startswith("Anotaste")
    [portuguese] = book_suggestions(owner=owner, language="pt-br")
    assert portuguese.reason.startswith("Você")


def test_nobody_else_gets_the_suggestion_and_inactive_rules_stay_quiet(
    business, owner, rule, make_business
):
    entry_record(
        business=business,
        kind="expense",
        amount=5000,
        occurred_on=timezone.localdate(),
        category="household",
    )
    other = make_business("BR")
    assert book_suggestions(owner=other.owner, language="pt-br") == []
    [suggestion] = book_suggestions(owner=owner, language="pt-br")
    assert suggestion.lesson_title == rule.lesson.title
    rule.active = False
    rule.save()
    assert book_suggestions(owner=owner, language="pt-br") == []


def test_a_completed_month_of_losses_two_months_running(business, owner, refresher):
    SuggestionRule.objects.create(
        locale=Locale.get_default(),
        condition=SuggestionCondition.EXPENSES_ABOVE_SALES,
        months=2,
        lesson=refresher,
        reason="Duas vezes no vermelho.",
    )
    this_month = month_start(timezone.localdate())
    last = this_month - timedelta(days=1)
    before = month_start(last) - timedelta(days=1)
    for day in (last, before):
        entry_record(business=business, kind="sale", amount=100, occurred_on=day, category="goods")
        entry_record(
            business=business, kind="expense", amount=900, occurred_on=day, category="rent"
        )
    [suggestion] = book_suggestions(owner=owner, language="pt-br")
    assert suggestion.reason == "Duas vezes no vermelho."
