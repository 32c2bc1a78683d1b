"""The cash book through the phone's queue: an entry made offline is created once by the id
the phone gave it, corrections and deletions keep the latest by the time the owner made them,
bad fields are refused one by one, and nobody writes in another person's book."""

from __future__ import annotations

import json
import uuid
from datetime import timedelta

import pytest
from django.utils import timezone

from lms.api.models import SyncEvent
from lms.business.models import Entry, MonthSummary, Product
from lms.business.services import business_create, entry_correct, entry_record
from tests.lms.api.conftest import event

pytestmark = pytest.mark.django_db

URL = "/api/v1/sync/"


def post(client, events):
    return client.post(URL, json.dumps({"events": events}), content_type="application/json")


@pytest.fixture
def book(learner):
    return business_create(owner=learner, name="Bazar da Ana", sector="shop", country="BR")


def entry_event(user, action="create", *, client_id=None, at=None, **fields):
    payload = {"action": action, "client_id": str(client_id or uuid.uuid4())}
    if action != "delete":
        payload |= {
            "kind": "sale",
            "category": "goods",
            "amount": "12,50",
            "occurred_on": timezone.localdate().isoformat(),
            "note": "",
            "product": None,
            "quantity": None,
            "language": "pt-br",
        }
    payload |= fields
    return event(user, "book_entry", payload, at=at)


def test_an_offline_entry_is_created_once_however_often_it_is_sent(client, learner, book):
    client.force_login(learner)
    client_id = uuid.uuid4()
    first = entry_event(learner, client_id=client_id, amount="1.234,56")
    again = entry_event(learner, client_id=client_id, amount="1.234,56")  # queued twice
    answer = post(client, [first, again]).json()
    assert set(answer["held"]) == {first["id"], again["id"]}
    assert post(client, [first]).json()["held"] == [first["id"]]
    entry = Entry.objects.get()
    assert (entry.client_id, entry.amount) == (client_id, 123456)
    assert MonthSummary.objects.get(business=book).sales == 123456


def test_the_form_posted_online_and_the_queued_copy_make_one_entry(client, learner, book):
    client.force_login(learner)
    client_id = uuid.uuid4()
    entry_record(
        business=book, kind="sale", amount=1250, occurred_on=timezone.localdate(),
        category="goods", client_id=client_id,
    )  # fmt: skip
    assert post(client, [entry_event(learner, client_id=client_id)]).json()["refused"] == {}
    assert Entry.objects.count() == 1


def test_corrections_keep_the_latest_by_the_time_they_were_made(client, learner, book):
    client.force_login(learner)
    now = timezone.now()
    client_id = uuid.uuid4()
    create = entry_event(learner, client_id=client_id, at=now - timedelta(hours=3))
    later = entry_event(learner, "correct", client_id=client_id, amount="30",
                        at=now - timedelta(hours=1))  # fmt: skip
    earlier = entry_event(learner, "correct", client_id=client_id, amount="20",
                          at=now - timedelta(hours=2))  # fmt: skip
    post(client, [create, later])
    post(client, [earlier])  # arrives last, was made before: superseded
    entry = Entry.objects.get()
    assert entry.amount == 3000
    assert SyncEvent.objects.get(id=earlier["id"]).outcome == "superseded"
    assert list(entry.revisions.values_list("action", flat=True)) == ["created", "corrected"]


def test_a_correction_made_online_later_wins_over_a_queued_one(client, learner, book):
    client.force_login(learner)
    client_id = uuid.uuid4()
    post(
        client, [entry_event(learner, client_id=client_id, at=timezone.now() - timedelta(hours=2))]
    )
    entry = Entry.objects.get()
    entry_correct(entry=entry, kind="sale", amount=9900, occurred_on=entry.occurred_on,
                  category="goods")  # fmt: skip
    stale = entry_event(learner, "correct", client_id=client_id, amount="1",
                        at=timezone.now() - timedelta(hours=1))  # fmt: skip
    assert post(client, [stale]).json()["held"] == [stale["id"]]
    entry.refresh_from_db()
    assert entry.amount == 9900


