from datetime import date, timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from lms.business.models import Product
from lms.business.selectors import MonthResult, book_month, book_months
from lms.business.services import entry_record, month_start


def record(business, day, kind="sale", amount=1000, category="goods", **extra):
    entry_record(
        business=business, kind=kind, amount=amount, occurred_on=day, category=category, **extra
    )


def test_profit_break_even_and_cash_of_a_month(business):
    today = timezone.localdate()
    soap = Product.objects.create(business=business, name="Sabão", unit_cost=300, unit_price=500)
    record(business, today, amount=5000, product=soap, quantity=10)  # cost 3000
    record(business, today, kind="expense", amount=1000, category="rent")
    record(business, today, kind="draw", amount=500, category="take_home")
    month = book_month(business=business, month=today)
    assert (month.sales, month.cost_of_goods, month.gross_margin) == (5000, 3000, 2000)
    assert month.profit == 1000  # the take-home stays out of the profit
    # Margin 40 % of sales: 1000 of expenses need 2500 of sales.
    assert month.break_even_sales == 2500
    assert month.cash_at_end == 5000 - 1000 - 500


def test_break_even_rounds_up_to_the_smallest_unit_and_needs_a_margin():
    def month(sales, cost, expenses):
        return MonthResult(date(2026, 1, 1), sales, cost, expenses, 0, 0, 0, 0, 1, 0, 0)

    assert month(3000, 1000, 1001).break_even_sales == 1502  # 1501.5 → 1502
    assert month(3000, 3000, 1000).break_even_sales is None  # no margin, never breaks even
    assert month(0, 0, 1000).break_even_sales is None


def test_months_run_oldest_first_with_empty_months_and_cash_carried(business):
    this_month = month_start(timezone.localdate())
    three_ago = (this_month - timedelta(days=80)).replace(day=1)
    long_ago = (this_month - timedelta(days=500)).replace(day=1)
    record(business, long_ago, kind="injection", amount=10000, category="savings")
    record(business, three_ago, amount=2000)
    record(business, this_month, kind="expense", amount=700, category="rent")
    months = book_months(business=business, months=6)
    assert [m.month for m in months][-1] == this_month and len(months) == 6
    by_month = {m.month: m for m in months}
    assert by_month[three_ago].cash_at_end == 12000  # the earlier money put in is counted
    assert months[-1].cash_at_end == 11300
    assert months[0].cash_at_end in (10000, 12000)  # before or after the sale, never 0


def test_reading_months_costs_one_query_however_many_entries(business):
    today = timezone.localdate()
    for day in range(1, 60):
        record(business, today - timedelta(days=day), amount=100 + day)
    with CaptureQueriesContext(connection) as few:
        book_months(business=business)
    for day in range(60, 300):
        record(business, today - timedelta(days=day), amount=100)
    with CaptureQueriesContext(connection) as many:
        book_months(business=business)
    assert len(few) == len(many) == 1
