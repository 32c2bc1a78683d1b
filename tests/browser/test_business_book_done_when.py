"""Issue 16's "done when", on a 360×640 phone in pt-BR: an entrepreneur in a group records a
week of sales and expenses through the book's forms (some with no network, queued on the
phone and sent once when it is back), one of them household spending; the month's profit and
break-even point on the results page are the ones worked out by hand; My path suggests the
refresher on separating household and business money with the rule's reason; the month's
CSV holds the entries and the totals; the entrepreneur chooses the group's facilitator as
mentor and agrees. The mentor, on their own phone, sees the monthly summary (never a single
entry's note) and a WhatsApp link whose text, decoded, greets the owner by name in Portuguese
and names the business. Last, the server holds each entry once, with its history."""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest
from django.utils import translation
from wagtail.models import Locale

from lms.business.models import Business, Entry, EntryRevision, SuggestionCondition, SuggestionRule
from lms.business.money import money_format
from lms.business.services import month_start
from lms.cohorts.services import membership_join
from lms.core.roles import Role
from tests.browser.conftest import ConsoleWatch
from tests.browser.test_offline import (
    QUEUED,
    log_in,
    roles,  # noqa: F401  (role groups by name: see there)
)
from tests.browser.waiting import wait_until
from tests.factories import ModulePageFactory, SessionPageFactory
from tests.lms.facilitation.conftest import (  # noqa: F401  (fixtures)
    curriculum,
    facilitator,
    group,
    outlines,
)
from tests.lms.facilitation.helpers import with_role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

REASON = "Você anotou gastos da casa como despesas do negócio. Veja como separar os dois."
NOTE = "Encomenda da Dona Lúcia"
# (kind, category, amount typed, offline?) — a week of a small shop, worked out by hand below.
WEEK = [
    ("sale", "goods", "120,00", False),
    ("purchase", "stock", "200", False),
    ("sale", "goods", "85,50", False),
    ("sale", "goods", "150", True),
    ("sale", "goods", "99,90", True),
    ("expense", "rent", "150,00", True),
    ("expense", "household", "40", True),
    ("sale", "goods", "110,00", False),
]
SALES = 12000 + 8550 + 15000 + 9990 + 11000  # R$ 565,40
COST_OF_GOODS = 20000  # stock bought for use, with no product: a cost of goods
EXPENSES = 15000 + 4000  # rent and the household spending, as recorded
PROFIT = SALES - COST_OF_GOODS - EXPENSES  # R$ 175,40
# Expenses ÷ margin share, rounded up to the centavo: 19000 × 56540 ÷ 36540 = 29399.56…
BREAK_EVEN = 29400


def pt(message: str) -> str:
    with translation.override("pt-br"):
        return translation.gettext(message)


def brl(cents: int) -> str:
    return money_format(cents, currency="BRL")


@pytest.fixture
def refresher(curriculum):  # noqa: F811
    module = ModulePageFactory(parent=curriculum, number=9, title="Reforço: contas do negócio")
    module.refresher = True
    module.save_revision().publish()
    lesson = SessionPageFactory(parent=module, number=1, title="Dinheiro da casa e do negócio")
    lesson.save_revision().publish()
    return lesson


@pytest.fixture
def owner(group, roles):  # noqa: F811
    person = with_role(
        Role.LEARNER,
        username="rosa-e2e",
        first_name="Rosa",
        last_name="Quispe",
        country="BR",
        preferred_language="pt-br",
        phone="31998765432",
    )
    membership_join(group=group, learner=person)
    return person


def record(page, base, kind, category, amount, *, day=None, note=None, offline=False):
    """One entry through the form: the kind, the category chip, the amount (and, opened
    under "Date, note and product", the day and a note)."""
    if not page.url.endswith(f"/learn/book/new/{kind}/"):
        page.goto(f"{base}/pt-br/learn/book/new/{kind}/")
    page.locator(f"label.book-chip:has(input[value={category}])").click()
    page.fill("input[name=amount]", amount)
    if day is not None or note:
        if not page.locator("details.book-more").evaluate("d => d.open"):
            page.locator("details.book-more summary").click()
        if day is not None:
            page.fill("input[name=occurred_on]", day.isoformat())
        if note:
            page.fill("[name=note]", note)
    page.locator("main form button[type=submit]").click()
    if offline:
        wait_until(page, "document.querySelector('input[name=amount]').value === ''")
    else:
        page.wait_for_url("**/learn/book/")


