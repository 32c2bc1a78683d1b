import json
import random
import shutil
import subprocess
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pytest
from django.utils import translation

from curriculum.calculators import (
    CalculatorInputError,
    break_even_calculate,
    cash_flow_calculate,
    format_amount,
    format_count,
    format_input,
    format_money,
    format_percent,
    parse_amount,
    price_calculate,
)

SCRIPT = Path(__file__).resolve().parents[2] / "curriculum/static/curriculum/calculators.js"


def key_of(caught) -> str:
    return caught.value.key


# --- Reading what learners type ------------------------------------------------------------


@pytest.mark.parametrize("language", ["pt-br", "es"])
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1.234,56", "1234.56"),
        ("1234.56", "1234.56"),
        ("1234,56", "1234.56"),
        ("1 234,56", "1234.56"),
        ("1\u00a0234,56", "1234.56"),
        ("1,234.56", "1234.56"),
        ("R$ 1.234,56", "1234.56"),
        ("R$1.234,56", "1234.56"),
        ("S/ 1,234.56", "1234.56"),
        ("S/. 12,50", "12.50"),
        ("$ 1.234", "1234"),
        ("1.234 CLP", "1234"),
        ("1.234", "1234"),  # Brazil and Chile group thousands with "."
        ("1,234", "1234"),  # Peru groups them with ","
        ("1.234.567", "1234567"),
        ("12,5", "12.5"),
        ("0,500", "0.500"),
        (",5", "0.5"),
        ("12,", "12"),
        ("30%", "30"),
        ("  7  ", "7"),
    ],
)
def test_parse_amount_reads_the_formats_learners_use(text, language, expected):
    assert parse_amount(text, language=language) == Decimal(expected)


def test_parse_amount_keeps_a_lone_dot_decimal_in_english():
    assert parse_amount("1.234", language="en") == Decimal("1.234")
    assert parse_amount("1,234", language="en") == Decimal(1234)
    assert parse_amount("1.234,56", language="en") == Decimal("1234.56")


NONSENSE = ["", "   ", "abc", "12abc", "1e5", "NaN", "Infinity", "1,2,3", "1.23.456", "--5"]
NONSENSE += ["5-", ".", "R$", "1.234,567.8", "1 23", "12..5", "0x10", "１２"]


@pytest.mark.parametrize("text", NONSENSE)
def test_parse_amount_rejects_nonsense(text):
    with pytest.raises(CalculatorInputError) as caught:
        parse_amount(text, language="pt-br")
    assert key_of(caught) == "invalid"


def test_parse_amount_rejects_negatives_unless_allowed():
    with pytest.raises(CalculatorInputError) as caught:
        parse_amount("-5", language="pt-br")
    assert key_of(caught) == "negative"
    assert parse_amount("-5", language="pt-br", allow_negative=True) == Decimal(-5)
    assert parse_amount("R$ −1.234,50", language="pt-br", allow_negative=True) == Decimal(
        "-1234.50"
    )
    assert parse_amount("-0", language="pt-br") == 0


def test_parse_amount_rejects_absurdly_large_values():
    assert parse_amount("999.999.999,99", language="pt-br") == Decimal("999999999.99")
    for text in ("1.000.000.000", "99999999999999999999", "-5000000000"):
        with pytest.raises(CalculatorInputError) as caught:
            parse_amount(text, language="pt-br", allow_negative=True)
        assert key_of(caught) == "too_large"
    with pytest.raises(CalculatorInputError) as caught:
        parse_amount("1" * 41, language="pt-br")
    assert key_of(caught) == "invalid"


def test_error_messages_are_translatable_english_sources():
    with translation.override("en"), pytest.raises(CalculatorInputError) as caught:
        parse_amount("abc", language="en")
    with translation.override("en"):
        assert str(caught.value.message) == "Enter a number, like 1500."


# --- Showing numbers -----------------------------------------------------------------------


