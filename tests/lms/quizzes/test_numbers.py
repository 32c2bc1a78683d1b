from decimal import Decimal

import pytest

from lms.quizzes.numbers import NumberFormatError, parse_decimal


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        ("1.234,56", "pt-br", "1234.56"),
        ("1.234,56", "es", "1234.56"),
        ("1,234.56", "pt-br", "1234.56"),
        ("12,5", "pt-br", "12.5"),
        ("12.5", "pt-br", "12.5"),
        ("1.234", "pt-br", "1234"),
        ("1.234", "en", "1.234"),
        ("1,234", "en", "1234"),
        ("850.000", "es", "850000"),
        ("1.250.000", "es", "1250000"),
        ("R$ 1.250,00", "pt-br", "1250.00"),
        ("S/ 1 250,00", "es", "1250.00"),
        ("$ 850.000", "es", "850000"),
        ("-3,5", "es", "-3.5"),
        (" 42 ", "pt-br", "42"),
    ],
)
def test_numbers_in_the_learners_format(text, language, expected):
    assert parse_decimal(text, language=language) == Decimal(expected)


@pytest.mark.parametrize("text", ["", "abc", "12a", "1..2,,3x", "--", ",", "1e5"])
def test_nonsense_is_refused(text):
    with pytest.raises(NumberFormatError):
        parse_decimal(text, language="pt-br")
