"""Consent changes reach the rounds at once: a follow-up consent given schedules and opens the
person's due rounds; a withdrawal closes the unanswered ones. (The hourly task does the same
for changes made without saving the model, such as a queryset update.)"""

from __future__ import annotations

from django.db.models.signals import post_save
from django.dispatch import receiver

from lms.accounts.consent import consent_active
from lms.accounts.models import ConsentRecord

from .services import person_rounds_open_due, rounds_close


@receiver(post_save, sender=ConsentRecord, dispatch_uid="rumo_surveys_consent_changed")
def consent_changed(sender, instance: ConsentRecord, raw=False, **kwargs):
    if raw or instance.kind != ConsentRecord.Kind.FOLLOW_UP:
        return
    person = instance.person
    if consent_active(person=person, kind=ConsentRecord.Kind.FOLLOW_UP) is None:
        rounds_close(person=person)
    else:
        person_rounds_open_due(person=person)
