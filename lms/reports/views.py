from __future__ import annotations

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from lms.programmes.selectors import user_may_manage_programmes

from .charts import report_charts
from .exports import tables_csv, tables_xlsx
from .forms import ReportFilterForm
from .results import programmes_for_report, results_report
from .tables import report_tables


def manager_only(view):
    """Login, then programme managers (of their country's programmes) and superusers."""

    @login_required
    @wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs):
        if not user_may_manage_programmes(user=request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapped


def _report(request: HttpRequest):
    programmes = programmes_for_report(user=request.user)
    form = ReportFilterForm(request.GET or None, programmes=programmes)
    report = results_report(programmes=programmes, filters=form.filters())
    return form, report


@manager_only
@require_GET
def results(request: HttpRequest) -> HttpResponse:
    form, report = _report(request)
    tables = report_tables(report)
    return render(
        request,
        "reports/results.html",
        {
            "form": form,
            "report": report,
            "tables": tables,
            "charts": report_charts(report),
            "query": request.GET.urlencode(),
        },
        status=400 if form.errors else 200,
    )


@manager_only
@require_GET
def results_download(request: HttpRequest, fmt: str) -> HttpResponse:
    _form, report = _report(request)
    tables = report_tables(report)
    stamp = timezone.localdate().isoformat()
    name = f"{_('results')}-{stamp}"
    if fmt == "xlsx":
        response = HttpResponse(
            tables_xlsx(tables),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
        return response
    response = HttpResponse(tables_csv(tables), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
    return response
