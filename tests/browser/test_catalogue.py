"""A newcomer on a phone finds both curricula in their language and can switch language."""

import pytest
from django.core.management import call_command

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_phone_visitor_sees_both_curricula_and_switches_language(live_server, phone):
    call_command("seed_curricula", limit=1, no_video=True, verbosity=0)

    phone.goto(f"{live_server.url}/")
    assert phone.url.endswith("/pt-br/")
    headings = phone.locator("main h2").all_inner_texts()
    assert headings == ["Efetividade pessoal", "Desenvolvimento de negócios"]
    # Nothing wider than the phone's screen.
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360

    phone.get_by_role("button", name="Español").click()
    phone.wait_for_url("**/es/")
    assert phone.locator("main h2").all_inner_texts() == [
        "Efectividad personal",
        "Desarrollo empresarial",
    ]
    # Log-in in the menu on every page, and on the home page next to sign-up.
    assert phone.locator("header").get_by_role("link", name="Iniciar sesión").is_visible()
    assert phone.locator("main").get_by_role("link", name="Crear cuenta").is_visible()

    phone.get_by_role("link", name="Efectividad personal").click()
    phone.get_by_role("link", name="Eficiencia personal").first.wait_for()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
