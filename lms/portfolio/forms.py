from django import forms
from django.utils.translation import gettext_lazy as _

from .models import LifePlan, LifePlanStep, Reflection


class ReflectionForm(forms.ModelForm):
    class Meta:
        model = Reflection
        fields = ["text", "shared"]
        widgets = {"text": forms.Textarea(attrs={"rows": 5})}


class LifePlanForm(forms.ModelForm):
    class Meta:
        model = LifePlan
        fields = ["dreams", "strengths", "resources", "first_step"]
        widgets = {
            "dreams": forms.Textarea(attrs={"rows": 4}),
            "strengths": forms.Textarea(attrs={"rows": 3}),
            "resources": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {
            "dreams": _("What do you want for your life in the next years?"),
            "resources": _("People, places and programmes that can help you."),
        }


LifePlanStepFormSet = forms.inlineformset_factory(
    LifePlan,
    LifePlanStep,
    fields=["description", "due_date", "done"],
    widgets={"due_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")},
    extra=2,
    can_delete=True,
    max_num=20,
)
