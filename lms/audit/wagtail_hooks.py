from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from .views import AuditReportView, user_may_read_audit


class AuditMenuItem(MenuItem):
    def is_shown(self, request):
        return user_may_read_audit(request.user)


@hooks.register("register_admin_urls")
def register_audit_urls():
    return [
        path("reports/audit/", AuditReportView.as_view(), name="audit_report"),
        path(
            "reports/audit/results/",
            AuditReportView.as_view(results_only=True),
            name="audit_report_results",
        ),
    ]


@hooks.register("register_reports_menu_item")
def register_audit_menu_item():
    return AuditMenuItem(
        _("Audit trail"),
        reverse("audit_report"),
        name="audit-trail",
        icon_name="clipboard-list",
        order=1200,
    )
