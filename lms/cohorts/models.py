from __future__ import annotations

import secrets

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from curriculum.models.mixins import BusinessLevel
from lms.accounts.models import User
from lms.core.models import TimeStampedModel


class Enrolment(TimeStampedModel):
    """A learner taking a curriculum, keyed by the curriculum's translation key so that it
    holds in every language."""

    # The curriculum owns the business levels; an enrolment only records which one applies.
    Level = BusinessLevel

    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="enrolments",
        verbose_name=_("learner"),
    )
    curriculum_key = models.UUIDField(_("curriculum"), db_index=True)
    level = models.PositiveSmallIntegerField(
        _("business level"), choices=Level.choices, null=True, blank=True
    )

    class Meta:
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        constraints = [
            models.UniqueConstraint(
                fields=["learner", "curriculum_key"], name="cohorts_one_enrolment_per_curriculum"
            )
        ]

    def __str__(self) -> str:
        return f"{self.learner} → {self.curriculum_key}"


JOIN_CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read aloud, typed on phones
JOIN_CODE_LENGTH = 6
MAX_CAPACITY = 200


def join_code_new() -> str:
    """A join code no group uses yet (32⁶ ≈ 10⁹ codes: a clash is rare, so retry)."""
    for _attempt in range(20):
        code = "".join(secrets.choice(JOIN_CODE_ALPHABET) for _n in range(JOIN_CODE_LENGTH))
        if not LearnerGroup.objects.filter(join_code=code).exists():
            return code
    raise RuntimeError("could not find a free join code")


class LearnerGroup(TimeStampedModel):
    """A facilitated group taking one curriculum together, keyed by the curriculum's
    translation key so that it holds in every language."""

    name = models.CharField(_("name"), max_length=120)
    curriculum_key = models.UUIDField(_("curriculum"), db_index=True)
    country = models.CharField(_("country"), max_length=2, choices=User.Country.choices, blank=True)
    municipality = models.CharField(_("municipality"), max_length=120, blank=True)
    # The programme the group is run under; its pillar comes from the programme's curriculum.
    programme = models.ForeignKey(
        "programmes.Programme",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="groups",
        verbose_name=_("programme"),
    )
    start_date = models.DateField(_("start date"))
    capacity = models.PositiveSmallIntegerField(
        _("capacity"),
        default=25,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_CAPACITY)],
    )
    join_code = models.CharField(_("join code"), max_length=JOIN_CODE_LENGTH, unique=True)
    join_needs_approval = models.BooleanField(
        _("joining needs my approval"),
        default=False,
        help_text=_(
            "Learners who use the join code wait until a facilitator of the group accepts them."
        ),
    )
    facilitators = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        related_name="facilitated_groups",
        blank=True,
        verbose_name=_("facilitators"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    # "At risk" thresholds, per group: programmes differ in how strict they are.
    risk_missed_sessions = models.PositiveSmallIntegerField(
        _("missed sessions for at risk"), default=2, validators=[MinValueValidator(1)]
    )
    risk_missed_window = models.PositiveSmallIntegerField(
        _("counted among the last sessions"), default=3, validators=[MinValueValidator(1)]
    )
    risk_inactive_days = models.PositiveSmallIntegerField(
        _("days without self-paced activity for at risk"),
        default=14,
        validators=[MinValueValidator(1)],
    )
    risk_failed_attempts = models.PositiveSmallIntegerField(
        _("failed attempts at one quiz for at risk"), default=2, validators=[MinValueValidator(1)]
    )

    class Meta:
        verbose_name = _("learner group")
        verbose_name_plural = _("learner groups")

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        if not self.join_code:
            self.join_code = join_code_new()
        super().save(*args, **kwargs)

    @property
    def join_code_display(self) -> str:
        """The code as ``ABC-234``: easier to read aloud; joining ignores the dash."""
        return f"{self.join_code[:3]}-{self.join_code[3:]}"


class MembershipQuerySet(models.QuerySet):
    def in_name_order(self) -> MembershipQuerySet:
        """With their learners, by first name, last name and username, as registers list
        people. The dashboard's matrix orders members the same way in its own SQL
        (``lms.facilitation.selectors``); a test keeps the two equal."""
        return self.select_related("learner").order_by(
            Lower("learner__first_name"),
            Lower("learner__last_name"),
            Lower("learner__username"),
            "pk",
        )


class Membership(models.Model):
    group = models.ForeignKey(
        LearnerGroup, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("group")
    )
    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("learner"),
    )
    joined_at = models.DateTimeField(_("joined at"), auto_now_add=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["group", "learner"], name="cohorts_one_membership_per_group"
            )
        ]

    def __str__(self) -> str:
        return f"{self.learner} ∈ {self.group}"


