import uuid
from datetime import date, timedelta

import pytest
from django.utils import timezone

from lms.business.models import Entry, EntryRevision, MonthSummary, Product
from lms.business.services import (
    BookInputError,
    entry_correct,
    entry_delete,
    entry_record,
    month_start,
)


def record(business, **overrides):
    values = {
        "kind": "sale",
        "amount": 1000,
        "occurred_on": timezone.localdate(),
        "category": "goods",
    }
    values.update(overrides)
    return entry_record(business=business, **values)


def summary(business, day=None):
    return MonthSummary.objects.get(
        business=business, month=month_start(day or timezone.localdate())
    )


def test_an_entry_updates_its_month(business):
    record(business, amount=5000)
    record(business, kind="expense", amount=1200, category="rent")
    record(business, kind="draw", amount=800, category="take_home")
    record(business, kind="injection", amount=300, category="savings")
    month = summary(business)
    assert (month.sales, month.expenses, month.draws, month.injections, month.entries) == (
        5000,
        1200,
        800,
        300,
        4,
    )
    assert month.profit == 5000 - 1200  # the take-home is not a business cost
    assert month.cash_flow == 5000 + 300 - 1200 - 800


def test_the_same_phone_entry_twice_is_stored_once(business):
    client_id = uuid.uuid4()
    first, created = record(business, client_id=client_id)
    again, created_again = record(business, client_id=client_id, amount=99999)
    assert created and not created_again and again.pk == first.pk
    assert Entry.objects.count() == 1 and summary(business).sales == 1000


def test_a_correction_keeps_what_the_entry_said_before(business):
    entry, _ = record(business, amount=1000)
    entry_correct(
        entry=entry,
        kind="sale",
        amount=1500,
        occurred_on=entry.occurred_on,
        category="goods",
    )
    actions = list(
        EntryRevision.objects.filter(entry=entry).values_list("action", "snapshot__amount")
    )
    assert actions == [("created", 1000), ("corrected", 1000)]
    assert summary(business).sales == 1500


def test_a_correction_into_another_month_fixes_both_months(business):
    today = timezone.localdate()
    last_month = month_start(today) - timedelta(days=1)
    entry, _ = record(business, amount=1000)
    entry_correct(entry=entry, kind="sale", amount=1000, occurred_on=last_month, category="goods")
    assert summary(business).sales == 0
    assert summary(business, last_month).sales == 1000


def test_a_deleted_entry_leaves_the_totals_but_keeps_its_row(business):
    entry, _ = record(business, amount=1000)
    entry_delete(entry=entry)
    entry_delete(entry=entry)  # twice changes nothing
    entry.refresh_from_db()
    assert entry.deleted_at is not None
    assert summary(business).sales == 0
    assert list(entry.revisions.values_list("action", flat=True)) == ["created", "deleted"]


def test_sales_of_a_product_take_stock_down_and_cost_the_goods(business):
    soap = Product.objects.create(
        business=business, name="Sabão", unit_cost=250, unit_price=400, stock=10
    )
    record(business, amount=1200, product=soap, quantity=3)
    record(business, kind="purchase", amount=2500, category="stock", product=soap, quantity=10)
    record(business, kind="purchase", amount=700, category="stock")  # bought for use, no product
    soap.refresh_from_db()
    assert soap.stock == 10 - 3 + 10
    month = summary(business)
    assert month.cost_of_goods == 3 * 250 + 700
    assert month.purchases == 3200
    entry = Entry.objects.get(kind="sale")
    entry_delete(entry=entry)
    soap.refresh_from_db()
    assert soap.stock == 20


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"amount": -5}, "amount"),
        ({"amount": 0}, "amount"),
        ({"amount": 10**15}, "amount"),
        ({"amount": "12"}, "amount"),
        ({"amount": True}, "amount"),
        ({"occurred_on": date.today() + timedelta(days=2)}, "occurred_on"),
        ({"occurred_on": date(2000, 1, 1)}, "occurred_on"),
        ({"occurred_on": "2026-01-01"}, "occurred_on"),
        ({"kind": "gift"}, "kind"),
        ({"category": "rent"}, "category"),  # not a sales category
        ({"category": "x" * 500}, "category"),
        ({"note": "n" * 201}, "note"),
        ({"note": "a\x00b"}, "note"),
        ({"quantity": 3}, "product"),
    ],
)
def test_bad_input_gets_a_message_and_stores_nothing(business, overrides, field):
    with pytest.raises(BookInputError) as error:
        record(business, **overrides)
    assert error.value.field == field and error.value.message
    assert not Entry.objects.exists() and not MonthSummary.objects.exists()


def test_another_business_product_is_refused(business, make_business):
    other = make_business("CL")
    theirs = Product.objects.create(business=other, name="Pan", unit_cost=100, unit_price=200)
    with pytest.raises(BookInputError):
        record(business, product=theirs, quantity=1)


def test_a_phone_entry_id_cannot_reach_another_book(business, make_business):
    other = make_business("PE")
    client_id = uuid.uuid4()
    record(business, client_id=client_id)
    with pytest.raises(BookInputError):
        entry_record(
            business=other,
            kind="sale",
            amount=10,
            occurred_on=timezone.localdate(),
            category="goods",
            client_id=client_id,
        )
