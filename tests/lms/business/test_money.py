from decimal import Decimal

import pytest

from lms.business.money import MoneyInputError, amount_parse, minor_units, money_format


@pytest.mark.parametrize(
    ("text", "currency", "language", "expected"),
    [
        ("1.234,56", "BRL", "pt-br", 123456),
        ("R$ 12,5", "BRL", "pt-br", 1250),
        ("0,005", "BRL", "pt-br", 1),  # half a centavo rounds up, as receipts do
        ("0,004", "BRL", "pt-br", None),  # rounds to nothing: refused
        ("1.234", "CLP", "es", 1234),  # a lone dot with three digits groups thousands
        ("1234,5", "CLP", "es", 1235),  # CLP has no cents: half a peso rounds up
        ("1,234.56", "PEN", "es", 123456),
        ("S/ 0.10", "PEN", "es", 10),
    ],
)
def test_amounts_are_read_as_each_country_writes_them(text, currency, language, expected):
    if expected is None:
        with pytest.raises(MoneyInputError):
            amount_parse(text, currency=currency, language=language)
    else:
        assert amount_parse(text, currency=currency, language=language) == expected


@pytest.mark.parametrize("text", ["", "  ", "abc", "-5", "12..3", "1e5", "100000001", "9" * 60])
def test_bad_amounts_get_a_message(text):
    with pytest.raises(MoneyInputError) as error:
        amount_parse(text, currency="BRL", language="pt-br")
    assert error.value.message


def test_sums_stay_exact_where_floats_drift():
    # 0.1 + 0.2 in floating point is 0.30000000000000004; in minor units it is 30.
    assert (
        amount_parse("0,10", currency="BRL", language="pt-br")
        + amount_parse("0,20", currency="BRL", language="pt-br")
        == 30
    )
    assert sum(minor_units(Decimal("0.01"), currency="PEN") for _ in range(1000)) == 1000


@pytest.mark.parametrize(
    ("amount", "currency", "expected"),
    [
        (123456, "BRL", "R$ 1.234,56"),
        (1234, "CLP", "$ 1.234"),
        (123456, "PEN", "S/ 1,234.56"),
        (-500, "BRL", "-R$ 5,00"),
    ],
)
def test_money_prints_as_receipts_do(amount, currency, expected):
    assert money_format(amount, currency=currency) == expected
