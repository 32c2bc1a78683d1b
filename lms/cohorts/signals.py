"""A learner leaving a group, however it happens (the admin, a shell, a future "remove" button),
goes into the audit trail. When the account itself is deleted, that deletion is the event."""

from django.contrib.auth import get_user_model
from django.db.models.signals import pre_delete
from django.dispatch import receiver

from lms.audit.context import current_request
from lms.audit.models import AuditKind
from lms.audit.services import audit_record

from .models import Membership


@receiver(pre_delete, sender=Membership, dispatch_uid="rumo_audit_member_removed")
def member_removed(sender, instance, origin=None, **kwargs):
    user_model = get_user_model()
    if isinstance(origin, user_model) or getattr(origin, "model", None) is user_model:
        return
    request = current_request()
    actor = getattr(request, "user", None)
    audit_record(
        kind=AuditKind.MEMBER_REMOVED,
        actor=actor if actor is not None and actor.is_authenticated else None,
        subject=instance.learner,
        detail={"group": instance.group_id},
    )
