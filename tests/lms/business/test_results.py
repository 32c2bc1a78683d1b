"""The owner's monthly results: who sees them, which month (never trusting ?month=), the
numbers against hand-computed ones in BRL, CLP and PEN, the downloads equal to the screen,
formula injection, the print page and the page's queries independent of the entries."""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from lms.business.models import Entry
from lms.business.results import month_parse
from lms.business.services import entry_record, month_start, month_summary_refresh
from tests.factories import PASSWORD, UserFactory
from tests.lms.facilitation.helpers import url

THIS_MONTH = "book_results:month"


def login(client, user):
    assert client.login(username=user.username, password=PASSWORD)


def record(business, day, kind, amount, category, **extra):
    entry_record(
        business=business, kind=kind, amount=amount, occurred_on=day, category=category, **extra
    )


def a_month(business, day, *, sales, bought, rent, draw=0, put_in=0):
    """One month: a sale, a purchase for use (cost of goods), rent, take-home, money put in."""
    record(business, day, "sale", sales, "goods")
    record(business, day, "purchase", bought, "stock")
    record(business, day, "expense", rent, "rent")
    if draw:
        record(business, day, "draw", draw, "take_home")
    if put_in:
        record(business, day, "injection", put_in, "savings")


def page(client, language="pt-br", **params):
    return client.get(url(THIS_MONTH, language=language), params)


# --- who sees what ---------------------------------------------------------------------


def test_visitors_are_sent_to_log_in(client, business):
    for name, args in ((THIS_MONTH, ()), ("book_results:print", ())):
        response = client.get(url(name, *args))
        assert response.status_code == 302 and "login" in response["Location"]
    response = client.get(url("book_results:download", "month", "csv"))
    assert response.status_code == 302 and "login" in response["Location"]


def test_another_learner_never_sees_the_owners_book(client, business):
    today = timezone.localdate()
    a_month(business, today, sales=50000, bought=20000, rent=15000)
    stranger = UserFactory(country="BR", preferred_language="pt-br")
    login(client, stranger)
    response = page(client)
    assert response.status_code == 200
    body = response.content.decode()
    assert "Mercadinho da Rosa" not in body and "R$ 500,00" not in body
    assert "business/results_empty.html" in [t.name for t in response.templates]
    assert client.get(url("book_results:print")).status_code == 404
    for scope in ("month", "year"):
        for extension in ("csv", "xlsx"):
            assert client.get(url("book_results:download", scope, extension)).status_code == 404


def test_unknown_download_is_404(client, business):
    login(client, business.owner)
    assert client.get(url("book_results:download", "all", "csv")).status_code == 404
    assert client.get(url("book_results:download", "month", "pdf")).status_code == 404


# --- the month asked for -----------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "garbage",
        "2026-13",
        "2026-00",
        "99999-01",
        "1999-12",
        "０２０２６-01",
        "2026-1",
        "'; drop",
        "2026-01-01",
        "9" * 5000,
        "-2026-01",
    ],
)
def test_hostile_month_falls_back_to_this_month_with_a_message(client, business, text):
    login(client, business.owner)
    response = page(client, month=text)
    assert response.status_code == 200
    assert response.context["result"].month == month_start(timezone.localdate())
    assert [str(m) for m in response.context["messages"]] == [
        "Não foi possível ler esse mês, por isso este mês é mostrado."
    ]


def test_a_future_month_is_never_shown(client, business):
    login(client, business.owner)
    today = timezone.localdate()
    next_year = f"{today.year + 1}-{today.month:02d}"
    response = page(client, month=next_year, language="es")
    assert response.context["result"].month == month_start(today)
    assert [str(m) for m in response.context["messages"]] == [
        "Ese mes todavía no llegó, por eso se muestra este mes."
    ]
    assert response.context["next_month"] == ""  # no link into the future


