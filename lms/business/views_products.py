"""Products and stock screens: the list with stock, prices and margins, adding and changing a
product, and counting what is on the shelf. Like the cash book, only the owner reaches them."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from lms.core.inputs import MAX_ID, id_in_range

from .forms import ProductForm, StockCountForm, amount_text
from .models import Product
from .selectors import business_of, products_of
from .services import BookInputError
from .stock import product_create, product_margin, product_update, stock_count


def _product_or_404(request: HttpRequest, product_id: int) -> Product:
    business = business_of(owner=request.user)
    product = None
    if business is not None and id_in_range(product_id, maximum=MAX_ID):
        product = products_of(business=business).filter(pk=product_id).first()
    if product is None:
        raise Http404
    return product


def _initial(product: Product) -> dict:
    currency = product.business.currency
    return {
        "name": product.name,
        "unit_cost": amount_text(product.unit_cost, currency=currency),
        "unit_price": amount_text(product.unit_price, currency=currency),
        "low_stock_at": product.low_stock_at,
    }


@login_required
def product_list(request: HttpRequest) -> HttpResponse:
    business = business_of(owner=request.user)
    if business is None:
        return redirect("business:start")
    rows = [(p, product_margin(product=p)) for p in products_of(business=business)]
    return render(request, "business/products.html", {"business": business, "rows": rows})


@login_required
@require_http_methods(["GET", "POST"])
def product_new(request: HttpRequest) -> HttpResponse:
    business = business_of(owner=request.user)
    if business is None:
        return redirect("business:start")
    form = ProductForm(request.POST or None, business=business)
    if request.method == "POST" and form.is_valid():
        try:
            product_create(business=business, **form.cleaned_data)
        except BookInputError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(request, _("Product added."))
            return redirect("business:products")
    return render(
        request,
        "business/product_form.html",
        {"business": business, "form": form},
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def product_edit(request: HttpRequest, product_id: int) -> HttpResponse:
    product = _product_or_404(request, product_id)
    business = product.business
    form = ProductForm(
        request.POST or None, business=business, editing=True, initial=_initial(product)
    )
    if request.method == "POST" and form.is_valid():
        try:
            product_update(product=product, **form.cleaned_data)
        except BookInputError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(request, _("Product saved."))
            return redirect("business:products")
    return render(
        request,
        "business/product_form.html",
        {
            "business": business,
            "form": form,
            "product": product,
            "count_form": StockCountForm(initial={"counted": product.stock}),
            "margin": product_margin(product=product),
        },
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def product_count(request: HttpRequest, product_id: int) -> HttpResponse:
    product = _product_or_404(request, product_id)
    form = StockCountForm(request.POST)
    if form.is_valid():
        try:
            stock_count(product=product, counted=form.cleaned_data["counted"])
        except BookInputError as error:
            form.add_error("counted", error.message)
        else:
            messages.success(request, _("Stock counted."))
            return redirect("business:products")
    business = product.business
    return render(
        request,
        "business/product_form.html",
        {
            "business": business,
            "form": ProductForm(
                business=business,
                editing=True,
                initial=_initial(product),
            ),
            "product": product,
            "count_form": form,
            "margin": product_margin(product=product),
        },
        status=400,
    )
