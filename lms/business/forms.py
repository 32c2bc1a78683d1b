"""Forms of the business book. They read what the owner typed (amounts in their country's
format, dates, short notes) and leave every rule to the services, whose ``BookInputError``
names the field the message belongs next to."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from .models import MAX_NAME, MAX_NOTE, Business, Entry, Product
from .money import MoneyInputError, amount_parse
from .sectors import EntryKind, Sector, categories_for, category_label
from .services import MAX_QUANTITY, BookInputError

COUNTRIES = Business._meta.get_field("country").choices


class BusinessStartForm(forms.Form):
    name = forms.CharField(label=_("Name of your business"), max_length=MAX_NAME)
    sector = forms.ChoiceField(
        label=_("What does your business do?"), choices=Sector.choices, widget=forms.RadioSelect
    )
    country = forms.ChoiceField(label=_("Country"), choices=COUNTRIES)


class AmountField(forms.CharField):
    """An amount as the owner types it; read into minor units by the form."""

    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("max_length", 40)
        super().__init__(**kwargs)
        self.widget.attrs.update(
            {"inputmode": "decimal", "autocomplete": "off", "class": "amount-input"}
        )


class EntryForm(forms.Form):
    category = forms.ChoiceField(label=_("Category"), widget=forms.RadioSelect)
    amount = AmountField(label=_("Amount"))
    occurred_on = forms.DateField(
        label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    note = forms.CharField(
        label=_("Note (optional)"),
        required=False,
        max_length=MAX_NOTE,
        widget=forms.TextInput(attrs={"maxlength": MAX_NOTE}),
    )
    product = forms.ModelChoiceField(
        label=_("Product (optional)"), queryset=Product.objects.none(), required=False
    )
    quantity = forms.IntegerField(
        label=_("Quantity"), required=False, min_value=1, max_value=MAX_QUANTITY
    )

    def __init__(self, *args, business: Business, kind: str, **kwargs) -> None:
        kwargs.setdefault("initial", {})
        kwargs["initial"].setdefault("occurred_on", timezone.localdate())
        super().__init__(*args, **kwargs)
        self.business, self.kind = business, kind
        keys = categories_for(sector=business.sector, kind=kind)
        self.fields["category"].choices = [(key, category_label(key)) for key in keys]
        self.fields["category"].initial = self.initial.get("category") or keys[0]
        self.fields["occurred_on"].widget.attrs["max"] = timezone.localdate().isoformat()
        if kind in (EntryKind.SALE, EntryKind.PURCHASE):
            self.fields["product"].queryset = Product.objects.filter(business=business, active=True)
        if (
            kind not in (EntryKind.SALE, EntryKind.PURCHASE)
            or not self.fields["product"].queryset.exists()
        ):
            del self.fields["product"], self.fields["quantity"]

    def clean_amount(self) -> int:
        try:
            return amount_parse(
                self.cleaned_data["amount"],
                currency=self.business.currency,
                language=get_language() or "pt-br",
            )
        except MoneyInputError as error:
            raise forms.ValidationError(error.message) from error

    def clean_occurred_on(self):
        day = self.cleaned_data["occurred_on"]
        if day > timezone.localdate():
            raise forms.ValidationError(_("The date cannot be in the future."))
        return day

    def entry_values(self) -> dict:
        data = self.cleaned_data
        return {
            "kind": self.kind,
            "amount": data["amount"],
            "occurred_on": data["occurred_on"],
            "category": data["category"],
            "note": data.get("note", ""),
            "product": data.get("product"),
            "quantity": data.get("quantity"),
        }

    def add_book_error(self, error: BookInputError) -> None:
        field = error.field if error.field in self.fields else None
        self.add_error(field, error.message)


def entry_initial(entry: Entry) -> dict:
    """The entry's values as the form shows them, for a correction."""
    return {
        "category": entry.category,
        "amount": amount_text(entry.amount, currency=entry.business.currency),
        "occurred_on": entry.occurred_on,
        "note": entry.note,
        "product": entry.product_id,
        "quantity": entry.quantity,
    }


class ProductForm(forms.Form):
    name = forms.CharField(label=_("Product"), max_length=MAX_NAME)
    unit_cost = AmountField(label=_("What one unit costs you"))
    unit_price = AmountField(label=_("Price you sell one unit for"))
    stock = forms.IntegerField(
        label=_("How many you have now"), min_value=0, max_value=MAX_QUANTITY, initial=0
    )
    low_stock_at = forms.IntegerField(
        label=_("Warn me when there are this many or fewer"),
        min_value=0,
        max_value=MAX_QUANTITY,
        initial=0,
    )

    def __init__(self, *args, business: Business, editing: bool = False, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.business = business
        if editing:
            del self.fields["stock"]  # a count changes the stock, with its reason kept

    def _amount(self, name: str) -> int:
        try:
            return amount_parse(
                self.cleaned_data[name],
                currency=self.business.currency,
                language=get_language() or "pt-br",
            )
        except MoneyInputError as error:
            raise forms.ValidationError(error.message) from error

    def clean_unit_cost(self) -> int:
        return self._amount("unit_cost")

    def clean_unit_price(self) -> int:
        return self._amount("unit_price")


class StockCountForm(forms.Form):
    counted = forms.IntegerField(
        label=_("How many are on the shelf now?"), min_value=0, max_value=MAX_QUANTITY
    )


def amount_text(amount: int, *, currency: str) -> str:
    """Minor units as the owner would type them back: "12,50"."""
    from .money import from_minor

    text = f"{from_minor(amount, currency=currency):f}"
    return text if get_language() == "en" else text.replace(".", ",")
