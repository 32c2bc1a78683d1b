"""Products and stock: adding and changing products, counting stock, and each product's
margin. Sales and purchases move stock through the entries (``services._move_stock``); a
count sets the stock to what is on the shelf and keeps the difference as a ``StockMove``."""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import MAX_NAME, Business, Product, StockMove
from .money import MAX_ENTRY, minor_units
from .services import MAX_QUANTITY, BookInputError


def _check_product(*, business: Business, name: str, unit_cost: int, unit_price: int,
                   low_stock_at: int) -> str:  # fmt: skip
    name = (name or "").strip()
    if not name or len(name) > MAX_NAME:
        raise BookInputError(
            _("Give the product a name of up to %(limit)s characters.") % {"limit": MAX_NAME},
            field="name",
        )
    top = minor_units(MAX_ENTRY, currency=business.currency)
    for field, value in (("unit_cost", unit_cost), ("unit_price", unit_price)):
        if isinstance(value, bool) or not isinstance(value, int) or not 0 < value <= top:
            raise BookInputError(_("Enter an amount greater than zero."), field=field)
    if isinstance(low_stock_at, bool) or not 0 <= low_stock_at <= MAX_QUANTITY:
        raise BookInputError(
            _("Enter how many units, from 0 to %(limit)s.") % {"limit": MAX_QUANTITY},
            field="low_stock_at",
        )
    return name


def _name_taken(*, business: Business, name: str, exclude: int | None = None) -> bool:
    others = Product.objects.filter(business=business, active=True, name__iexact=name)
    return others.exclude(pk=exclude).exists() if exclude else others.exists()


def product_create(*, business: Business, name: str, unit_cost: int, unit_price: int,
                   stock: int = 0, low_stock_at: int = 0) -> Product:  # fmt: skip
    name = _check_product(business=business, name=name, unit_cost=unit_cost,
                          unit_price=unit_price, low_stock_at=low_stock_at)  # fmt: skip
    if isinstance(stock, bool) or not 0 <= stock <= MAX_QUANTITY:
        raise BookInputError(
            _("Enter how many units, from 0 to %(limit)s.") % {"limit": MAX_QUANTITY},
            field="stock",
        )
    if _name_taken(business=business, name=name):
        raise BookInputError(_("You already have a product with this name."), field="name")
    try:
        with transaction.atomic():
            product = Product.objects.create(
                business=business, name=name, unit_cost=unit_cost, unit_price=unit_price,
                stock=0, low_stock_at=low_stock_at,
            )  # fmt: skip
            if stock:
                stock_count(product=product, counted=stock)
                product.refresh_from_db()
    except IntegrityError as error:
        raise BookInputError(
            _("You already have a product with this name."), field="name"
        ) from error
    return product


def product_update(*, product: Product, name: str, unit_cost: int, unit_price: int,
                   low_stock_at: int) -> Product:  # fmt: skip
    """Change a product's name, cost, price or alert level. Past sales keep the cost they
    were recorded with (``Entry.cost_of_goods``)."""
    name = _check_product(business=product.business, name=name, unit_cost=unit_cost,
                          unit_price=unit_price, low_stock_at=low_stock_at)  # fmt: skip
    if _name_taken(business=product.business, name=name, exclude=product.pk):
        raise BookInputError(_("You already have a product with this name."), field="name")
    product.name, product.unit_cost, product.unit_price = name, unit_cost, unit_price
    product.low_stock_at = low_stock_at
    product.save(update_fields=["name", "unit_cost", "unit_price", "low_stock_at"])
    return product


def stock_count(*, product: Product, counted: int, on: date | None = None) -> StockMove | None:
    """The owner counted ``counted`` units on the shelf: the stock becomes that, and the
    difference is kept as a count move (none when the count matches)."""
    if (
        isinstance(counted, bool)
        or not isinstance(counted, int)
        or not 0 <= counted <= MAX_QUANTITY
    ):
        raise BookInputError(
            _("Enter how many units, from 0 to %(limit)s.") % {"limit": MAX_QUANTITY},
            field="counted",
        )
    with transaction.atomic():
        locked = Product.objects.select_for_update().get(pk=product.pk)
        difference = counted - locked.stock
        Product.objects.filter(pk=product.pk).update(stock=counted)
        product.stock = counted
        if not difference:
            return None
        return StockMove.objects.create(
            product=locked,
            reason=StockMove.Reason.COUNT,
            quantity=difference,
            occurred_on=on or timezone.localdate(),
        )


def product_margin(*, product: Product) -> Decimal | None:
    """(price − cost) / price as a percent with one decimal, ``Decimal('37.5')``; None
    when there is no price."""
    if product.unit_price <= 0:
        return None
    share = Decimal(product.unit_price - product.unit_cost) * 100 / product.unit_price
    return share.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