def test_a_week_in_the_book_then_the_mentor_follows_it_up(
    browser,
    live_server,
    owner,
    facilitator,  # noqa: F811
    refresher,
):
    SuggestionRule.objects.create(
        locale=Locale.get_default(),
        condition=SuggestionCondition.HOUSEHOLD_IN_EXPENSES,
        months=1,
        lesson=refresher,
        reason=REASON,
    )
    base = live_server.url
    context = browser.new_context(
        viewport={"width": 360, "height": 640}, locale="pt-BR", accept_downloads=True
    )
    phone = context.new_page()
    watch = ConsoleWatch(phone)
    log_in(phone, base, owner.username)
    phone.goto(f"{base}/pt-br/learn/book/")
    phone.fill("input[name=name]", "Mercadinho da Rosa")
    phone.locator("label.book-chip", has_text=pt("Shop or market stall")).click()
    phone.locator("main form button[type=submit]").click()
    phone.wait_for_url("**/learn/book/")
    business = Business.objects.get(owner=owner)

    # The first sale with three taps from the book's home; the rest straight to the forms.
    phone.locator(".book-kind-sale").click()
    phone.wait_for_url("**/learn/book/new/sale/")
    # Today where the owner is (the form's latest date), and seven days back, kept inside
    # this month (early in a month some fall on the 1st).
    today = date.fromisoformat(phone.get_attribute("input[name=occurred_on]", "max"))
    first = month_start(today)
    days = [max(today - timedelta(days=max(6 - n, 0)), first) for n in range(len(WEEK))]
    for n, (kind, category, amount, offline) in enumerate(WEEK):
        if offline and not WEEK[n - 1][3]:  # the form is open; then the network goes
            phone.goto(f"{base}/pt-br/learn/book/new/{kind}/")
            context.set_offline(True)
        elif not offline and n and WEEK[n - 1][3]:  # back online: the queue empties
            waiting = phone.evaluate(QUEUED)
            assert {e["payload"]["category"] for e in waiting} >= {"rent", "household"}
            context.set_offline(False)
            phone.evaluate("window.dispatchEvent(new Event('online'))")
            wait_until(phone, f"({QUEUED}).then((rows) => rows.length === 0)", timeout=15000)
        elif offline and kind != WEEK[n - 1][0]:
            # Another kind: its form is opened online (the queue keeps what waits), then the
            # network goes again.
            context.set_offline(False)
            phone.goto(f"{base}/pt-br/learn/book/new/{kind}/")
            context.set_offline(True)
        record(
            phone, base, kind, category, amount,
            day=days[n] if days[n] != today else None,
            note=NOTE if n == 0 else None,
            offline=offline,
        )  # fmt: skip
    assert Entry.objects.filter(business=business).count() == len(WEEK)
    phone.goto(f"{base}/pt-br/learn/book/")
    assert phone.locator("[data-book-pending]").is_hidden()

    # The month's results: profit and break-even as worked out by hand, in reais.
    phone.goto(f"{base}/pt-br/learn/book/results/?month={first:%Y-%m}")
    assert phone.inner_text("[data-total=profit]") == brl(PROFIT)
    totals = phone.inner_text(".book-totals")
    assert brl(SALES) in totals and brl(COST_OF_GOODS) in totals and brl(EXPENSES) in totals
    break_even = phone.inner_text("section[aria-labelledby=break-even-title]")
    assert brl(BREAK_EVEN) in break_even and brl(SALES) in break_even
    assert brl(SALES - BREAK_EVEN) in break_even  # sold this much above break-even
    assert phone.evaluate("document.documentElement.scrollWidth <= window.innerWidth")

    # The month as CSV: every entry and the totals.
    with phone.expect_download() as download_info:
        phone.locator(".book-downloads a[href*='month.csv']").click()
    text = Path(download_info.value.path()).read_text(encoding="utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))  # pt-BR: the comma is decimal
    flat = "\n".join(";".join(row) for row in rows)
    assert NOTE in flat
    for _kind, _category, amount, _offline in WEEK:
        assert money_in(flat, amount), amount
    for total in (SALES, COST_OF_GOODS, EXPENSES, PROFIT):
        assert money_in(flat, cents=total), total

    # My path suggests the refresher, with the rule's reason.
    phone.goto(f"{base}/pt-br/learn/")
    suggestions = phone.locator(".book-suggestions")
    assert REASON in suggestions.inner_text()
    assert suggestions.locator(f"a[href='{refresher.url}']").count() == 1

    # The owner chooses the group's facilitator as mentor and agrees.
    phone.goto(f"{base}/pt-br/learn/book/mentor/")
    phone.locator("select[name=mentor]").select_option(str(facilitator.pk))
    phone.locator("input[name=agree]").check()
    phone.locator("main form button[type=submit]").click()
    phone.wait_for_load_state()
    assert facilitator.first_name in phone.inner_text("#current-mentor")
    context.close()
    assert watch.violations == [] and watch.errors == [], (watch.violations, watch.errors)

    # The mentor, on their own phone.
    context = browser.new_context(viewport={"width": 360, "height": 640}, locale="pt-BR")
    mentor_phone = context.new_page()
    watch = ConsoleWatch(mentor_phone)
    log_in(mentor_phone, base, facilitator.username)
    mentor_phone.goto(f"{base}/pt-br/facilitate/mentoring/")
    mentor_phone.locator("a", has_text="Mercadinho da Rosa").click()
    mentor_phone.wait_for_url(f"**/facilitate/mentoring/{business.pk}/")
    summary = mentor_phone.inner_text("table.book-months")
    assert brl(SALES) in summary and brl(PROFIT) in summary
    assert NOTE not in mentor_phone.content()
    link = mentor_phone.locator("a[href^='https://wa.me/']").get_attribute("href")
    parsed = urlparse(link)
    assert parsed.path == "/5531998765432"
    message = parse_qs(parsed.query)["text"][0]
    with translation.override("pt-br"):
        expected = translation.gettext(
            "Hello %(owner)s, this is %(mentor)s, your mentor from the programme. "
            "How is %(business)s going this month? Shall we look at your business book together?"
        ) % {"owner": "Rosa", "mentor": facilitator.first_name, "business": "Mercadinho da Rosa"}
    assert message == expected
    assert message.startswith("Olá, Rosa!") and "Mercadinho da Rosa" in message
    context.close()
    assert watch.violations == [] and watch.errors == [], (watch.violations, watch.errors)

    # Server side: each entry once (none doubled by the queue), each with its creation in the
    # history, and the totals the results showed.
    entries = Entry.objects.filter(business=business)
    assert sorted((e.kind, e.category, e.amount) for e in entries) == sorted(
        (kind, category, cents_of(amount)) for kind, category, amount, _offline in WEEK
    )
    assert entries.filter(deleted_at__isnull=True).count() == len(WEEK)
    assert len({e.client_id for e in entries}) == len(WEEK)
    assert list(
        EntryRevision.objects.filter(entry__business=business).values_list("action", flat=True)
    ) == ["created"] * len(WEEK)
    month = business.months.get(month=first)
    assert (month.sales, month.cost_of_goods, month.expenses, month.household_expenses) == (
        SALES, COST_OF_GOODS, EXPENSES, 4000,
    )  # fmt: skip


def cents_of(typed: str) -> int:
    whole, _comma, fraction = typed.replace(".", "").partition(",")
    return int(whole) * 100 + int((fraction or "0").ljust(2, "0"))


def money_in(flat: str, typed: str | None = None, *, cents: int | None = None) -> bool:
    """The CSV writes amounts as numbers a spreadsheet reads; accept the usual spellings."""
    value = cents if cents is not None else cents_of(typed)
    spellings = {
        f"{value // 100},{value % 100:02d}",
        f"{value // 100}.{value % 100:02d}",
        brl(value),
    }
    return any(s in flat for s in spellings)
