from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditKind(models.TextChoices):
    ACCOUNT_CREATED = "account_created", _("Account created")
    ACCOUNTS_IMPORTED = "accounts_imported", _("Accounts imported")
    PASSWORD_RESET = "password_reset", _("Password reset")
    ROLE_ADDED = "role_added", _("Role given")
    ROLE_REMOVED = "role_removed", _("Role taken away")
    EXPORT = "export", _("Data exported")
    ACCOUNT_DELETED = "account_deleted", _("Account deleted")
    MEMBER_REMOVED = "member_removed", _("Removed from a group")
    CONSENT_CHANGED = "consent_changed", _("Consent changed")
    LOGIN_NEW_DEVICE = "login_new_device", _("Login from a new device")
    MEDIA_APPROVED = "media_approved", _("Video change approved")
    MEDIA_DELETED = "media_deleted", _("Media deleted")


class AuditEvent(models.Model):
    """One thing done to (or by) an account. Rows outlive the people they name: the links
    are set to null and the usernames stay, as they were when the event happened."""

    kind = models.CharField(_("event"), max_length=32, choices=AuditKind.choices)
    created_at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("done by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    actor_username = models.CharField(_("done by (username)"), max_length=150, blank=True)
    subject = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    subject_username = models.CharField(_("account (username)"), max_length=150, blank=True)
    detail = models.JSONField(_("details"), default=dict, blank=True)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    user_agent = models.CharField(_("browser"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["kind", "-created_at"], name="audit_kind_created"),
            models.Index(fields=["subject", "kind"], name="audit_subject_kind"),
        ]
        permissions = [("view_audit_trail", _("Can view the audit trail"))]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.subject_username or ''}".strip()

    @property
    def kind_label(self) -> str:
        return str(self.get_kind_display())
