from __future__ import annotations

from django import forms
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.dates import WEEKDAYS
from django.utils.translation import gettext_lazy as _

from lms.accounts.models import User
from lms.cohorts.models import MAX_CAPACITY, LearnerGroup
from lms.core.inputs import DATE_VALIDATORS
from lms.core.roles import Role
from lms.programmes.models import Programme

MAX_UPLOAD_BYTES = 512 * 1024  # 500 learners with every column fit in far less


def facilitator_choices(*, user: User) -> QuerySet[User]:
    """Who can be a group's facilitator: people with the facilitator role (and whoever is
    choosing). A manager of one country picks among that country's facilitators and those
    with no country."""
    people = User.objects.filter(
        Q(groups__name=Role.FACILITATOR.value) | Q(pk=user.pk), is_active=True
    )
    if not user.is_superuser and user.country:
        people = people.filter(Q(country=user.country) | Q(country="") | Q(pk=user.pk))
    return people.distinct().order_by("first_name", "last_name", "username")


class FacilitatorField(forms.ModelMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def label_from_instance(self, obj: User) -> str:
        return obj.get_full_name() or obj.username


class WeeklyPatternMixin(forms.Form):
    weekdays = forms.TypedMultipleChoiceField(
        label=_("Meets on"),
        choices=[(number, name) for number, name in WEEKDAYS.items()],
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The sessions are given dates on these weekdays, one session a meeting."),
    )
    starts_at = forms.TimeField(
        label=_("Starts at"), required=False, widget=forms.TimeInput(attrs={"type": "time"})
    )


class GroupCreateForm(WeeklyPatternMixin, forms.Form):
    name = forms.CharField(label=_("Group name"), max_length=120)
    curriculum = forms.ChoiceField(label=_("Curriculum"))
    country = forms.ChoiceField(label=_("Country"), choices=User.Country.choices)
    municipality = forms.CharField(label=_("Municipality"), max_length=120, required=False)
    start_date = forms.DateField(
        label=_("First session"),
        widget=forms.DateInput(attrs={"type": "date"}),
        validators=DATE_VALIDATORS,
    )
    capacity = forms.IntegerField(
        label=_("Capacity"), min_value=1, max_value=MAX_CAPACITY, initial=25
    )
    facilitators = FacilitatorField(label=_("Facilitators"), queryset=User.objects.none())

    field_order = [
        "name",
        "curriculum",
        "country",
        "municipality",
        "start_date",
        "weekdays",
        "starts_at",
        "capacity",
        "facilitators",
    ]

    def __init__(self, *args, user: User, curricula: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["curriculum"].choices = curricula
        self.fields["facilitators"].queryset = facilitator_choices(user=user)
        self.fields["facilitators"].initial = [user.pk]
        self.fields["start_date"].initial = timezone.localdate()
        if user.country:
            self.fields["country"].initial = user.country


class ScheduleForm(WeeklyPatternMixin, forms.Form):
    first_date = forms.DateField(
        label=_("From"),
        widget=forms.DateInput(attrs={"type": "date"}),
        validators=DATE_VALIDATORS,
    )


class GroupSettingsForm(forms.ModelForm):
    facilitators = FacilitatorField(label=_("Facilitators"), queryset=User.objects.none())

    class Meta:
        model = LearnerGroup
        fields = [
            "name",
            "municipality",
            "capacity",
            "join_needs_approval",
            "programme",
            "facilitators",
            "risk_missed_sessions",
            "risk_missed_window",
            "risk_inactive_days",
            "risk_failed_attempts",
        ]

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        # A programme of the group's country (any for a group without one).
        programmes = Programme.objects.all()
        if self.instance.country:
            programmes = programmes.filter(country=self.instance.country)
        self.fields["programme"].queryset = programmes
        self.fields["programme"].help_text = _(
            "The programme whose results count this group's participants."
        )
        # Keep the current facilitators selectable even if they lost the role meanwhile.
        current = self.instance.facilitators.values("pk")
        self.fields["facilitators"].queryset = (
            User.objects.filter(
                Q(pk__in=facilitator_choices(user=user).values("pk")) | Q(pk__in=current)
            )
            .distinct()
            .order_by("first_name", "last_name", "username")
        )


class LearnerAccountForm(forms.Form):
    first_name = forms.CharField(label=_("First name"), max_length=150)
    last_name = forms.CharField(label=_("Last name"), max_length=150, required=False)
    username = forms.CharField(
        label=_("Username"),
        max_length=150,
        help_text=_("What the learner types to log in, e.g. maria.silva."),
    )


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("CSV file"),
        help_text=_(
            "Columns: username, first_name, last_name, and optionally phone, email, password. "
            "Separated by commas or semicolons; a spreadsheet saves it with “Save as CSV”."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )

    def clean_file(self) -> str:
        """The file's text: untrusted input, so bounded in size and decoded strictly."""
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                _("The file is too large (%(size)s KB); the limit is %(max)s KB.")
                % {"size": upload.size // 1024, "max": MAX_UPLOAD_BYTES // 1024}
            )
        data = upload.read()
        if b"\x00" in data:
            raise forms.ValidationError(_("This is not a CSV file. Save the sheet as CSV."))
        for encoding in ("utf-8-sig", "cp1252"):  # spreadsheets on Windows save cp1252
            try:
                return data.decode(encoding)
            except UnicodeDecodeError:
                continue
        raise forms.ValidationError(_("The file's characters could not be read. Save it as UTF-8."))


class NoteForm(forms.Form):
    text = forms.CharField(
        label=_("New note"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
