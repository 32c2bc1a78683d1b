"""The owner's monthly results: the page, its one-page print version and its downloads.
Only the owner reaches them: the addresses carry no business id, so a signed-in person only
ever sees their own book (the downloads and the print page answer 404 without one)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from . import results, results_export
from .models import Business
from .results_chart import book_chart
from .selectors import DEFAULT_MONTHS, book_months
from .services import month_shift


def _business(request: HttpRequest) -> Business | None:
    return Business.objects.filter(owner=request.user).first()


def _chosen(request: HttpRequest, *, notify: bool = True) -> results.ChosenMonth:
    chosen = results.month_parse(text=request.GET.get("month"), today=timezone.localdate())
    if chosen.problem and notify:
        messages.info(request, chosen.problem)
    return chosen


def _context(business: Business, chosen: results.ChosenMonth) -> dict:
    months = book_months(business=business, months=DEFAULT_MONTHS, until=chosen.month)
    result = months[-1]
    currency = business.currency
    first, last = months[0].month, months[-1].month
    chart = book_chart(
        months=months,
        currency=currency,
        title=_("Sales, costs and profit, last 12 months"),
        description=_(
            "Bars for each month from %(first)s to %(last)s: sales, and what the month cost "
            "(goods and expenses); a line for profit. The table below gives every number."
        )
        % {"first": first.strftime("%Y-%m"), "last": last.strftime("%Y-%m")},
    )
    this_month = results.month_parse(text=None, today=timezone.localdate()).month
    return {
        "business": business,
        "currency": currency,
        "result": result,
        "months": months,
        "months_newest_first": list(reversed(months)),
        "chart": chart,
        "break_even": results.break_even_text(result, currency=currency),
        "margin_percent": results.margin_percent_whole(result),
        "month_param": result.month.strftime("%Y-%m"),
        "previous_month": month_shift(result.month, -1).strftime("%Y-%m"),
        "next_month": (
            month_shift(result.month, 1).strftime("%Y-%m") if result.month < this_month else ""
        ),
    }


@login_required
@require_GET
def results_month(request: HttpRequest) -> HttpResponse:
    business = _business(request)
    if business is None:
        return render(request, "business/results_empty.html")
    context = _context(business, _chosen(request))
    return render(request, "business/results.html", context)


@login_required
@require_GET
def results_print(request: HttpRequest) -> HttpResponse:
    business = _business(request)
    if business is None:
        raise Http404
    context = _context(business, _chosen(request))
    context["printed_on"] = timezone.localdate()
    context["owner_name"] = request.user.get_full_name() or request.user.username
    return render(request, "business/results_print.html", context)


@login_required
@require_GET
def results_download(request: HttpRequest, scope: str, extension: str) -> HttpResponse:
    business = _business(request)
    if business is None or scope not in ("month", "year") or extension not in ("csv", "xlsx"):
        raise Http404
    chosen = _chosen(request, notify=False)
    if scope == "month":
        result = book_months(business=business, months=1, until=chosen.month)[0]
        entries = results_export.month_entries(business=business, month=result.month)
        sheets = results_export.month_sheets(business=business, result=result, entries=entries)
        heading = _("%(business)s: results for %(month)s") % {
            "business": business.name,
            "month": result.month.strftime("%Y-%m"),
        }
    else:
        months = book_months(business=business, months=DEFAULT_MONTHS, until=chosen.month)
        sheets = results_export.year_sheets(business=business, months=months)
        heading = _("%(business)s: results for the 12 months up to %(month)s") % {
            "business": business.name,
            "month": chosen.month.strftime("%Y-%m"),
        }
    name = f"results-{scope}-{chosen.month:%Y-%m}.{extension}"
    if extension == "csv":
        response = HttpResponse(
            results_export.sheets_csv(sheets, heading=heading),
            content_type="text/csv; charset=utf-8",
        )
    else:
        response = HttpResponse(
            results_export.sheets_xlsx(sheets, heading=heading),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
