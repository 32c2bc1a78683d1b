"""The demo refreshers on costing and pricing, break-even and cash flow hold the matching
business calculator, pre-filled with each worked example's figures, in both languages."""

from __future__ import annotations

import copy
import json
from decimal import Decimal

import pytest
from django.core.management import call_command
from wagtail.models import Locale

from curriculum.demo_content.schema import validate_session
from curriculum.models import SessionPage
from curriculum.seeding import CONTENT_DIR

REFRESHERS = {"r2": "cash_flow_calculator", "r3": "price_calculator", "r4": "break_even_calculator"}


def load(name: str) -> dict:
    return json.loads((CONTENT_DIR / "enterprise" / f"{name}.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", sorted(REFRESHERS))
def test_fitting_refreshers_hold_a_calculator_per_example_currency(name):
    data = load(name)
    assert [c["currency"] for c in data["calculators"]] == ["BRL", "CLP", "PEN"]
    assert {c["kind"] for c in data["calculators"]} == {
        REFRESHERS[name].removesuffix("_calculator")
    }


def test_the_schema_refuses_calculators_that_do_not_fit():
    data = load("r3")
    assert validate_session(data) == []
    wrong = copy.deepcopy(data)
    wrong["calculators"][0]["kind"] = "mortgage"
    wrong["calculators"][1]["defaults"] = {"cost": 1}
    wrong["calculators"][2]["defaults"]["cost"] = -5
    wrong["es"]["calculators"].pop()
    errors = validate_session(wrong)
    assert any("kind 'mortgage'" in e for e in errors)
    assert any("calculator 2: defaults must be exactly" in e for e in errors)
    assert any("calculator 3: only the growth may be negative" in e for e in errors)
    assert any(e.startswith("es: 2 calculator texts for 3") for e in errors)


@pytest.mark.django_db
def test_seeded_refreshers_hold_the_calculators_in_both_languages(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):  # translations publish on commit
        call_command("seed_curricula", limit=4, no_video=True, verbosity=0)  # r1 to r4
    es = Locale.objects.get(language_code="es")
    for name, block_type in REFRESHERS.items():
        data = load(name)
        page = SessionPage.objects.get(locale__language_code="pt-br", title=data["pt-br"]["title"])
        translated = page.get_translation(es)
        calculators = [b for b in page.body if b.block_type == block_type]
        spanish = [b for b in translated.body if b.block_type == block_type]
        assert [b.value["currency"] for b in calculators] == ["BRL", "CLP", "PEN"]
        assert [b.id for b in spanish] == [b.id for b in calculators]
        assert [b.value["title"] for b in calculators] == [
            c["title"] for c in data["pt-br"]["calculators"]
        ]
        assert [b.value["title"] for b in spanish] == [
            c["title"] for c in data["es"]["calculators"]
        ]
        for block, spec in zip(spanish, data["calculators"], strict=True):
            for field, value in spec["defaults"].items():
                assert block.value[f"default_{field}"] == Decimal(str(value))
        # Each calculator follows the worked example in its currency.
        kinds = [b.block_type for b in page.body]
        assert kinds.count("text") >= 4 and kinds[kinds.index(block_type) - 1] == "text"

    # A visitor sees it on the page, pre-filled with the example's figures.
    pricing = SessionPage.objects.get(
        locale__language_code="pt-br", title=load("r3")["pt-br"]["title"]
    )
    html = client.get(pricing.url).content.decode()
    assert "O preço das mesas do Jorge" in html
    assert 'value="120000"' in html  # the CLP example's total cost, pre-filled
