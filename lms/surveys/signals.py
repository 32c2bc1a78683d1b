"""Consent changes reach the rounds at once: a follow-up consent given (and, under 18, a
guardian's) schedules and opens the person's due rounds; a withdrawal closes the unanswered
ones. (The hourly task does the same for changes made without saving the model, such as a
queryset update.)"""

from __future__ import annotations

from django.db.models.signals import post_save
from django.dispatch import receiver

from lms.accounts.models import ConsentRecord
from lms.participants.consent import collection_allowed

from .services import person_rounds_open_due, rounds_close


@receiver(post_save, sender=ConsentRecord, dispatch_uid="rumo_surveys_consent_changed")
def consent_changed(sender, instance: ConsentRecord, raw=False, **kwargs):
    # A guardian's consent counts too: under 18, collection waits for it.
    if raw or instance.kind not in (ConsentRecord.Kind.FOLLOW_UP, ConsentRecord.Kind.GUARDIAN):
        return
    person = instance.person
    if not collection_allowed(person=person):
        rounds_close(person=person)
    else:
        person_rounds_open_due(person=person)
