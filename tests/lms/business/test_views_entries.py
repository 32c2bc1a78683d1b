"""The cash book's pages: only the owner sees their book, each kind is recorded in one post,
corrections keep history, bad input gets a message next to its field and stores nothing, and
the book's home runs the same number of queries however many entries the month has."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from lms.business.models import Business, Entry, EntryRevision, MonthSummary
from lms.business.services import entry_record, month_start
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

HOME = "/pt-br/learn/book/"


def new_url(kind: str, lang: str = "pt-br") -> str:
    return f"/{lang}/learn/book/new/{kind}/"


def post_entry(client, kind="sale", lang="pt-br", **fields):
    data = {
        "category": {"sale": "goods", "purchase": "stock", "expense": "rent",
                     "draw": "take_home", "injection": "savings"}[kind],
        "amount": "12,50",
        "occurred_on": timezone.localdate().isoformat(),
        "note": "",
    }  # fmt: skip
    data.update(fields)
    return client.post(new_url(kind, lang), data)


def test_a_visitor_is_sent_to_log_in(client):
    for url in (HOME, new_url("sale"), "/pt-br/learn/book/entries/1/"):
        response = client.get(url)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_a_learner_without_a_business_starts_one_with_their_country(client):
    person = UserFactory(country="PE", preferred_language="es")
    client.force_login(person)
    response = client.get(HOME)
    assert response.status_code == 302 and response["Location"].endswith("/learn/book/start/")
    page = client.get("/es/learn/book/start/")
    assert page.status_code == 200
    assert b'<option value="PE" selected>' in page.content
    bad = client.post("/es/learn/book/start/", {"name": "", "sector": "food", "country": "PE"})
    assert bad.status_code == 200 and not Business.objects.exists()
    client.post("/es/learn/book/start/", {"name": "Picantería", "sector": "food", "country": "PE"})
    business = Business.objects.get(owner=person)
    assert (business.name, business.sector, business.currency) == ("Picantería", "food", "PEN")
    assert client.get("/es/learn/book/").status_code == 200


@pytest.mark.parametrize(
    ("kind", "field"),
    [("sale", "sales"), ("purchase", "purchases"), ("expense", "expenses"),
     ("draw", "draws"), ("injection", "injections")],
)  # fmt: skip
def test_each_kind_is_recorded_in_one_post(client, owner, business, kind, field):
    client.force_login(owner)
    form = client.get(new_url(kind))
    assert form.status_code == 200
    assert b'inputmode="decimal"' in form.content
    response = post_entry(client, kind, amount="1.234,56")
    assert response.status_code == 302 and response["Location"] == HOME
    entry = Entry.objects.get()
    assert (entry.kind, entry.amount, entry.occurred_on) == (kind, 123456, timezone.localdate())
    month = MonthSummary.objects.get(business=business)
    assert getattr(month, field) == 123456
    home = client.get(HOME).content.decode()
    assert "R$ 1.234,56" in home


def test_the_category_buttons_follow_the_sector(client, owner, business):
    client.force_login(owner)
    page = client.get(new_url("purchase")).content.decode()
    assert 'value="stock"' in page and 'value="ingredients"' not in page
    assert 'value="other"' in page


def test_amounts_are_read_in_the_country_format(client, make_business):
    chile = make_business("CL")
    client.force_login(chile.owner)
    post_entry(client, "sale", lang="es", amount="15.000")
    assert Entry.objects.get().amount == 15000  # pesos have no cents
    assert "$ 15.000" in client.get("/es/learn/book/").content.decode()


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"amount": "-5"}, "amount"),
        ({"amount": "0"}, "amount"),
        ({"amount": "abc"}, "amount"),
        ({"amount": ""}, "amount"),
        ({"amount": "999999999999"}, "amount"),
        ({"occurred_on": (timezone.localdate() + timedelta(days=1)).isoformat()}, "occurred_on"),
        ({"occurred_on": "2026-02-31"}, "occurred_on"),
        ({"occurred_on": "1999-01-01"}, "occurred_on"),
        ({"note": "x" * 201}, "note"),
        ({"category": "rent"}, "category"),
    ],
)
def test_bad_input_gets_a_message_next_to_its_field_and_stores_nothing(
    client, owner, business, fields, field
):
    client.force_login(owner)
    response = post_entry(client, "sale", **fields)
    assert response.status_code == 400
    form = response.context["form"]
    assert form.errors.get(field), form.errors
    assert f'id="id_{field}_error"' in response.content.decode()
    assert not Entry.objects.exists() and not MonthSummary.objects.exists()


def test_the_json_answer_names_the_fields_for_the_phone(client, owner, business):
    client.force_login(owner)
    response = client.post(
        new_url("sale"),
        {"category": "goods", "amount": "-3", "occurred_on": timezone.localdate().isoformat()},
        HTTP_ACCEPT="application/json",
    )
    assert response.status_code == 400 and list(response.json()["errors"]) == ["amount"]
    ok = client.post(
        new_url("sale"),
        {"category": "goods", "amount": "3", "occurred_on": timezone.localdate().isoformat(),
         "client_id": str(uuid.uuid4())},
        HTTP_ACCEPT="application/json",
    )  # fmt: skip
    assert ok.status_code == 200 and ok.json()["redirect"] == HOME


def test_the_same_form_posted_twice_with_its_client_id_is_stored_once(client, owner, business):
    client.force_login(owner)
    client_id = str(uuid.uuid4())
    post_entry(client, client_id=client_id)
    post_entry(client, client_id=client_id)
    assert Entry.objects.count() == 1


def test_another_learner_gets_404_on_every_entry_page(client, business, make_business):
    entry, _ = entry_record(
        business=business, kind="sale", amount=100, occurred_on=timezone.localdate(),
        category="goods",
    )  # fmt: skip
    stranger = make_business("BR").owner
    client.force_login(stranger)
    base = f"/pt-br/learn/book/entries/{entry.pk}/"
    assert client.get(base).status_code == 404
    assert client.get(base + "correct/").status_code == 404
    assert client.post(base + "correct/", {"amount": "1"}).status_code == 404
    assert client.post(base + "delete/").status_code == 404
    assert client.get(f"/pt-br/learn/book/entries/{2**70}/").status_code == 404
    entry.refresh_from_db()
    assert entry.deleted_at is None and entry.amount == 100
    # Someone with no book at all: the same 404, not a hint that the entry exists.
    client.force_login(UserFactory())
    assert client.get(base).status_code == 404


def test_a_correction_keeps_history_and_shows_it(client, owner, business):
    client.force_login(owner)
    post_entry(client, amount="10")
    entry = Entry.objects.get()
    form = client.get(f"/pt-br/learn/book/entries/{entry.pk}/correct/")
    assert 'value="10,00"' in form.content.decode()
    response = client.post(
        f"/pt-br/learn/book/entries/{entry.pk}/correct/",
        {"category": "goods", "amount": "25,00", "occurred_on": entry.occurred_on.isoformat()},
    )
    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.amount == 2500
    assert list(entry.revisions.values_list("action", flat=True)) == ["created", "corrected"]
    page = client.get(f"/pt-br/learn/book/entries/{entry.pk}/").content.decode()
    assert "Corrigido" in page and "R$ 10,00" in page
    assert "corrigido" in client.get(HOME).content.decode()


def test_a_bad_correction_changes_nothing(client, owner, business):
    client.force_login(owner)
    post_entry(client, amount="10")
    entry = Entry.objects.get()
    response = client.post(
        f"/pt-br/learn/book/entries/{entry.pk}/correct/",
        {"category": "goods", "amount": "dez", "occurred_on": entry.occurred_on.isoformat()},
    )
    assert response.status_code == 400
    entry.refresh_from_db()
    assert entry.amount == 1000 and entry.revisions.count() == 1


def test_a_deleted_entry_leaves_the_totals_and_keeps_its_page(client, owner, business):
    client.force_login(owner)
    post_entry(client, amount="10")
    entry = Entry.objects.get()
    assert client.get(f"/pt-br/learn/book/entries/{entry.pk}/delete/").status_code == 405
    client.post(f"/pt-br/learn/book/entries/{entry.pk}/delete/")
    entry.refresh_from_db()
    assert entry.deleted_at is not None
    assert MonthSummary.objects.get(business=business).sales == 0
    assert EntryRevision.objects.filter(entry=entry, action="deleted").exists()
    assert client.get(f"/pt-br/learn/book/entries/{entry.pk}/").status_code == 200
    assert client.get(f"/pt-br/learn/book/entries/{entry.pk}/correct/").status_code == 404


def test_the_book_home_runs_the_same_queries_for_1_or_40_entries(client, owner, business):
    client.force_login(owner)
    today = timezone.localdate()

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(HOME).status_code == 200
        return len(queries)

    entry_record(business=business, kind="sale", amount=100, occurred_on=today, category="goods")
    count()  # the first page of a session also fills the person's cached roles
    few = count()
    for day in range(39):
        entry_record(
            business=business, kind="expense", amount=100 + day,
            occurred_on=max(month_start(today), today - timedelta(days=day % 28)),
            category="rent", note=f"n{day}",
        )  # fmt: skip
    assert count() == few
