"""The cash book's pages: the book's home (the month's totals and entries), starting a book,
recording an entry in three taps plus the amount, an entry's page with its history, its
correction and its deletion. Every view reads the book through its owner: another person's
entry is a 404, a visitor is sent to log in."""

from __future__ import annotations

import uuid
from datetime import date, timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from lms.core.inputs import MAX_ID, id_in_range

from .forms import BusinessStartForm, EntryForm, entry_initial
from .models import Business
from .sectors import EntryKind
from .selectors import book_home_month, business_of, entry_history, entry_of
from .services import BookInputError, business_create, entry_correct, entry_delete, entry_record


def _business_or_start(request: HttpRequest) -> Business | None:
    return business_of(owner=request.user)


def _wants_json(request: HttpRequest) -> bool:
    return "application/json" in request.headers.get("Accept", "")


def _month_from(request: HttpRequest) -> date:
    """``?month=2026-11`` or this month; a bad value falls back to this month."""
    today = timezone.localdate()
    text = request.GET.get("month", "")
    if len(text) == 7:
        try:
            year, month = int(text[:4]), int(text[5:])
            if 2000 <= year <= today.year and 1 <= month <= 12:
                return date(year, month, 1)
        except ValueError:
            pass
    return today.replace(day=1)


@login_required
def book_home(request: HttpRequest) -> HttpResponse:
    business = _business_or_start(request)
    if business is None:
        return redirect("business:start")
    month = _month_from(request)
    book = book_home_month(business=business, month=month)
    previous = (month.replace(day=1) - timedelta(days=1)).replace(day=1)
    following = (month.replace(day=28) + timedelta(days=4)).replace(day=1)
    return render(
        request,
        "business/home.html",
        {
            "business": business,
            "book": book,
            "kinds": EntryKind.choices,
            "previous": previous,
            "following": following if following <= timezone.localdate() else None,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def business_start(request: HttpRequest) -> HttpResponse:
    if _business_or_start(request) is not None:
        return redirect("business:home")
    form = BusinessStartForm(
        request.POST or None, initial={"country": getattr(request.user, "country", "") or "BR"}
    )
    if request.method == "POST" and form.is_valid():
        try:
            business_create(owner=request.user, **form.cleaned_data)
        except BookInputError as error:
            form.add_error(error.field, error.message)
        else:
            messages.success(request, _("Your business book is ready."))
            return redirect("business:home")
    return render(request, "business/start.html", {"form": form})


def _errors_json(form: EntryForm) -> JsonResponse:
    return JsonResponse(
        {"errors": {name: [str(m) for m in errors] for name, errors in form.errors.items()}},
        status=400,
    )


@login_required
@require_http_methods(["GET", "POST"])
def entry_new(request: HttpRequest, kind: str) -> HttpResponse:
    business = _business_or_start(request)
    if business is None:
        return redirect("business:start")
    if kind not in EntryKind.values:
        raise Http404
    form = EntryForm(request.POST or None, business=business, kind=kind)
    if request.method == "POST" and form.is_valid():
        client_id = _client_id(request.POST.get("client_id", ""))
        try:
            entry, _created = entry_record(
                business=business, client_id=client_id, **form.entry_values()
            )
        except BookInputError as error:
            form.add_book_error(error)
        else:
            messages.success(request, _("Saved in your book."))
            home = reverse("business:home")
            if _wants_json(request):
                return JsonResponse({"saved": entry.pk, "redirect": home})
            return redirect(home)
    if request.method == "POST" and _wants_json(request):
        return _errors_json(form)
    return render(
        request,
        "business/entry_form.html",
        {
            "business": business,
            "form": form,
            "kind": kind,
            "kind_label": EntryKind(kind).label,
            "kinds": EntryKind.choices,
        },
        status=400 if form.errors else 200,
    )


def _client_id(text: str) -> uuid.UUID | None:
    try:
        return uuid.UUID(text) if len(text) == 36 else None
    except ValueError:
        return None


def _entry_or_404(request: HttpRequest, entry_id: int):
    business = _business_or_start(request)
    entry = None
    if business is not None and id_in_range(entry_id, maximum=MAX_ID):
        entry = entry_of(business=business, pk=entry_id)
    if entry is None:
        raise Http404
    return business, entry


@login_required
def entry_detail(request: HttpRequest, entry_id: int) -> HttpResponse:
    business, entry = _entry_or_404(request, entry_id)
    return render(
        request,
        "business/entry_detail.html",
        {"business": business, "entry": entry, "history": entry_history(entry=entry)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def entry_edit(request: HttpRequest, entry_id: int) -> HttpResponse:
    business, entry = _entry_or_404(request, entry_id)
    if entry.deleted_at is not None:
        raise Http404
    form = EntryForm(
        request.POST or None, business=business, kind=entry.kind, initial=entry_initial(entry)
    )
    if request.method == "POST" and form.is_valid():
        try:
            entry_correct(entry=entry, **form.entry_values())
        except BookInputError as error:
            form.add_book_error(error)
        else:
            messages.success(request, _("The entry is corrected; what it said before is kept."))
            return redirect("business:entry", entry_id=entry.pk)
    return render(
        request,
        "business/entry_form.html",
        {
            "business": business,
            "form": form,
            "kind": entry.kind,
            "kind_label": entry.get_kind_display(),
            "entry": entry,
        },
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def entry_remove(request: HttpRequest, entry_id: int) -> HttpResponse:
    _business, entry = _entry_or_404(request, entry_id)
    entry_delete(entry=entry)
    messages.success(request, _("The entry is deleted; its history is kept."))
    return redirect("business:home")
