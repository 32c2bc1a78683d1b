from __future__ import annotations

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lms.accounts.forms import MAX_AGE, MIN_AGE

from .consent import PROFILE_FIELDS
from .models import ParticipantProfile

BUSINESS_FIELDS = ("business_sector", "business_level", "business_formal")


class ProfileForm(forms.ModelForm):
    """The participant profile, with the year of birth (kept on the account) and the consent
    box while no consent is active. Choices are checked against their lists, texts capped."""

    birth_year = forms.IntegerField(
        label=_("Year of birth"),
        required=False,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "autocomplete": "bday-year"}),
    )
    business_formal = forms.TypedChoiceField(
        label=_("Is the business formally registered?"),
        required=False,
        choices=[("", _("I don't know")), ("yes", _("Yes")), ("no", _("No"))],
        coerce=lambda value: {"yes": True, "no": False}.get(value),
        empty_value=None,
        widget=forms.RadioSelect,
    )
    consent = forms.BooleanField(required=False)

    class Meta:
        model = ParticipantProfile
        fields = list(PROFILE_FIELDS)
        widgets = {"gender": forms.RadioSelect, "area": forms.RadioSelect}

    def __init__(
        self,
        *args,
        entrepreneur: bool,
        ask_consent: bool,
        consent_label: str,
        ask_birth_year: bool,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        if self.instance.pk and self.instance.business_formal is not None:
            self.initial["business_formal"] = "yes" if self.instance.business_formal else "no"
        if not entrepreneur:
            for name in BUSINESS_FIELDS:
                del self.fields[name]
        if ask_consent:
            self.fields["consent"].label = consent_label
        else:
            del self.fields["consent"]
        if ask_birth_year:
            this_year = timezone.localdate().year
            field = self.fields["birth_year"]
            field.validators = [
                MinValueValidator(this_year - MAX_AGE),
                MaxValueValidator(this_year - MIN_AGE),
            ]
            field.widget.attrs.update({"min": this_year - MAX_AGE, "max": this_year - MIN_AGE})
        else:
            del self.fields["birth_year"]
        self.fields["gender"].choices = [c for c in self.fields["gender"].choices if c[0]]
        self.fields["area"].choices = [c for c in self.fields["area"].choices if c[0]]
        self.fields["area"].required = False
        self.fields["municipality"].widget.attrs["autocomplete"] = "address-level2"

    def clean_municipality(self) -> str:
        return " ".join(self.cleaned_data["municipality"].split())

    def clean_business_sector(self) -> str:
        return " ".join(self.cleaned_data["business_sector"].split())