@pytest.mark.parametrize("language", ["pt-br", "es", "en"])
def test_format_money_follows_each_country_whatever_the_language(language):
    value = Decimal("1234.56")
    assert format_money(value, currency="BRL", language=language) == "R$ 1.234,56"
    assert format_money(value, currency="CLP", language=language) == "$ 1.235"
    assert format_money(value, currency="PEN", language=language) == "S/ 1,234.56"


def test_format_money_rounds_half_up_and_shows_the_sign_first():
    assert format_money(Decimal("0.005"), currency="BRL") == "R$ 0,01"
    assert format_money(Decimal("1234567.5"), currency="CLP") == "$ 1.234.568"
    assert format_money(Decimal("-40"), currency="BRL") == "-R$ 40,00"
    assert format_money(Decimal("-0.001"), currency="PEN") == "S/ 0.00"
    assert format_money(Decimal(0), currency="CLP") == "$ 0"


def test_other_formats():
    assert format_amount(Decimal("-1234.5"), currency="BRL") == "-1.234,50"
    assert format_amount(Decimal("1234.5"), currency="PEN", grouping=False) == "1234.50"
    assert format_percent(Decimal("42.857"), currency="BRL") == "42,9%"
    assert format_percent(Decimal("42.857"), currency="PEN") == "42.9%"
    assert format_percent(Decimal(1000), currency="CLP") == "1.000%"
    assert format_count(1234567, currency="PEN") == "1,234,567"
    assert format_input(Decimal("30.00"), currency="BRL") == "30"
    assert format_input(Decimal("1234.50"), currency="BRL") == "1234,5"
    assert format_input(Decimal("1234.50"), currency="PEN") == "1234.5"


# --- Price -----------------------------------------------------------------------------------


def test_price_from_cost_and_margin_on_the_price():
    result = price_calculate(unit_cost=Decimal(7), margin_percent=Decimal(30), currency="BRL")
    assert result.price == Decimal("10.00")
    assert result.profit == Decimal("3.00")
    assert result.markup_percent == Decimal("42.9")  # 3 on a cost of 7


def test_price_is_rounded_to_the_currency():
    brl = price_calculate(unit_cost=Decimal(10), margin_percent=Decimal(35), currency="BRL")
    assert brl.price == Decimal("15.38")  # 15.3846...
    clp = price_calculate(unit_cost=Decimal(1000), margin_percent=Decimal(35), currency="CLP")
    assert clp.price == Decimal(1538)
    assert clp.profit == Decimal(538)
    assert clp.markup_percent == Decimal("53.8")


def test_price_with_no_margin_is_the_cost():
    result = price_calculate(unit_cost=Decimal(5), margin_percent=Decimal(0), currency="PEN")
    assert (result.price, result.profit, result.markup_percent) == (Decimal(5), 0, 0)


@pytest.mark.parametrize(
    ("cost", "margin", "key", "field"),
    [
        ("0", "30", "positive", "cost"),
        ("0.004", "30", "positive", "cost"),  # nothing once rounded to cents
        ("10", "100", "margin_range", "margin"),
        ("10", "150", "margin_range", "margin"),
        ("10", "-5", "negative", "margin"),
    ],
)
def test_price_refuses_meaningless_inputs(cost, margin, key, field):
    with pytest.raises(CalculatorInputError) as caught:
        price_calculate(unit_cost=Decimal(cost), margin_percent=Decimal(margin), currency="BRL")
    assert (caught.value.key, caught.value.field) == (key, field)


# --- Break-even ------------------------------------------------------------------------------


def test_break_even_rounds_units_up():
    result = break_even_calculate(
        fixed_costs=Decimal(1000), price=Decimal(15), variable_cost=Decimal(9), currency="BRL"
    )
    assert result.contribution == Decimal(6)
    assert result.units == 167  # 166.67: half a sale does not exist
    assert result.sales == Decimal("2505.00")


def test_break_even_exact_and_zero():
    exact = break_even_calculate(
        fixed_costs=Decimal(1200), price=Decimal(15), variable_cost=Decimal(9), currency="CLP"
    )
    assert (exact.units, exact.sales) == (200, Decimal(3000))
    none = break_even_calculate(
        fixed_costs=Decimal(0), price=Decimal(15), variable_cost=Decimal(9), currency="CLP"
    )
    assert (none.units, none.sales) == (0, 0)


