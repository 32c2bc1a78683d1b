"""The admin for programmes: every list, form and page is narrowed to the programmes the
person manages (their country's for a programme manager, all for a superuser), so another
country's programme answers 404 like one that does not exist."""

from __future__ import annotations

from django import forms
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.views import generic
from wagtail.admin.views.generic import history, usage
from wagtail.admin.viewsets.model import ModelViewSet

from lms.accounts.models import User

from .csv_reading import MAX_BYTES
from .imports import COLUMNS, KIND_LABELS, ImportKind, results_import
from .selectors import programmes_managed_by, user_may_manage_programmes


def scope_to_manager(queryset: QuerySet, *, user: User, path: str) -> QuerySet:
    managed = programmes_managed_by(user=user)
    if path == "pk":
        return queryset.filter(pk__in=managed.values("pk"))
    return queryset.filter(**{f"{path}__in": managed.values("pk")})


class ScopedObjects:
    """For edit, delete and index views: only rows of the programmes the person manages."""

    scope_path = "programme"

    def get_queryset(self):
        return scope_to_manager(
            super().get_queryset(), user=self.request.user, path=self.scope_path
        )


class ScopedObject:
    """For history and usage views, which read one object."""

    scope_path = "programme"

    def get_base_object_queryset(self):
        return scope_to_manager(
            super().get_base_object_queryset(), user=self.request.user, path=self.scope_path
        )


def scoped_viewset(path: str) -> type[ModelViewSet]:
    """A ModelViewSet whose views are each narrowed through ``path`` to the programmes the
    person manages, whose forms offer only those programmes, and without "copy" (its view
    reads any row)."""
    attrs = {"scope_path": path}
    return type(
        "ScopedViewSet",
        (ModelViewSet,),
        {
            "copy_view_enabled": False,
            "index_view_class": type("ScopedIndex", (ScopedObjects, generic.IndexView), attrs),
            "edit_view_class": type("ScopedEdit", (ScopedObjects, generic.EditView), attrs),
            "delete_view_class": type("ScopedDelete", (ScopedObjects, generic.DeleteView), attrs),
            "history_view_class": type("ScopedHistory", (ScopedObject, history.HistoryView), attrs),
            "usage_view_class": type("ScopedUsage", (ScopedObject, usage.UsageView), attrs),
        },
    )


class ManagedForm(WagtailAdminModelForm):
    """Programme choices narrowed to the person's programmes, country to their country."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = self.for_user
        if user is None:
            return
        if "programme" in self.fields:
            self.fields["programme"].queryset = programmes_managed_by(user=user)
        if "country" in self.fields and not user.is_superuser and user.country:
            self.fields["country"].choices = [
                (code, label) for code, label in User.Country.choices if code == user.country
            ]


class ResultsImportForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("What the file holds"),
        choices=[(kind.value, label) for kind, label in KIND_LABELS.items()],
    )
    file = forms.FileField(
        label=_("CSV file"),
        help_text=_(
            "Comma or semicolon separated, UTF-8 or a Windows spreadsheet's encoding. "
            "Nothing is imported unless every row is valid."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )


def results_import_view(request):
    """Upload a targets, participants or institutions file; all rows or none, with a
    report of every bad row."""
    if not user_may_manage_programmes(user=request.user):
        raise PermissionDenied
    form = ResultsImportForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            form.add_error(
                "file",
                _("The file is too large (%(size)s KB); the limit is %(max)s KB.")
                % {"size": upload.size // 1024, "max": MAX_BYTES // 1024},
            )
        else:
            report = results_import(
                kind=ImportKind(form.cleaned_data["kind"]), data=upload.read(), user=request.user
            )
    return render(
        request,
        "programmes/admin/import.html",
        {
            "form": form,
            "report": report,
            "columns": [(KIND_LABELS[k], ",".join(c)) for k, c in COLUMNS.items()],
            "header_title": _("Import results"),
        },
        status=400 if form.errors or (report is not None and not report.ok) else 200,
    )