def test_month_parse_reads_a_past_month():
    today = date(2026, 12, 2)
    assert month_parse(text="2025-03", today=today).month == date(2025, 3, 1)
    assert month_parse(text="2026-12", today=today).problem == ""
    assert month_parse(text=["2025-03"], today=today).problem  # a list from a crafted query


# --- the numbers, by hand ------------------------------------------------------------------

CASES = {
    # country: (sales, bought, rent, draw, put in) and what the page must print
    "BR": (
        (50000, 20000, 15000, 5000, 10000),
        {
            "sales": "R$ 500,00",
            "cost": "R$ 200,00",
            "expenses": "R$ 150,00",
            "profit": "R$ 150,00",  # 500 − 200 − 150: the take-home is not a cost
            "draws": "R$ 50,00",
            "put_in": "R$ 100,00",
            "cash": "R$ 200,00",  # 500 + 100 − 200 − 150 − 50
            "break_even": "R$ 250,00",  # margin 60 %: 150 ÷ 0,6
        },
    ),
    "CL": (
        (50000, 20000, 15000, 5000, 10000),
        {
            "sales": "$ 50.000",
            "cost": "$ 20.000",
            "expenses": "$ 15.000",
            "profit": "$ 15.000",
            "draws": "$ 5.000",
            "put_in": "$ 10.000",
            "cash": "$ 20.000",
            "break_even": "$ 25.000",
        },
    ),
    "PE": (
        (1000, 333, 100, 0, 0),
        {
            "sales": "S/ 10.00",
            "cost": "S/ 3.33",
            "expenses": "S/ 1.00",
            "profit": "S/ 5.67",
            "draws": "S/ 0.00",
            "put_in": "S/ 0.00",
            "cash": "S/ 5.67",
            "break_even": "S/ 1.50",  # 1.00 ÷ 0.667 = 1.4993 → rounded up to the céntimo
        },
    ),
}


@pytest.mark.parametrize("country", ["BR", "CL", "PE"])
def test_the_page_shows_hand_computed_numbers(client, make_business, country):
    business = make_business(country)
    (sales, bought, rent, draw, put_in), expected = CASES[country]
    last_month = month_start(timezone.localdate()) - timedelta(days=1)
    a_month(business, last_month, sales=sales, bought=bought, rent=rent, draw=draw, put_in=put_in)
    login(client, business.owner)
    response = page(client, month=f"{last_month:%Y-%m}")
    body = response.content.decode()
    result = response.context["result"]
    assert result.month == month_start(last_month)
    for key, text in expected.items():
        assert text in body, (key, text)
    assert f'data-total="profit">{expected["profit"]}<' in body
    assert (
        f"Você precisava de {expected['break_even']} em vendas para cobrir suas despesas de "
        f"{expected['expenses']}; você vendeu {expected['sales']}." in body
    )
    assert 'role="img"' in body and '<title id="book-chart-title">' in body and "<desc" in body


def test_no_margin_is_said_plainly(client, business):
    today = timezone.localdate()
    a_month(business, today, sales=1000, bought=1500, rent=300)
    login(client, business.owner)
    body = page(client, language="es").content.decode()
    assert "no hubo margen" in body


def test_no_sales_is_said_plainly(client, business):
    record(business, timezone.localdate(), "expense", 300, "rent")
    login(client, business.owner)
    body = page(client).content.decode()
    assert "Não houve vendas neste mês" in body


# --- downloads equal to the screen -------------------------------------------------------


def _csv_rows(response):
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:]), delimiter=";"))


