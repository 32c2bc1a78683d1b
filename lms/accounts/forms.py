from allauth.account.forms import ChangePasswordForm as AllauthChangePasswordForm
from allauth.account.forms import LoginForm as AllauthLoginForm
from allauth.account.forms import ResetPasswordForm as AllauthResetPasswordForm
from allauth.account.forms import ResetPasswordKeyForm as AllauthResetPasswordKeyForm
from allauth.account.forms import SignupForm as AllauthSignupForm
from django import forms
from django.conf import settings
from django.contrib.auth import password_validation
from django.core.validators import MaxValueValidator, MinValueValidator
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from .consent import consent_record
from .models import ConsentRecord, User, phone_validator

MIN_AGE = 10  # the youngest learners programmes take
MAX_AGE = 110


def normalise_phone(value: str) -> str:
    """Keep a leading + and the digits: '+55 (31) 9 8765-4321' → '+5531987654321'."""
    value = value.strip()
    digits = "".join(ch for ch in value if ch.isdigit())
    return f"+{digits}" if value.startswith("+") else digits


def _relabel(form: forms.Form, labels: dict) -> None:
    """Rumo's own words for allauth's fields: the label says what to type, so no
    placeholder repeats it, and no help text hides a link (the page shows its links)."""
    for name, label in labels.items():
        if name in form.fields:
            field = form.fields[name]
            field.label = label
            field.help_text = field.help_text if name == "password1" else ""
            field.widget.attrs.pop("placeholder", None)


class LoginForm(AllauthLoginForm):
    """One field for the username, the e-mail address or the phone number (the phone is
    checked by ``PhoneBackend``)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _relabel(self, {"login": _("Username, e-mail or phone"), "password": _("Password")})
        self.fields["login"].widget.attrs.update(
            {
                "placeholder": _("Username, e-mail or phone"),
                "autocomplete": "username",
                "autocapitalize": "none",
                "spellcheck": "false",
            }
        )
        if "remember" in self.fields:
            self.fields["remember"].label = _("Stay logged in on this device")


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
    # A year, not a date: enough to know who needs a guardian's consent (under 18).
    birth_year = forms.IntegerField(
        label=_("Year of birth"),
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "autocomplete": "bday-year"}),
    )
    notice_accepted = forms.BooleanField(label=_("I have read the privacy notice"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["preferred_language"].initial = get_language()
        this_year = timezone.localdate().year
        self.fields["birth_year"].min_value = this_year - MAX_AGE
        self.fields["birth_year"].max_value = this_year - MIN_AGE
        self.fields["birth_year"].validators = [
            MinValueValidator(this_year - MAX_AGE),
            MaxValueValidator(this_year - MIN_AGE),
        ]
        self.fields["birth_year"].widget.attrs.update(
            {"min": this_year - MAX_AGE, "max": this_year - MIN_AGE}
        )
        self.fields["notice_accepted"].help_text = format_html(
            '<a href="{}">{}</a>', reverse("privacy:notice"), _("Read the privacy notice")
        )
        _relabel(
            self,
            {
                "username": _("Username"),
                "email": _("Email (optional)"),
                "password1": _("Password"),
                "password2": _("Password again"),
            },
        )
        if "email" in self.fields:
            self.fields["email"].required = False
        self.fields["username"].widget.attrs.update(
            {"autocapitalize": "none", "spellcheck": "false"}
        )

    def clean_phone(self) -> str:
        phone = normalise_phone(self.cleaned_data.get("phone") or "")
        if phone and User.objects.filter(phone=phone).exists():
            raise forms.ValidationError(_("This phone number is already used by another account."))
        return phone

    def custom_signup(self, request, user) -> None:
        user.phone = self.cleaned_data.get("phone", "")
        user.preferred_language = self.cleaned_data["preferred_language"]
        user.birth_year = self.cleaned_data["birth_year"]
        user.save(update_fields=["phone", "preferred_language", "birth_year"])
        consent_record(person=user, kind=ConsentRecord.Kind.PRIVACY_NOTICE, recorded_by=user)


class ChangePasswordForm(AllauthChangePasswordForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _relabel(
            self,
            {
                "oldpassword": _("Current password"),
                "password1": _("New password"),
                "password2": _("New password again"),
            },
        )


class ResetPasswordForm(AllauthResetPasswordForm):
    """Only accounts with an e-mail address can reset their password here; the page tells
    everyone else to ask their facilitator, and so does the error for anything that is not
    an e-mail address (a username or a phone number typed out of habit)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["email"]
        field.label = _("E-mail address of your account")
        field.widget.attrs.pop("placeholder", None)
        field.error_messages["invalid"] = _(
            "Type an e-mail address. If your account has none, ask your facilitator for a "
            "new password."
        )


class ResetPasswordKeyForm(AllauthResetPasswordKeyForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _relabel(self, {"password1": _("New password"), "password2": _("New password again")})


class RequiredPasswordChangeForm(forms.Form):
    """The learner's own password in place of the one a facilitator gave out: typed twice,
    checked by the site's password rules, and different from the one handed out."""

    password1 = forms.CharField(
        label=_("New password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=password_validation.password_validators_help_text_html(),
    )
    password2 = forms.CharField(
        label=_("New password again"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password1(self) -> str:
        password = self.cleaned_data["password1"]
        if self.user.check_password(password):
            raise forms.ValidationError(
                _("Choose a new password, not the one your facilitator gave you."),
                code="password_unchanged",
            )
        password_validation.validate_password(password, self.user)
        return password

    def clean(self):
        cleaned = super().clean()
        first, second = cleaned.get("password1"), cleaned.get("password2")
        if first and second and first != second:
            self.add_error("password2", _("The two passwords are not the same."))
        return cleaned


class DataSaverForm(forms.Form):
    """The data saver setting: on or off, nothing else accepted."""

    data_saver = forms.TypedChoiceField(
        label=_("Data saver"),
        choices=[
            ("on", _("On: videos in 240p only, images at phone width")),
            ("off", _("Off: choose the video quality, sharper images")),
        ],
        coerce=lambda value: value == "on",
        widget=forms.RadioSelect,
        help_text=_(
            "Videos never load before you press play, and each shows its size first, "
            "with data saver on or off."
        ),
    )
