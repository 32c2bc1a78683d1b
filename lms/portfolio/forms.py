import uuid

from django import forms
from django.utils.translation import gettext_lazy as _

from lms.core.inputs import DATE_VALIDATORS

from .models import LifePlan, LifePlanStep, Reflection
from .services import MAX_LIFE_PLAN_STEPS, StepFields


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


class LifePlanStepForm(forms.ModelForm):
    class Meta:
        model = LifePlanStep
        fields = ["description", "due_date", "done"]
        widgets = {"due_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["due_date"].validators.extend(DATE_VALIDATORS)


class BaseLifePlanStepFormSet(forms.BaseInlineFormSet):
    def step_changes(self) -> list[tuple[uuid.UUID, StepFields | None]]:
        """What a valid formset asks for, step by step: ``(key, fields)`` for a new or changed
        step, ``(key, None)`` for a removed one. Saved through ``life_plan_step_save`` (not
        ``save()``), so a form keeps the same history as a phone's queued steps."""
        changes: list[tuple[uuid.UUID, StepFields | None]] = []
        for position, form in enumerate(self.forms):
            exists = form.instance.pk is not None
            if self.can_delete and self._should_delete_form(form):
                if exists:
                    changes.append((form.instance.key, None))
                continue
            if not form.has_changed() or not form.cleaned_data.get("description"):
                continue
            data = form.cleaned_data
            changes.append(
                (
                    form.instance.key if exists else uuid.uuid4(),
                    StepFields(
                        description=data["description"],
                        due_date=data.get("due_date"),
                        done=bool(data.get("done")),
                        order=position,
                    ),
                )
            )
        return changes


# validate_max refuses more steps than the maximum, and absolute_max stops Django from even
# building the forms of a POST that claims thousands (its default allows 1,000 more).
LifePlanStepFormSet = forms.inlineformset_factory(
    LifePlan,
    LifePlanStep,
    form=LifePlanStepForm,
    formset=BaseLifePlanStepFormSet,
    extra=2,
    can_delete=True,
    max_num=MAX_LIFE_PLAN_STEPS,
    validate_max=True,
    absolute_max=MAX_LIFE_PLAN_STEPS,
)
