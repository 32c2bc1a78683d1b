"""The owner's monthly results at 360 px and 1,280 px in pt-BR and es (nothing runs off
the phone but the table, which says it scrolls; no policy violation), and the printable
report printed to PDF on A4: one page."""

from __future__ import annotations

import os
import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.test import Client
from django.utils import timezone

from tests.browser.conftest import ConsoleWatch

SHOTS = Path(
    os.environ.get("RUMO_SCREENSHOTS")
    or Path(__file__).resolve().parents[2] / "var" / "screenshots"
)


def owner_with_a_year():
    from lms.business.models import Entry
    from lms.business.services import business_create, month_start, month_summary_refresh
    from tests.factories import UserFactory

    owner = UserFactory(
        username="rosa-results", first_name="Rosa", last_name="Quispe Mamani", country="BR"
    )
    business = business_create(
        owner=owner, name="Lanchonete da Rosa Quispe", sector="food", country="BR"
    )
    today = timezone.localdate()
    rows = []
    for d in range(365):
        day = today - timedelta(days=d)
        rows += [
            Entry(
                business=business,
                kind="sale",
                amount=25000 + (d * 997) % 40000,
                occurred_on=day,
                category="meals",
            ),
            Entry(
                business=business,
                kind="purchase",
                amount=9000 + (d * 331) % 9000,
                occurred_on=day,
                category="ingredients",
            ),
            Entry(
                business=business,
                kind="expense",
                amount=6000 + (d * 53) % 30000,
                occurred_on=day,
                category="utilities",
            ),
        ]
        if d % 7 == 0:
            rows.append(
                Entry(
                    business=business,
                    kind="draw",
                    amount=50000,
                    occurred_on=day,
                    category="take_home",
                )
            )
    Entry.objects.bulk_create(rows)
    for month in {month_start(today - timedelta(days=d)) for d in range(365)}:
        month_summary_refresh(business=business, month=month)
    return owner


def signed_in_page(browser, live_server, owner, *, width, lang):
    client = Client()
    client.force_login(owner)
    context = browser.new_context(viewport={"width": width, "height": 800}, locale=lang)
    context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    return context, context.new_page()


@pytest.mark.parametrize("width", [360, 1280])
@pytest.mark.parametrize("lang", ["pt-br", "es"])
def test_results_page_at_both_widths_and_languages(
    browser, live_server, transactional_db, lang, width
):
    owner = owner_with_a_year()
    context, page = signed_in_page(browser, live_server, owner, width=width, lang=lang)
    watch = ConsoleWatch(page)
    assert page.goto(f"{live_server.url}/{lang}/learn/book/results/").status == 200
    assert page.locator("svg.book-chart[role=img]").count() == 1
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"book-results-{lang}-{width}.png"), full_page=True)
    overflow = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, overflow
    assert page.goto(f"{live_server.url}/{lang}/learn/book/results/print/").status == 200
    page.screenshot(path=str(SHOTS / f"book-results-print-{lang}-{width}.png"), full_page=True)
    context.close()
    assert watch.violations == [] and watch.errors == []


@pytest.mark.parametrize("lang", ["pt-br", "es"])
def test_printed_report_fits_one_a4_page(browser, live_server, transactional_db, lang):
    owner = owner_with_a_year()
    context, page = signed_in_page(browser, live_server, owner, width=1280, lang=lang)
    assert page.goto(f"{live_server.url}/{lang}/learn/book/results/print/").status == 200
    pdf = page.pdf(format="A4", print_background=True)
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.emulate_media(media="print")
    page.set_viewport_size({"width": 703, "height": 1031})  # A4 less the 12 mm margins
    page.screenshot(path=str(SHOTS / f"book-results-report-{lang}.png"), full_page=True)
    context.close()
    (SHOTS / f"book-results-report-{lang}.pdf").write_bytes(pdf)
    pages = len(re.findall(rb"/Type\s*/Page(?![s\w])", pdf))
    assert pages == 1, pages
