"""The business book on a 360×640 phone: an entrepreneur starts a book, records a sale in
three taps plus the amount, then records one with no network; it waits on the phone, is
listed as pending on the book's home, and reaches the server once when the phone is back."""

from __future__ import annotations

import pytest
from django.utils import translation

from lms.business.models import Business, Entry
from tests.browser.test_offline import QUEUED, log_in
from tests.browser.waiting import wait_until
from tests.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def pt(message: str) -> str:
    with translation.override("pt-br"):
        return translation.gettext(message)


def test_an_entry_made_offline_waits_on_the_phone_and_arrives_once(live_server, phone):
    owner = UserFactory(username="rosa_book", country="BR", preferred_language="pt-br")
    log_in(phone, live_server.url, owner.username)
    phone.goto(f"{live_server.url}/pt-br/learn/book/")
    phone.fill("input[name=name]", "Mercadinho da Rosa")
    phone.locator("label.book-chip", has_text=pt("Shop or market stall")).click()
    phone.locator("main form button[type=submit]").click()
    phone.wait_for_url("**/learn/book/")
    business = Business.objects.get(owner=owner)

    # Online: tap the kind, the category (first one is chosen), type, save.
    phone.locator(".book-kind-sale").click()
    phone.fill("input[name=amount]", "12,50")
    phone.locator("main form button[type=submit]").click()
    phone.wait_for_url("**/learn/book/")
    assert "R$ 12,50" in phone.inner_text(".book-totals")

    # Offline: the same form keeps the entry on the phone.
    phone.locator(".book-kind-expense").click()
    phone.context.set_offline(True)
    phone.locator("label.book-chip", has_text=pt("Rent")).click()
    phone.fill("input[name=amount]", "300")
    phone.locator("main form button[type=submit]").click()
    wait_until(phone, "!document.querySelector('[data-book-status]').hidden")
    assert phone.inner_text("[data-book-status]") == pt(
        "Saved on this phone — sent when you are back online."
    )
    queued = phone.evaluate(QUEUED)
    assert [(e["kind"], e["payload"]["category"], e["payload"]["amount"]) for e in queued] == [
        ("book_entry", "rent", "300")
    ]
    assert Entry.objects.filter(business=business).count() == 1

    # A bad amount offline is caught before it is queued.
    phone.fill("input[name=amount]", "-5")
    phone.locator("main form button[type=submit]").click()
    wait_until(phone, "document.querySelector('#id_amount_error li') !== null")
    assert len(phone.evaluate(QUEUED)) == 1

    phone.context.set_offline(False)
    phone.evaluate("window.dispatchEvent(new Event('online'))")
    wait_until(phone, f"({QUEUED}).then((rows) => rows.length === 0)", timeout=15000)
    expense = Entry.objects.get(business=business, kind="expense")
    assert (expense.amount, expense.category) == (30000, "rent")
    assert str(expense.client_id) == queued[0]["payload"]["client_id"]
    phone.goto(f"{live_server.url}/pt-br/learn/book/")
    assert "R$ 300,00" in phone.inner_text(".book-totals")
    assert phone.locator("[data-book-pending]").is_hidden()
    # Nothing sideways on a 360 px phone.
    assert phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
