"""Stock: products with cost and price, counts that set the stock and keep the difference,
sales that take stock down, the low-stock alert and the margin; the screens for their owner
only."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.utils import timezone

from lms.business.models import Product, StockMove
from lms.business.services import BookInputError, entry_record
from lms.business.stock import product_create, product_margin, product_update, stock_count

pytestmark = pytest.mark.django_db


def soap(business, **fields):
    values = {"name": "Sabão", "unit_cost": 250, "unit_price": 400, "stock": 10, "low_stock_at": 3}
    values.update(fields)
    return product_create(business=business, **values)


def test_a_new_product_starts_with_its_counted_stock(business):
    product = soap(business)
    assert product.stock == 10
    move = StockMove.objects.get(product=product)
    assert (move.reason, move.quantity) == ("count", 10)


def test_a_count_sets_the_stock_and_keeps_the_difference(business):
    product = soap(business)
    stock_count(product=product, counted=7)
    product.refresh_from_db()
    assert product.stock == 7
    assert list(product.moves.order_by("pk").values_list("reason", "quantity")) == [
        ("count", 10),
        ("count", -3),
    ]
    assert stock_count(product=product, counted=7) is None  # nothing changed, no move
    with pytest.raises(BookInputError):
        stock_count(product=product, counted=-1)


def test_sales_take_stock_down_and_the_alert_shows_on_the_home(client, owner, business):
    product = soap(business)
    entry_record(
        business=business, kind="sale", amount=3200, occurred_on=timezone.localdate(),
        category="goods", product=product, quantity=8,
    )  # fmt: skip
    product.refresh_from_db()
    assert product.stock == 2 and product.is_low
    client.force_login(owner)
    home = client.get("/pt-br/learn/book/").content.decode()
    assert "book-alert" in home and "Sabão" in home


def test_the_margin_is_price_minus_cost_over_price():
    assert product_margin(product=Product(unit_cost=250, unit_price=400)) == Decimal("37.5")
    assert product_margin(product=Product(unit_cost=500, unit_price=400)) == Decimal("-25.0")
    assert product_margin(product=Product(unit_cost=1, unit_price=3)) == Decimal("66.7")


@pytest.mark.parametrize(
    ("fields", "field"),
    [({"name": ""}, "name"), ({"unit_cost": 0}, "unit_cost"), ({"unit_price": -5}, "unit_price"),
     ({"unit_price": 10**13}, "unit_price"), ({"stock": -1}, "stock"),
     ({"low_stock_at": -1}, "low_stock_at")],
)  # fmt: skip
def test_bad_products_are_refused(business, fields, field):
    with pytest.raises(BookInputError) as error:
        soap(business, **fields)
    assert error.value.field == field
    assert not Product.objects.exists()


def test_two_products_cannot_share_a_name(business):
    product = soap(business)
    other = soap(business, name="Vela")
    with pytest.raises(BookInputError):
        soap(business, name="sabão")
    with pytest.raises(BookInputError):
        product_update(product=other, name="Sabão", unit_cost=1, unit_price=2, low_stock_at=0)
    product_update(product=product, name="Sabão de coco", unit_cost=300, unit_price=500,
                   low_stock_at=2)  # fmt: skip
    product.refresh_from_db()
    assert (product.name, product.unit_cost, product.stock) == ("Sabão de coco", 300, 10)


def test_the_products_screens(client, owner, business):
    client.force_login(owner)
    response = client.post(
        "/pt-br/learn/book/products/new/",
        {"name": "Vela", "unit_cost": "1,50", "unit_price": "2,50", "stock": "4",
         "low_stock_at": "5"},
    )  # fmt: skip
    assert response.status_code == 302
    product = Product.objects.get()
    assert (product.unit_cost, product.unit_price, product.stock) == (150, 250, 4)
    page = client.get("/pt-br/learn/book/products/").content.decode()
    assert "R$ 1,50" in page and "40,0%" in page
    edit = client.get(f"/pt-br/learn/book/products/{product.pk}/")
    assert 'value="1,50"' in edit.content.decode()
    client.post(f"/pt-br/learn/book/products/{product.pk}/count/", {"counted": "9"})
    product.refresh_from_db()
    assert product.stock == 9
    bad = client.post(f"/pt-br/learn/book/products/{product.pk}/count/", {"counted": "-2"})
    assert bad.status_code == 400
    bad = client.post(
        "/pt-br/learn/book/products/new/",
        {"name": "Pão", "unit_cost": "abc", "unit_price": "2", "stock": "0", "low_stock_at": "0"},
    )
    assert bad.status_code == 400 and bad.context["form"].errors["unit_cost"]
    assert Product.objects.count() == 1


def test_another_learner_cannot_reach_a_product(client, business, make_business):
    product = soap(business)
    client.force_login(make_business("BR").owner)
    assert client.get(f"/pt-br/learn/book/products/{product.pk}/").status_code == 404
    response = client.post(f"/pt-br/learn/book/products/{product.pk}/count/", {"counted": "0"})
    assert response.status_code == 404
    product.refresh_from_db()
    assert product.stock == 10
    client.logout()
    assert client.get("/pt-br/learn/book/products/").status_code == 302