def test_a_queued_deletion_takes_the_entry_out_and_keeps_it(client, learner, book):
    client.force_login(learner)
    client_id = uuid.uuid4()
    now = timezone.now()
    create = entry_event(learner, client_id=client_id, at=now - timedelta(hours=2))
    delete = entry_event(learner, "delete", client_id=client_id, at=now - timedelta(hours=1))
    post(client, [create, delete])
    entry = Entry.objects.get()
    assert entry.deleted_at is not None
    assert MonthSummary.objects.get(business=book).sales == 0
    late = entry_event(learner, "correct", client_id=client_id, amount="5")
    assert post(client, [late]).json()["held"] == [late["id"]]
    entry.refresh_from_db()
    assert entry.deleted_at is not None and entry.amount == 1250


def test_a_queued_sale_of_a_product_takes_stock_down(client, learner, book):
    client.force_login(learner)
    soap = Product.objects.create(business=book, name="Sabão", unit_cost=200, unit_price=350,
                                  stock=10)  # fmt: skip
    post(client, [entry_event(learner, product=soap.pk, quantity=3, amount="10,50")])
    soap.refresh_from_db()
    assert soap.stock == 7


@pytest.mark.parametrize(
    "change",
    [
        {"action": "copy"},
        {"client_id": "not-a-uuid"},
        {"kind": "gift"},
        {"category": "x" * 30},
        {"amount": 1250},
        {"amount": "1" * 41},
        {"occurred_on": "2026-02-31"},
        {"occurred_on": 20261201},
        {"note": "n" * 201},
        {"note": "a\x00b"},
        {"product": "1"},
        {"product": True},
        {"quantity": 0},
        {"quantity": 10**9},
        {"language": "fr"},
    ],
)
def test_hostile_fields_are_refused_one_by_one(client, learner, book, change):
    client.force_login(learner)
    good = entry_event(learner)
    bad = entry_event(learner, **change)
    answer = post(client, [good, bad]).json()
    assert answer["held"] == [good["id"]] and list(answer["refused"]) == [bad["id"]]
    assert Entry.objects.count() == 1


@pytest.mark.parametrize(
    "change",
    [
        {"amount": "-5"},
        {"amount": "abc"},
        {"amount": "999999999999"},
        {"occurred_on": (timezone.localdate() + timedelta(days=2)).isoformat()},
        {"category": "rent"},  # not a sale's category
        {"product": 999999},
    ],
)
def test_entries_the_book_cannot_take_are_refused_and_store_nothing(client, learner, book, change):
    client.force_login(learner)
    bad = entry_event(learner, **change)
    answer = post(client, [bad]).json()
    assert list(answer["refused"]) == [bad["id"]]
    assert not Entry.objects.exists() and not SyncEvent.objects.exists()


def test_nobody_writes_in_another_persons_book(client, learner, other_learner, book):
    theirs = business_create(owner=other_learner, name="Rosa", sector="shop", country="BR")
    entry, _ = entry_record(business=theirs, kind="sale", amount=500,
                            occurred_on=timezone.localdate(), category="goods")  # fmt: skip
    client.force_login(learner)
    # Their event on my phone: kept for them, not applied.
    answer = post(client, [entry_event(other_learner)]).json()
    assert len(answer["not_yours"]) == 1
    # My events naming their entry: refused, their entry unchanged.
    events = [
        entry_event(learner, client_id=entry.client_id),
        entry_event(learner, "correct", client_id=entry.client_id, amount="1"),
        entry_event(learner, "delete", client_id=entry.client_id),
    ]
    answer = post(client, events).json()
    assert set(answer["refused"]) == {e["id"] for e in events}
    entry.refresh_from_db()
    assert entry.amount == 500 and entry.deleted_at is None
    assert Entry.objects.count() == 1


def test_a_learner_without_a_book_is_refused(client, other_learner):
    client.force_login(other_learner)
    bad = entry_event(other_learner)
    assert list(post(client, [bad]).json()["refused"]) == [bad["id"]]


# Out of order: batches cut at random and reordered must end as if in order.


def test_a_correction_arriving_before_its_create_makes_the_entry_and_the_create_is_ignored(
    client, learner, book
):
    client.force_login(learner)
    now, client_id = timezone.now(), uuid.uuid4()
    create = entry_event(learner, client_id=client_id, at=now - timedelta(hours=3))
    correct = entry_event(learner, "correct", client_id=client_id, amount="30",
                          at=now - timedelta(hours=2))  # fmt: skip
    assert post(client, [correct]).json()["held"] == [correct["id"]]
    assert post(client, [create]).json()["held"] == [create["id"]]
    entry = Entry.objects.get()
    assert (entry.amount, entry.changed_at, entry.deleted_at) == (3000, correct_at(correct), None)
    assert SyncEvent.objects.get(id=create["id"]).outcome == "superseded"
    assert MonthSummary.objects.get(business=book).sales == 3000


