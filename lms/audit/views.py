"""The audit trail as a report in Wagtail's admin: filters, pages, CSV and XLSX export
(Wagtail's ``ReportView``). Only superusers, and people given ``audit.view_audit_trail``."""

from __future__ import annotations

import datetime

import django_filters
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.views.reports import ReportView

from .models import AuditEvent, AuditKind

PERMISSION = "audit.view_audit_trail"
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def user_may_read_audit(user) -> bool:
    return bool(
        user.is_authenticated
        and user.is_active
        and (user.is_superuser or user.has_perm(PERMISSION))
    )


def _cell(value) -> str:
    """A text cell a spreadsheet will not run as a formula (CSV export)."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


class AuditEventFilterSet(WagtailFilterSet):
    kind = django_filters.MultipleChoiceFilter(
        label=_("Event"),
        choices=AuditKind.choices,
        widget=django_filters.widgets.forms.CheckboxSelectMultiple,
    )
    created_at = django_filters.DateFromToRangeFilter(label=_("Date"), widget=DateRangePickerWidget)
    actor = django_filters.CharFilter(
        label=_("Done by (username)"),
        field_name="actor_username",
        lookup_expr="iexact",
        max_length=150,
    )
    subject = django_filters.CharFilter(
        label=_("Account (username)"),
        field_name="subject_username",
        lookup_expr="iexact",
        max_length=150,
    )

    class Meta:
        model = AuditEvent
        fields = []


class AuditReportView(ReportView):
    page_title = _("Audit trail")
    header_icon = "clipboard-list"
    results_template_name = "audit/report_results.html"
    filterset_class = AuditEventFilterSet
    index_url_name = "audit_report"
    index_results_url_name = "audit_report_results"
    model = AuditEvent
    list_export = [
        "created_at",
        "kind_label",
        "actor_username",
        "subject_username",
        "ip_address",
        "user_agent",
        "detail",
    ]
    export_headings = {
        "created_at": _("When"),
        "kind_label": _("Event"),
        "actor_username": _("Done by"),
        "subject_username": _("Account"),
        "ip_address": _("IP address"),
        "user_agent": _("Browser"),
        "detail": _("Details"),
    }

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.custom_field_preprocess = {
            field: {self.FORMAT_CSV: _cell, self.FORMAT_XLSX: _cell}
            for field in ("actor_username", "subject_username", "user_agent", "detail")
        }

    def dispatch(self, request, *args, **kwargs):
        if not user_may_read_audit(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_queryset(self):
        return AuditEvent.objects.order_by("-created_at", "-pk")

    def get_filename(self):
        return f"rumo-audit-{datetime.date.today().isoformat()}"
