"""The programme results page as a manager sees it, at 360 px and 1,280 px in pt-BR and es:
screenshots under var/screenshots/, nothing runs off a phone, no policy violation."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.test import Client

from tests.browser.conftest import ConsoleWatch
from tests.lms.reports.conftest import manager, results_build

SHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"


@pytest.mark.parametrize("width", [360, 1280])
@pytest.mark.parametrize("lang", ["pt-br", "es"])
def test_results_page_at_both_widths_and_languages(
    browser, live_server, transactional_db, lang, width
):
    results_build()
    boss = manager("")
    client = Client()
    client.force_login(boss)
    context = browser.new_context(viewport={"width": width, "height": 800}, locale=lang)
    context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    page = context.new_page()
    watch = ConsoleWatch(page)
    response = page.goto(f"{live_server.url}/{lang}/results/")
    assert response.status == 200
    assert page.locator("svg.chart").count() == 3
    overflow = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, overflow
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"results-{lang}-{width}.png"), full_page=True)
    context.close()
    assert watch.violations == [] and watch.errors == []
