from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import MAX_ACTION, MAX_MENTOR_TEXT


class MentorChoiceForm(forms.Form):
    mentor = forms.ModelChoiceField(queryset=None, label=_("Your mentor"), empty_label=None)
    agree = forms.BooleanField(
        label=_(
            "I agree that my mentor sees my business's monthly results (sales, costs, profit "
            "and cash). My mentor never sees single entries."
        ),
    )

    def __init__(self, *args, choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["mentor"].queryset = choices
        self.fields["mentor"].label_from_instance = lambda u: u.get_full_name() or u.username


class MentorNoteForm(forms.Form):
    text = forms.CharField(
        label=_("Follow-up note"),
        max_length=MAX_MENTOR_TEXT,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class AgreedActionForm(forms.Form):
    text = forms.CharField(label=_("Agreed action"), max_length=MAX_ACTION)
    due_on = forms.DateField(label=_("Due on"), widget=forms.DateInput(attrs={"type": "date"}))
