"""Every model pointing at a person has a rule: what the download shows and what deleting the
account does. A new model without one fails here."""

from __future__ import annotations

from django.apps import apps
from django.contrib.auth import get_user_model

from lms.privacy.export import user_fields
from lms.privacy.policy import RULES


def _pointing_at_user() -> set[tuple[str, str]]:
    user_model = get_user_model()
    pairs = set()
    for model in apps.get_models():
        for field in model._meta.get_fields():
            if field.is_relation and field.concrete and field.related_model is user_model:
                pairs.add((model._meta.label, field.name))
    return pairs


def test_every_model_pointing_at_a_person_has_a_rule():
    missing = _pointing_at_user() - set(RULES)
    assert not missing, f"add these to lms.privacy.policy.RULES: {sorted(missing)}"


def test_the_export_walks_every_model_pointing_at_a_person():
    walked = {(model._meta.label, field.name) for model, field in user_fields()}
    assert walked == _pointing_at_user()


def test_no_rule_names_a_model_that_is_gone():
    assert set(RULES) <= _pointing_at_user()
