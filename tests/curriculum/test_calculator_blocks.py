from urllib.parse import urlencode

import pytest
from django.core.exceptions import ValidationError
from django.test import RequestFactory
from django.utils import translation

from curriculum.blocks.calculators import (
    BreakEvenCalculatorBlock,
    CashFlowCalculatorBlock,
    PriceCalculatorBlock,
)
from curriculum.blocks.streams import LearnerContentBlock
from tests.factories import block as stream_item

BLOCK_ID = "9f2c4d1e-calc"
rf = RequestFactory()


def render(block, value: dict, query: dict | None = None, language: str = "pt-br") -> str:
    """Renders as the session page does; English messages are asserted with language="en"."""
    params = {f"c-{BLOCK_ID}-{name}": text for name, text in (query or {}).items()}
    request = rf.get("/session/?" + urlencode(params))
    with translation.override(language):
        return block.render(
            block.to_python(value), context={"request": request, "block_id": BLOCK_ID}
        )


PRICE = {"title": "Your price", "intro": "", "currency": "BRL"}
BREAK_EVEN = {"title": "Break even", "intro": "", "currency": "CLP"}
CASH_FLOW = {"title": "Six months", "intro": "", "currency": "PEN"}


def test_price_calculator_shows_the_result_computed_on_the_server():
    html = render(PriceCalculatorBlock(), PRICE, {"cost": "7", "margin": "30"})
    assert '<dd data-out="price">R$ 10,00</dd>' in html
    assert '<dd data-out="profit">R$ 3,00</dd>' in html
    assert '<dd data-out="markup">42,9%</dd>' in html
    assert "data-result hidden" not in html
    assert 'value="7"' in html  # the learner's input comes back


def test_price_calculator_reads_the_learners_number_format():
    html = render(PriceCalculatorBlock(), PRICE, {"cost": "R$ 1.234,56", "margin": "12,5"})
    assert '<dd data-out="price">R$ 1.410,93</dd>' in html


def test_calculator_form_works_without_javascript():
    html = render(PriceCalculatorBlock(), PRICE)
    assert '<form method="get" action="#b-9f2c4d1e-calc"' in html
    assert f'name="c-{BLOCK_ID}-cost"' in html
    assert f'<label for="c-{BLOCK_ID}-cost">' in html
    assert 'inputmode="decimal"' in html
    assert 'aria-live="polite"' in html
    assert html.count("curriculum/calculators.js") == 1


def test_no_result_without_input():
    html = render(PriceCalculatorBlock(), PRICE | {"default_cost": "7", "default_margin": "30"})
    assert "data-result hidden" in html
    assert '<dd data-out="price"></dd>' in html
    assert 'value="7"' in html  # the author's example, pre-filled
    assert "aria-invalid" not in html
    assert "data-submitted" not in html


def test_other_blocks_parameters_are_ignored():
    request = rf.get("/?c-another-cost=abc&cost=5")
    block = PriceCalculatorBlock()
    html = block.render(block.to_python(PRICE), context={"request": request, "block_id": BLOCK_ID})
    assert "data-result hidden" in html
    assert "aria-invalid" not in html
    assert "data-submitted" not in html


def test_renders_outside_a_page_without_request_or_block_id():
    block = PriceCalculatorBlock()
    html = block.render(block.to_python(block.meta.preview_value))
    assert 'name="c-preview-cost"' in html
    assert 'value="7"' in html


def test_bad_input_shows_a_clear_error_next_to_the_field():
    html = render(PriceCalculatorBlock(), PRICE, {"cost": "abc", "margin": ""}, "en")
    for name in ("cost", "margin"):
        error = (
            f'<p class="calc-error" id="c-{BLOCK_ID}-{name}-error">Enter a number, like 1500.</p>'
        )
        assert error in html
    assert html.count('aria-invalid="true"') == 2
    assert "data-result hidden" in html


def test_meaningless_combination_is_explained():
    html = render(PriceCalculatorBlock(), PRICE, {"cost": "10", "margin": "100"}, "en")
    assert "Enter a margin below 100" in html


def test_values_are_html_escaped():
    html = render(
        PriceCalculatorBlock(),
        PRICE | {"title": "<script>alert(1)</script>"},
        {"cost": '"><script>alert(2)</script>', "margin": "30"},
    )
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert 'value="&quot;&gt;&lt;script&gt;alert(2)&lt;/script&gt;"' in html


def test_break_even_calculator():
    html = render(
        BreakEvenCalculatorBlock(),
        BREAK_EVEN,
        {"fixed": "1.000.000", "price": "1500", "variable": "900"},
    )
    assert '<dd data-out="units">1.667</dd>' in html
    assert '<dd data-out="sales">$ 2.500.500</dd>' in html
    assert '<dd data-out="contribution">$ 600</dd>' in html


