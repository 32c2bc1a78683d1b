"""Events that reach the audit trail through signals, from whichever form or admin screen
made them: sign-up and password reset by e-mail (allauth), logins (new devices only), role
changes (membership of the role groups, either side of ``User.groups``), account deletion,
and curriculum media: a video change published (approved by a reviewer) and a video, image
or document deleted.
"""

from __future__ import annotations

from allauth.account.signals import password_reset, user_signed_up
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.signals import user_logged_in
from django.db.models.signals import m2m_changed, post_delete, pre_delete
from django.dispatch import receiver
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.signals import published

from curriculum.models import Video
from lms.core.roles import Role

from .context import current_request
from .models import AuditKind
from .services import audit_record, device_login_record

User = get_user_model()
ROLE_NAMES = frozenset(role.value for role in Role)
_CLEARED_ATTR = "_rumo_audit_cleared_roles"


def _request_user():
    request = current_request()
    user = getattr(request, "user", None)
    return user if user is not None and user.is_authenticated else None


@receiver(user_signed_up, dispatch_uid="rumo_audit_signed_up")
def signed_up(sender, request, user, **kwargs):
    audit_record(
        kind=AuditKind.ACCOUNT_CREATED,
        actor=None,
        subject=user,
        request=request,
        detail={"how": "sign_up"},
    )


@receiver(password_reset, dispatch_uid="rumo_audit_password_reset")
def password_reset_by_email(sender, request, user, **kwargs):
    audit_record(
        kind=AuditKind.PASSWORD_RESET,
        actor=None,
        subject=user,
        request=request,
        detail={"how": "email"},
    )


@receiver(user_logged_in, dispatch_uid="rumo_audit_login")
def logged_in(sender, request, user, **kwargs):
    if request is not None:
        device_login_record(request=request, user=user)


def _role_events(*, kind: AuditKind, users, role_names) -> None:
    actor = _request_user()
    for user in users:
        for name in sorted(role_names):
            audit_record(
                kind=kind,
                actor=actor,
                subject=user,
                detail={"role": name},
            )


@receiver(m2m_changed, sender=User.groups.through, dispatch_uid="rumo_audit_roles")
def roles_changed(sender, instance, action, reverse, model, pk_set, **kwargs):
    if action == "pre_clear":
        # Which roles go is known only before the clear.
        if reverse:
            names = {instance.name} & ROLE_NAMES
            users = list(instance.user_set.all()) if names else []
        else:
            names = set(instance.groups.filter(name__in=ROLE_NAMES).values_list("name", flat=True))
            users = [instance]
        setattr(instance, _CLEARED_ATTR, (users, names))
        return
    if action == "post_clear":
        users, names = getattr(instance, _CLEARED_ATTR, ([], set()))
        _role_events(kind=AuditKind.ROLE_REMOVED, users=users, role_names=names)
        return
    if action not in {"post_add", "post_remove"} or not pk_set:
        return
    kind = AuditKind.ROLE_ADDED if action == "post_add" else AuditKind.ROLE_REMOVED
    if reverse:  # group.user_set.add(*users)
        if instance.name not in ROLE_NAMES:
            return
        users = User.objects.filter(pk__in=pk_set)
        _role_events(kind=kind, users=users, role_names={instance.name})
    else:  # user.groups.add(*groups)
        names = set(
            Group.objects.filter(pk__in=pk_set, name__in=ROLE_NAMES).values_list("name", flat=True)
        )
        if names:
            _role_events(kind=kind, users=[instance], role_names=names)


@receiver(pre_delete, sender=User, dispatch_uid="rumo_audit_account_deleted")
def account_deleted(sender, instance, **kwargs):
    # The row must not point at the account being deleted (its links are nulled before this
    # signal): the username and id are kept in the row instead.
    actor = _request_user()
    if actor is not None and actor.pk == instance.pk:
        actor = None
    audit_record(
        kind=AuditKind.ACCOUNT_DELETED,
        actor=actor,
        subject=None,
        subject_username=instance.get_username(),
        detail={"user_id": instance.pk},
    )


def _media_detail(instance) -> dict:
    return {"media": instance._meta.model_name, "id": instance.pk, "title": str(instance)}


@receiver(published, sender=Video, dispatch_uid="rumo_audit_media_approved")
def video_published(sender, instance, revision=None, **kwargs):
    detail = _media_detail(instance)
    if revision is not None and revision.user is not None:
        detail["drafted_by"] = revision.user.get_username()
    audit_record(kind=AuditKind.MEDIA_APPROVED, actor=_request_user(), subject=None, detail=detail)


def media_deleted(sender, instance, **kwargs):
    audit_record(
        kind=AuditKind.MEDIA_DELETED,
        actor=_request_user(),
        subject=None,
        detail=_media_detail(instance),
    )


for _model in (Video, get_image_model(), get_document_model()):
    post_delete.connect(
        media_deleted, sender=_model, dispatch_uid=f"rumo_audit_deleted_{_model._meta.label_lower}"
    )