@pytest.mark.parametrize(("price", "variable"), [("9", "9"), ("8", "9"), ("0", "0")])
def test_break_even_when_each_sale_loses_money(price, variable):
    with pytest.raises(CalculatorInputError) as caught:
        break_even_calculate(
            fixed_costs=Decimal(1000),
            price=Decimal(price),
            variable_cost=Decimal(variable),
            currency="BRL",
        )
    assert caught.value.key == "loss"
    assert caught.value.field is None
    with translation.override("en"):
        assert str(caught.value.message).startswith("At this price each sale loses money")


# --- Cash flow -------------------------------------------------------------------------------


def test_cash_flow_projects_six_months_and_finds_the_first_negative_one():
    result = cash_flow_calculate(
        opening_cash=Decimal(300),
        monthly_sales=Decimal(3000),
        monthly_costs=Decimal(3200),
        growth_percent=Decimal(2),
        currency="BRL",
    )
    assert [m.month for m in result.months] == [1, 2, 3, 4, 5, 6]
    assert [m.cash_in for m in result.months] == [
        Decimal(v) for v in ("3000", "3060", "3121.20", "3183.62", "3247.29", "3312.24")
    ]
    assert {m.cash_out for m in result.months} == {Decimal(3200)}
    assert result.months[0].net == Decimal(-200)
    assert [m.closing for m in result.months][:2] == [Decimal(100), Decimal(-40)]
    assert result.months[-1].closing == Decimal("24.35")
    assert result.first_negative.month == 2


def test_cash_flow_without_growth_that_stays_positive():
    result = cash_flow_calculate(
        opening_cash=Decimal(0),
        monthly_sales=Decimal(1000),
        monthly_costs=Decimal(1000),
        currency="CLP",
    )
    assert {m.closing for m in result.months} == {Decimal(0)}  # zero is not negative
    assert result.first_negative is None


def test_cash_flow_with_falling_sales_and_an_overdraft():
    result = cash_flow_calculate(
        opening_cash=Decimal(-100),
        monthly_sales=Decimal(1000),
        monthly_costs=Decimal(500),
        growth_percent=Decimal(-100),
        currency="PEN",
    )
    assert result.months[0].closing == Decimal(400)
    assert [m.cash_in for m in result.months] == [Decimal(1000)] + [Decimal(0)] * 5
    assert result.first_negative.month == 2
    assert result.months[-1].closing == Decimal(-2100)


@pytest.mark.parametrize("growth", ["-100.01", "100.01", "500"])
def test_cash_flow_refuses_growth_out_of_range(growth):
    with pytest.raises(CalculatorInputError) as caught:
        cash_flow_calculate(
            opening_cash=Decimal(0),
            monthly_sales=Decimal(1),
            monthly_costs=Decimal(1),
            growth_percent=Decimal(growth),
            currency="BRL",
        )
    assert (caught.value.key, caught.value.field) == ("growth_range", "growth")


# --- The browser script agrees with the server -----------------------------------------------

HARNESS = """
import { readFileSync } from "node:fs";
globalThis.document = { querySelectorAll: () => [] };
const source = readFileSync(process.argv[2], "utf8") + "\\nexport { parse, CALCULATORS, amount };";
const js = await import("data:text/javascript;base64," + Buffer.from(source).toString("base64"));
const out = JSON.parse(readFileSync(0, "utf8")).map(([name, args]) => {
  try {
    if (name === "parse") return String(js.parse(...args));
    const [values, currency] = args;
    const result = js.CALCULATORS[name](
      Object.fromEntries(Object.entries(values).map(([k, v]) => [k, BigInt(v)])), currency);
    return result.rows
      ? result.rows.map((row) => row.map((v) => js.amount(v, currency)).join("|")).join(";")
      : JSON.stringify(result);
  } catch (error) {
    if (!error.key) throw error;
    return `ERR ${error.key}${error.field ? ":" + error.field : ""}`;
  }
});
console.log(JSON.stringify(out));
"""