class JoinRequest(models.Model):
    """A pending membership: a learner used the code of a group whose joins need the
    facilitator's approval. Approving it makes the membership (capacity is counted then);
    declining removes it. Kept apart from ``Membership`` so that every list of members,
    register and count stays about members only."""

    group = models.ForeignKey(
        LearnerGroup,
        on_delete=models.CASCADE,
        related_name="join_requests",
        verbose_name=_("group"),
    )
    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="join_requests",
        verbose_name=_("learner"),
    )
    requested_at = models.DateTimeField(_("requested at"), auto_now_add=True)

    class Meta:
        verbose_name = _("join request")
        verbose_name_plural = _("join requests")
        ordering = ["requested_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["group", "learner"], name="cohorts_one_join_request_per_group"
            )
        ]

    def __str__(self) -> str:
        return f"{self.learner} → {self.group} ?"


class ScheduledSession(models.Model):
    """When a group meets for one session of its curriculum (keyed by the session's
    translation key)."""

    group = models.ForeignKey(
        LearnerGroup, on_delete=models.CASCADE, related_name="schedule", verbose_name=_("group")
    )
    session_key = models.UUIDField(_("session"))
    number = models.PositiveSmallIntegerField(_("session number"))
    date = models.DateField(_("date"))
    starts_at = models.TimeField(_("starts at"), null=True, blank=True)

    class Meta:
        verbose_name = _("scheduled session")
        verbose_name_plural = _("scheduled sessions")
        ordering = ["date", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["group", "session_key"], name="cohorts_one_date_per_group_session"
            )
        ]

    def __str__(self) -> str:
        return f"{self.group} · {self.number} · {self.date:%Y-%m-%d}"


class AttendanceStatus(models.TextChoices):
    PRESENT = "present", _("Present")
    LATE = "late", _("Late")
    ABSENT = "absent", _("Absent")
    EXCUSED = "excused", _("Excused")


class AttendanceRecord(models.Model):
    """A learner's attendance at one scheduled session: one row, corrected in place; every
    change is kept in ``AttendanceChange``."""

    Status = AttendanceStatus

    scheduled = models.ForeignKey(
        ScheduledSession,
        on_delete=models.CASCADE,
        related_name="attendance",
        verbose_name=_("scheduled session"),
    )
    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="attendance_records",
        verbose_name=_("learner"),
    )
    status = models.CharField(_("status"), max_length=10, choices=AttendanceStatus.choices)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("attendance record")
        verbose_name_plural = _("attendance records")
        constraints = [
            models.UniqueConstraint(
                fields=["scheduled", "learner"], name="cohorts_one_attendance_per_session"
            )
        ]

    def __str__(self) -> str:
        return f"{self.learner} · {self.scheduled} · {self.status}"


class AttendanceChange(models.Model):
    """One change of an attendance record: ``old_status`` "" is the first recording,
    ``new_status`` "" an undo that removed the record. The session and learner are kept on the
    row so the log outlives a removed record; ``undoes`` links an undo to the change it took
    back, which makes undo a stack (undo, undo again…)."""

    record = models.ForeignKey(
        AttendanceRecord,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="history",
        verbose_name=_("attendance record"),
    )
    scheduled = models.ForeignKey(
        ScheduledSession,
        on_delete=models.CASCADE,
        related_name="attendance_changes",
        verbose_name=_("scheduled session"),
    )
    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("learner"),
    )
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("changed by"),
    )
    changed_at = models.DateTimeField(_("changed at"), auto_now_add=True)
    old_status = models.CharField(
        _("old status"), max_length=10, choices=AttendanceStatus.choices, blank=True
    )
    new_status = models.CharField(
        _("new status"), max_length=10, choices=AttendanceStatus.choices, blank=True
    )
    undoes = models.OneToOneField(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="undone_by",
        verbose_name=_("undoes"),
    )

    class Meta:
        verbose_name = _("attendance change")
        verbose_name_plural = _("attendance changes")
        ordering = ["changed_at", "pk"]

    def __str__(self) -> str:
        return f"{self.learner} · {self.old_status or '∅'} → {self.new_status or '∅'}"
