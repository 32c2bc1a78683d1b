""" "Delete my account": personal data erased, anonymous figures kept.

The account row is not deleted: it is anonymised in place and becomes this deletion's
placeholder, "a deleted learner". Attendance, progress and quiz rows go on pointing at it, so a
group's dashboard totals and a quiz's statistics are the same before and after; what the person
wrote and what was written about them is deleted (``policy.RULES``)."""

from __future__ import annotations

import secrets

from django.contrib.auth import get_user_model
from django.db import transaction

from .export import user_fields
from .policy import RULES, OnDelete

DELETED_USERNAME_PREFIX = "deleted-"


def account_is_deleted(*, person) -> bool:
    return person.username.startswith(DELETED_USERNAME_PREFIX) and not person.is_active


@transaction.atomic
def account_delete(*, person) -> None:
    """Erase ``person``'s personal data and anonymise the account. Idempotent."""
    user_model = get_user_model()
    person = user_model.objects.select_for_update().get(pk=person.pk)
    if account_is_deleted(person=person):
        return
    for model, field in user_fields():
        rule = RULES.get((model._meta.label, field.name))
        # A pair without a rule is erased: forgetting a model must not keep personal data.
        if rule is not None and rule.on_delete is OnDelete.KEEP:
            continue
        if field.many_to_many:
            field.remote_field.through.objects.filter(
                **{field.m2m_reverse_field_name(): person.pk}
            ).delete()
        else:
            model.objects.filter(**{field.name: person}).delete()
    person.groups.clear()
    person.user_permissions.clear()
    person.username = f"{DELETED_USERNAME_PREFIX}{secrets.token_hex(6)}"
    person.first_name = ""
    person.last_name = ""
    person.email = ""
    person.phone = ""
    person.birth_year = None
    person.is_active = False
    person.is_staff = False
    person.is_superuser = False
    person.must_change_password = False
    person.set_unusable_password()
    person.save()