def test_two_corrections_before_their_create_keep_the_later(client, learner, book):
    client.force_login(learner)
    now, client_id = timezone.now(), uuid.uuid4()
    create = entry_event(learner, client_id=client_id, at=now - timedelta(hours=3))
    earlier = entry_event(learner, "correct", client_id=client_id, amount="20",
                          at=now - timedelta(hours=2))  # fmt: skip
    later = entry_event(learner, "correct", client_id=client_id, amount="40",
                        at=now - timedelta(hours=1))  # fmt: skip
    for batch in ([later], [create], [earlier]):
        post(client, batch)
    assert Entry.objects.get().amount == 4000
    Entry.objects.all().delete()
    SyncEvent.objects.all().delete()
    for batch in ([earlier], [later], [create]):
        post(client, batch)
    assert Entry.objects.get().amount == 4000


def test_a_deletion_arriving_before_its_create_keeps_the_entry_out(client, learner, book):
    client.force_login(learner)
    now, client_id = timezone.now(), uuid.uuid4()
    create = entry_event(learner, client_id=client_id, at=now - timedelta(hours=3))
    correct = entry_event(learner, "correct", client_id=client_id, amount="30",
                          at=now - timedelta(hours=2))  # fmt: skip
    delete = entry_event(learner, "delete", client_id=client_id, at=now - timedelta(hours=1))
    assert post(client, [delete]).json()["held"] == [delete["id"]]
    assert not Entry.objects.exists()
    post(client, [create])  # the late create does not bring it back
    entry = Entry.objects.get()
    assert entry.deleted_at is not None and entry.changed_at == correct_at(delete)
    post(client, [correct])
    entry.refresh_from_db()
    assert entry.deleted_at is not None
    assert MonthSummary.objects.get(business=book).sales == 0
    assert list(entry.revisions.values_list("action", flat=True)) == ["created", "deleted"]


def test_a_deletion_wins_over_a_later_correction_whatever_the_order(client, learner, book):
    client.force_login(learner)
    now, client_id = timezone.now(), uuid.uuid4()
    create = entry_event(learner, client_id=client_id, at=now - timedelta(hours=3))
    delete = entry_event(learner, "delete", client_id=client_id, at=now - timedelta(hours=2))
    correct = entry_event(learner, "correct", client_id=client_id, amount="30",
                          at=now - timedelta(hours=1))  # fmt: skip
    post(client, [correct])  # made after the deletion, arrives first: makes the entry
    post(client, [delete])  # older, but a deletion wins
    post(client, [create])
    entry = Entry.objects.get()
    assert entry.deleted_at is not None
    assert MonthSummary.objects.get(business=book).sales == 0


def test_a_held_deletion_is_only_the_owners(client, learner, other_learner, book):
    """A deletion for an id not here yet is held for its sender only: another owner's entry
    made later with that id is untouched (and the sender cannot name another's entry)."""
    theirs = business_create(owner=other_learner, name="Rosa", sector="shop", country="BR")
    client.force_login(learner)
    client_id = uuid.uuid4()
    post(client, [entry_event(learner, "delete", client_id=client_id)])
    entry, _ = entry_record(business=theirs, kind="sale", amount=500, client_id=client_id,
                            occurred_on=timezone.localdate(), category="goods")  # fmt: skip
    assert entry.deleted_at is None


def correct_at(raw_event):
    from datetime import datetime

    return datetime.fromisoformat(raw_event["occurred_at"])


def test_a_correction_wins_over_the_create_whatever_their_times(client, learner, book):
    """Corrections compare times with each other only: a create (sent again, or stamped by a
    phone whose clock ran ahead) never undoes a correction in place, nor blocks one."""
    client.force_login(learner)
    now, client_id = timezone.now(), uuid.uuid4()
    create = entry_event(learner, client_id=client_id, at=now - timedelta(hours=1))
    correct = entry_event(learner, "correct", client_id=client_id, amount="30",
                          at=now - timedelta(hours=2))  # fmt: skip
    post(client, [create])
    post(client, [correct])
    assert Entry.objects.get().amount == 3000