def test_month_csv_and_xlsx_equal_the_screen_and_list_the_entries(client, business):
    from openpyxl import load_workbook

    today = timezone.localdate()
    a_month(business, today, sales=50000, bought=20000, rent=15000, draw=5000, put_in=10000)
    login(client, business.owner)
    screen = page(client).context["result"]
    rows = _csv_rows(client.get(url("book_results:download", "month", "csv")))
    totals = {r[0]: r[1] for r in rows if len(r) == 2}
    assert totals["Vendas"] == "500,00" and totals["Lucro"] == "150,00"
    assert totals["Ponto de equilíbrio (vendas)"] == "250,00"
    assert totals["Caixa no fim do mês"] == "200,00"
    assert int(totals["Lucro"].replace(",", "")) == screen.profit
    assert sum(1 for r in rows if len(r) == 8) == 1 + 5  # header and five entries
    response = client.get(url("book_results:download", "month", "xlsx"))
    assert response["Content-Disposition"].endswith('.xlsx"')
    book = load_workbook(io.BytesIO(response.content))
    values = {r[0]: r[1] for r in book.worksheets[0].iter_rows(values_only=True) if len(r) > 1}
    assert values["Lucro"] * 100 == screen.profit and values["Vendas"] * 100 == screen.sales
    assert book.worksheets[1].max_row == 2 + 5


def test_year_csv_has_twelve_months_equal_to_the_screen(client, make_business):
    business = make_business("CL")
    a_month(business, timezone.localdate(), sales=50000, bought=20000, rent=15000)
    login(client, business.owner)
    months = page(client, language="es").context["months"]
    rows = _csv_rows(client.get(url("book_results:download", "year", "csv", language="es")))
    data = [r for r in rows if len(r) == 9 and r[0][:2] == "20"]
    assert len(data) == 12
    assert [int(r[4] or 0) for r in data] == [m.profit for m in months]
    assert data[-1][1] == "50000" and data[-1][8] == "25000"


def test_csv_cannot_carry_a_formula(client, business):
    record(business, timezone.localdate(), "sale", 1000, "goods", note='=HYPERLINK("http://x")')
    record(business, timezone.localdate(), "expense", 500, "rent", note="@SUM(A1)")
    business.name = "+cmd|' /C calc'!A0"
    business.save()
    login(client, business.owner)
    text = client.get(url("book_results:download", "month", "csv")).content.decode()
    assert "'=HYPERLINK" in text and "'@SUM(A1)" in text and "'+cmd" in text
    for line in csv.reader(io.StringIO(text[1:]), delimiter=";"):
        for cell in line:
            assert not cell.startswith(("=", "+", "@")), cell


# --- the print page ------------------------------------------------------------------------


def test_print_page_names_the_business_owner_month_and_source(client, business):
    a_month(business, timezone.localdate(), sales=50000, bought=20000, rent=15000)
    login(client, business.owner)
    body = client.get(url("book_results:print")).content.decode()
    assert "Mercadinho da Rosa" in body and "dona-rosa" in body
    assert "Preparado a partir dos registros da própria dona ou do próprio dono no Rumo." in body
    assert "Impresso em" in body and 'role="img"' in body and "R$ 150,00" in body


# --- queries constant in the number of entries -------------------------------------------


def _bulk_months(business, *, months: int, per_day: int = 1):
    first = month_start(timezone.localdate())
    days = []
    for n in range(months * 30):
        days.append(first - timedelta(days=n))
    Entry.objects.bulk_create(
        Entry(
            business=business,
            kind="sale" if n % 3 else "expense",
            amount=1000 + n,
            occurred_on=day,
            category="goods" if n % 3 else "rent",
        )
        for n, day in enumerate(days)
        for _ in range(per_day)
    )
    for month in {month_start(d) for d in days}:
        month_summary_refresh(business=business, month=month)


def test_the_page_costs_the_same_queries_for_one_month_or_five_years(client, business):
    login(client, business.owner)
    page(client)  # warm the session
    _bulk_months(business, months=1)
    with CaptureQueriesContext(connection) as few:
        assert page(client).status_code == 200
    _bulk_months(business, months=60, per_day=2)
    with CaptureQueriesContext(connection) as many:
        assert page(client).status_code == 200
    assert len(few) == len(many) <= 4, [q["sql"] for q in many.captured_queries]
