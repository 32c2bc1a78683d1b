from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from lms.accounts.models import User
from lms.core.inputs import DATE_VALIDATORS
from lms.participants.models import Area, Gender
from lms.programmes.models import Programme

from .results import ReportFilters
from .tally import AGE_BANDS


def _date_field(label: str) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        validators=DATE_VALIDATORS,
    )


class ReportFilterForm(forms.Form):
    """The report's filters, read from the query string; every choice is checked against
    what the person may see."""

    programme = forms.ChoiceField(label=_("Programme"), required=False)
    country = forms.ChoiceField(label=_("Country"), required=False)
    since = _date_field(_("Trained or graduated from"))
    until = _date_field(_("until"))
    gender = forms.ChoiceField(
        label=_("Gender"), required=False, choices=[("", _("All")), *Gender.choices]
    )
    age_band = forms.ChoiceField(
        label=_("Age"),
        required=False,
        choices=[("", _("All"))] + [(code, label) for code, label, *_rest in AGE_BANDS],
    )
    area = forms.ChoiceField(
        label=_("Rural or urban"), required=False, choices=[("", _("All")), *Area.choices]
    )

    def __init__(self, *args, programmes: list[Programme], **kwargs):
        super().__init__(*args, **kwargs)
        self.programmes = {str(p.pk): p for p in programmes}
        self.fields["programme"].choices = [("", _("All"))] + [
            (str(p.pk), p.name) for p in programmes
        ]
        countries = {p.country for p in programmes}
        self.fields["country"].choices = [("", _("All"))] + [
            (code, label) for code, label in User.Country.choices if code in countries
        ]

    def clean(self):
        data = super().clean()
        since, until = data.get("since"), data.get("until")
        if since and until and since > until:
            self.add_error("until", _("The end comes before the start."))
        return data

    def filters(self) -> ReportFilters:
        data = self.cleaned_data if self.is_valid() else {}
        return ReportFilters(
            programme=self.programmes.get(data.get("programme") or ""),
            country=data.get("country") or "",
            since=data.get("since"),
            until=data.get("until"),
            gender=data.get("gender") or "",
            age_band=data.get("age_band") or "",
            area=data.get("area") or "",
        )
