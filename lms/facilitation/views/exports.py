"""The dashboard's table as a download (CSV or Excel), each one written to the audit log."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.views.decorators.http import require_GET

from lms.audit.models import AuditKind
from lms.audit.services import audit_record
from lms.cohorts.models import LearnerGroup

from ..exports import matrix_csv, matrix_xlsx
from ..selectors import group_matrix
from .access import group_view
from .lookups import _sessions


def _export_name(group: LearnerGroup, extension: str) -> str:
    stamp = timezone.localdate().isoformat()
    return f"rumo-group-{group.pk}-{stamp}.{extension}"


def _export_record(request: HttpRequest, group: LearnerGroup, fmt: str, matrix) -> None:
    audit_record(
        kind=AuditKind.EXPORT,
        actor=request.user,
        subject=None,
        request=request,
        detail={"group": group.pk, "format": fmt, "rows": len(matrix.rows)},
    )


@group_view
@require_GET
def export_csv(request: HttpRequest, group: LearnerGroup) -> HttpResponse:
    """The dashboard's table as CSV (``exports.matrix_csv``)."""
    matrix = group_matrix(group=group, session_outlines=_sessions(group))
    response = HttpResponse(matrix_csv(matrix), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_export_name(group, "csv")}"'
    _export_record(request, group, "csv", matrix)
    return response


@group_view
@require_GET
def export_xlsx(request: HttpRequest, group: LearnerGroup) -> HttpResponse:
    """The dashboard's table as an Excel workbook (``exports.matrix_xlsx``)."""
    matrix = group_matrix(group=group, session_outlines=_sessions(group))
    response = HttpResponse(
        matrix_xlsx(matrix),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="{_export_name(group, "xlsx")}"'
    _export_record(request, group, "xlsx", matrix)
    return response
