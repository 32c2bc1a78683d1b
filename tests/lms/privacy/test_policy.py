"""Every model pointing at a person has a rule: what the download shows and what deleting the
account does. A new model without one fails here."""

from __future__ import annotations

from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import models

from lms.privacy.export import user_fields
from lms.privacy.policy import NOT_DOWNLOADED, RULES, THROUGH, Show


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


def _owned_through_a_persons_row() -> set[str]:
    """Models with no field of their own pointing at a person whose rows belong to a row that
    does (a survey answer to its round), directly or through other such rows: deleted with it,
    so they are the person's data too."""
    user_model = get_user_model()
    about_me = {
        label
        for (label, name), rule in RULES.items()
        if rule.show is Show.ROWS
        and not apps.get_model(label)._meta.get_field(name).many_to_many  # a group is not mine
    }
    # Followed to any depth: a stock move belongs to a product, which belongs to a business,
    # which belongs to its owner.
    owned: set[str] = set()
    while True:
        reached = set()
        for model in apps.get_models():
            fields = [f for f in model._meta.get_fields() if f.is_relation and f.concrete]
            # A row about a person in its own right is covered by RULES; a field naming only
            # who wrote it (a mentor's note) leaves the row to the person it belongs to.
            if any(
                f.related_model is user_model
                and (rule := RULES.get((model._meta.label, f.name))) is not None
                and rule.show is Show.ROWS
                for f in fields
            ) or any(
                f.related_model is user_model and (model._meta.label, f.name) not in RULES
                for f in fields
            ):
                continue
            if any(
                f.many_to_one
                and f.related_model._meta.label in about_me | owned
                and f.remote_field.on_delete is models.CASCADE
                for f in fields
            ):
                reached.add(model._meta.label)
        if reached <= owned:
            return owned
        owned |= reached


def test_rows_that_reach_a_person_through_another_row_are_downloaded():
    owned = _owned_through_a_persons_row()
    missing = owned - set(THROUGH) - set(NOT_DOWNLOADED)
    assert not missing, f"add these to lms.privacy.policy.THROUGH: {sorted(missing)}"
    assert set(THROUGH) | set(NOT_DOWNLOADED) <= owned