def test_break_even_when_each_sale_loses_money():
    html = render(
        BreakEvenCalculatorBlock(),
        BREAK_EVEN,
        {"fixed": "1000", "price": "900", "variable": "900"},
        "en",
    )
    assert "At this price each sale loses money" in html
    assert "is-warning" in html
    assert "data-result hidden" in html


def test_cash_flow_calculator_warns_of_the_first_negative_month():
    html = render(
        CashFlowCalculatorBlock(),
        CASH_FLOW,
        {"opening": "300", "sales": "3,000", "costs": "3200", "growth": "2"},
        "en",
    )
    assert html.count("<tr data-row") == 6
    assert "<td>3,000.00</td><td>3,200.00</td><td>-200.00</td><td>100.00</td>" in html
    assert "Your cash runs out in month 2: the balance falls to -S/ 40.00." in html
    assert html.count('class="is-negative"') == 4


def test_cash_flow_growth_is_optional_and_a_steady_month_is_fine():
    html = render(
        CashFlowCalculatorBlock(),
        CASH_FLOW,
        {"opening": "0", "sales": "1000", "costs": "1000", "growth": ""},
        "en",
    )
    assert "Your balance never falls below zero in these six months." in html
    assert "is-negative" not in html


def test_cash_flow_table_is_present_but_empty_before_input():
    html = render(CashFlowCalculatorBlock(), CASH_FLOW)
    assert html.count("<tr data-row") == 6
    assert "<td></td>" in html
    assert "data-result hidden" in html


@pytest.mark.parametrize(
    ("block", "value"),
    [
        (PriceCalculatorBlock(), PRICE | {"default_cost": "7", "default_margin": "30"}),
        (BreakEvenCalculatorBlock(), BREAK_EVEN | {"default_price": "1500"}),
        (CashFlowCalculatorBlock(), CASH_FLOW | {"default_growth": "-5"}),
    ],
)
def test_clean_accepts_a_valid_value(block, value):
    cleaned = block.clean(block.to_python(value))
    assert cleaned["title"] == value["title"]


def test_clean_requires_a_currency_and_sensible_defaults():
    block = PriceCalculatorBlock()
    with pytest.raises(ValidationError):
        block.clean(block.to_python(PRICE | {"currency": ""}))
    with pytest.raises(ValidationError):
        block.clean(block.to_python(PRICE | {"default_margin": "100"}))


def test_calculators_are_offered_in_learner_content():
    names = LearnerContentBlock().child_blocks
    assert isinstance(names["price_calculator"], PriceCalculatorBlock)
    assert isinstance(names["break_even_calculator"], BreakEvenCalculatorBlock)
    assert isinstance(names["cash_flow_calculator"], CashFlowCalculatorBlock)
    for name in ("price_calculator", "break_even_calculator", "cash_flow_calculator"):
        meta = names[name].meta
        assert meta.template and meta.icon and meta.label and meta.preview_value


def test_preview_values_render():
    for block in (PriceCalculatorBlock(), BreakEvenCalculatorBlock(), CashFlowCalculatorBlock()):
        value = block.to_python(block.meta.preview_value)
        assert block.clean(value)["currency"] == "BRL"
        assert block.render(value)


def test_session_page_computes_each_calculator_from_its_own_parameters(client, tree):
    session = tree["session"]
    session.body = [
        stream_item("price_calculator", PRICE | {"title": "First"}, "calc-one"),
        stream_item("price_calculator", PRICE | {"title": "Second"}, "calc-two"),
    ]
    session.save_revision().publish()
    response = client.get(session.url, {"c-calc-one-cost": "7", "c-calc-one-margin": "30"})
    assert response.status_code == 200
    html = response.content.decode()
    assert '<dd data-out="price">R$ 10,00</dd>' in html
    assert html.count("data-result hidden") == 1  # the second calculator waits for its input
    assert 'action="#b-calc-one"' in html and 'id="b-calc-one"' in html
    assert "Set-Cookie" not in str(response.headers)  # nothing is written, not even a session


def test_authors_can_open_a_session_with_calculators_in_the_admin(client, superuser, tree):
    session = tree["session"]
    session.body = [stream_item("cash_flow_calculator", CASH_FLOW | {"default_growth": "-5"})]
    session.save_revision().publish()
    client.force_login(superuser)
    response = client.get(f"/admin/pages/{session.pk}/edit/")
    assert response.status_code == 200
    assert "cash_flow_calculator" in response.content.decode()
