from allauth.account.forms import SignupForm as AllauthSignupForm
from django import forms
from django.conf import settings
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from .models import User, phone_validator


def normalise_phone(value: str) -> str:
    """Keep a leading + and the digits: '+55 (31) 9 8765-4321' → '+5531987654321'."""
    value = value.strip()
    digits = "".join(ch for ch in value if ch.isdigit())
    return f"+{digits}" if value.startswith("+") else digits


class SignupForm(AllauthSignupForm):
    """Username and password; email and phone optional; the learner picks a language."""

    phone = forms.CharField(
        label=_("Phone (optional)"),
        required=False,
        max_length=20,
        validators=[phone_validator],
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel", "inputmode": "tel"}),
    )
    preferred_language = forms.ChoiceField(
        label=_("Language"), choices=settings.LANGUAGES, widget=forms.RadioSelect
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["preferred_language"].initial = get_language()
        if "email" in self.fields:
            self.fields["email"].label = _("Email (optional)")
            self.fields["email"].required = False

    def clean_phone(self) -> str:
        phone = normalise_phone(self.cleaned_data.get("phone") or "")
        if phone and User.objects.filter(phone=phone).exists():
            raise forms.ValidationError(_("This phone number is already used by another account."))
        return phone

    def custom_signup(self, request, user) -> None:
        user.phone = self.cleaned_data.get("phone", "")
        user.preferred_language = self.cleaned_data["preferred_language"]
        user.save(update_fields=["phone", "preferred_language"])