def _server_side(name: str, args: list):
    try:
        if name == "parse":
            text, dot_decimal, negative_ok, places = args
            value = parse_amount(
                text, language="en" if dot_decimal else "pt-br", allow_negative=negative_ok
            )
            return str(int(value.scaleb(places).quantize(Decimal(1), rounding=ROUND_HALF_UP)))
        values, currency = args
        places = 0 if currency == "CLP" else 2

        def money(key):
            return Decimal(values[key]).scaleb(-places)

        if name == "price":
            r = price_calculate(
                unit_cost=money("cost"),
                margin_percent=Decimal(values["margin"]).scaleb(-2),
                currency=currency,
            )
            shown = {
                "price": format_money(r.price, currency=currency),
                "profit": format_money(r.profit, currency=currency),
                "markup": format_percent(r.markup_percent, currency=currency),
            }
            return json.dumps(shown, ensure_ascii=False, separators=(",", ":"))
        if name == "break_even":
            r = break_even_calculate(
                fixed_costs=money("fixed"),
                price=money("price"),
                variable_cost=money("variable"),
                currency=currency,
            )
            shown = {
                "contribution": format_money(r.contribution, currency=currency),
                "units": format_count(r.units, currency=currency),
                "sales": format_money(r.sales, currency=currency),
            }
            return json.dumps(shown, ensure_ascii=False, separators=(",", ":"))
        r = cash_flow_calculate(
            opening_cash=money("opening"),
            monthly_sales=money("sales"),
            monthly_costs=money("costs"),
            growth_percent=Decimal(values["growth"]).scaleb(-2),
            currency=currency,
        )
        return ";".join(
            "|".join(
                format_amount(v, currency=currency)
                for v in (m.cash_in, m.cash_out, m.net, m.closing)
            )
            for m in r.months
        )
    except CalculatorInputError as error:
        return f"ERR {error.key}" + (f":{error.field}" if error.field else "")


def _cases(rng: random.Random) -> list:
    texts = ["1.234,56", "1,234.56", "1.234", "1,234", "0,500", "1 234,5", "R$ -12,345", "−5"]
    texts += ["999999999,995", "1000000000", "S/. 12", "abc", "1,2,3", "12,", ",5", "-0"]
    alphabet = "0123456789.,  -R$%\u00a0"
    texts += ["".join(rng.choice(alphabet) for _ in range(rng.randint(1, 10))) for _ in range(300)]
    cases = [
        ["parse", [text, dot, negative, places]]
        for text in texts
        for dot, negative, places in [(False, False, 2), (True, True, 0), (False, True, 0)]
    ]

    def amount():
        return rng.choice([0, 1, rng.randint(0, 10**4), rng.randint(0, 10**10)])

    for currency in ("BRL", "CLP", "PEN"):
        for _ in range(60):
            margin = rng.choice([0, 3333, 9999, 10000, rng.randint(0, 9999)])
            cases.append(["price", [{"cost": amount(), "margin": margin}, currency]])
            trio = {"fixed": amount(), "price": amount(), "variable": amount()}
            cases.append(["break_even", [trio, currency]])
            flows = {"opening": amount() * rng.choice([1, -1]), "sales": amount()}
            flows |= {"costs": amount(), "growth": rng.randint(-10050, 10050)}
            cases.append(["cash_flow", [flows, currency]])
    return cases


@pytest.mark.skipif(shutil.which("node") is None, reason="needs Node.js to run the script")
def test_browser_script_parses_computes_and_formats_like_the_server(tmp_path):
    cases = _cases(random.Random(7))  # noqa: S311 - repeatable cases, not secrets
    harness = tmp_path / "harness.mjs"
    harness.write_text(HARNESS)
    run = subprocess.run(
        ["node", str(harness), str(SCRIPT)],
        input=json.dumps(cases),
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    browser = json.loads(run.stdout)
    server = [_server_side(name, args) for name, args in cases]
    mismatches = [(c, s, b) for c, s, b in zip(cases, server, browser, strict=True) if s != b]
    assert not mismatches, mismatches[:5]
