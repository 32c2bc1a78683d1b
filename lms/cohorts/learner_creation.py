"""Checking and creating learner accounts, shared by the one-by-one form and the CSV import:
each row is checked against the others and the existing accounts, then the accounts are
created with the learner role, a membership of the group and an enrolment."""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db.models.functions import Lower
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from lms.accounts.forms import normalise_phone
from lms.accounts.models import User, phone_validator
from lms.accounts.validators import username_normalise, validate_username_script
from lms.audit.models import AuditKind
from lms.audit.services import audit_record
from lms.core.roles import Role

from .models import Enrolment, LearnerGroup, Membership

# No l/1, o/0, i: passwords are copied from paper. Not a secret, hence the noqa.
PASSWORD_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # noqa: S105
MAX_PASSWORD_LENGTH = 128  # hashing is slow on purpose: a password of megabytes is an attack
_COUNTRY_LANGUAGE = {"BR": "pt-br", "CL": "es", "PE": "es"}


def password_readable() -> str:
    """A password a facilitator can write on a card and a learner can type: ``hbrk-7m3p``."""
    return "-".join(
        "".join(secrets.choice(PASSWORD_ALPHABET) for _n in range(4)) for _group in range(2)
    )


def _group_language(group: LearnerGroup) -> str:
    return _COUNTRY_LANGUAGE.get(group.country, settings.LANGUAGE_CODE)


@dataclass(frozen=True)
class ImportRowError:
    row: int  # as a spreadsheet numbers it: the header is row 1
    username: str
    reasons: tuple[str, ...]


@dataclass(frozen=True)
class ImportedLearner:
    row: int
    username: str
    first_name: str
    last_name: str
    password: str  # to hand out: generated, or the one the file gave
    password_generated: bool


@dataclass
class _LearnerRow:
    row: int
    username: str
    first_name: str
    last_name: str = ""
    phone: str = ""
    email: str = ""
    password: str = ""

    def __post_init__(self) -> None:
        # Full-width "ａｎａ" is "ana": compared and stored in the normalised form.
        self.username = username_normalise(self.username)


def _too_long(row: _LearnerRow) -> list[str]:
    """A reason per value longer than its column (PostgreSQL refuses those outright)."""
    reasons = []
    for name in ("first_name", "last_name", "email"):
        field_ = User._meta.get_field(name)
        if len(getattr(row, name)) > field_.max_length:
            reasons.append(
                _("%(field)s: at most %(max)s characters.")
                % {"field": capfirst(field_.verbose_name), "max": field_.max_length}
            )
    if len(row.password) > MAX_PASSWORD_LENGTH:
        reasons.append(
            _("%(field)s: at most %(max)s characters.")
            % {"field": capfirst(_("password")), "max": MAX_PASSWORD_LENGTH}
        )
    return reasons


def _rows_check(rows: list[_LearnerRow]) -> list[ImportRowError]:
    """Every problem of every row, checking the rows against each other and against the
    existing accounts (three queries whatever the number of rows)."""
    username_field = User._meta.get_field("username")
    min_length = getattr(settings, "ACCOUNT_USERNAME_MIN_LENGTH", 1)
    usernames = {r.username.lower() for r in rows if r.username}
    phones = {normalise_phone(r.phone) for r in rows if r.phone}
    emails = {r.email.lower() for r in rows if r.email}
    taken_usernames = set(
        User.objects.annotate(u=Lower("username"))
        .filter(u__in=usernames)
        .values_list("u", flat=True)
    )
    taken_phones = set(User.objects.filter(phone__in=phones).values_list("phone", flat=True))
    taken_emails = set(
        User.objects.annotate(e=Lower("email")).filter(e__in=emails).values_list("e", flat=True)
    )
    first_username: dict[str, int] = {}
    first_phone: dict[str, int] = {}
    first_email: dict[str, int] = {}
    errors = []
    for r in rows:
        reasons: list[str] = []
        if not r.username:
            reasons.append(_("Enter a username."))
        else:
            key = r.username.lower()
            if not min_length <= len(r.username) <= username_field.max_length:
                reasons.append(
                    _("A username needs %(min)s to %(max)s characters.")
                    % {"min": min_length, "max": username_field.max_length}
                )
            for validator in (User.username_validator, validate_username_script):
                try:
                    validator(r.username)
                except ValidationError as error:
                    reasons.extend(error.messages)
            if key in taken_usernames:
                reasons.append(_("A user with this username already exists."))
            elif key in first_username:
                reasons.append(_("Same username as row %(row)s.") % {"row": first_username[key]})
            else:
                first_username[key] = r.row
        if not r.first_name:
            reasons.append(_("Enter a first name."))
        reasons.extend(_too_long(r))
        if r.phone:
            try:
                phone_validator(r.phone)
            except ValidationError as error:
                reasons.extend(error.messages)
            else:
                phone = normalise_phone(r.phone)
                if phone in taken_phones:
                    reasons.append(_("This phone number is already used by another account."))
                elif phone in first_phone:
                    reasons.append(_("Same phone as row %(row)s.") % {"row": first_phone[phone]})
                else:
                    first_phone[phone] = r.row
        if r.email:
            try:
                validate_email(r.email)
            except ValidationError as error:
                reasons.extend(error.messages)
            else:
                email = r.email.lower()
                if email in taken_emails:
                    reasons.append(_("This email address is already used by another account."))
                elif email in first_email:
                    reasons.append(_("Same email as row %(row)s.") % {"row": first_email[email]})
                else:
                    first_email[email] = r.row
        if r.password and len(r.password) <= MAX_PASSWORD_LENGTH:
            person = User(
                username=r.username, first_name=r.first_name, last_name=r.last_name, email=r.email
            )
            try:
                validate_password(r.password, user=person)
            except ValidationError as error:
                reasons.extend(error.messages)
        if reasons:
            errors.append(ImportRowError(row=r.row, username=r.username, reasons=tuple(reasons)))
    return errors


def _learners_create(
    *, group: LearnerGroup, rows: list[_LearnerRow]
) -> list[tuple[User, ImportedLearner]]:
    """Create the accounts (already checked), give them the learner role, add them to the
    group and enrol them in its curriculum."""
    language = _group_language(group)
    created = []
    for r in rows:
        password = r.password or password_readable()
        user = User(
            username=r.username,
            first_name=r.first_name,
            last_name=r.last_name,
            phone=normalise_phone(r.phone) if r.phone else "",
            email=User.objects.normalize_email(r.email),
            preferred_language=language,
            country=group.country,
            must_change_password=True,  # the facilitator knows it: the learner replaces it
        )
        user.set_password(password)
        user.save()
        created.append(
            (
                user,
                ImportedLearner(
                    row=r.row,
                    username=r.username,
                    first_name=r.first_name,
                    last_name=r.last_name,
                    password=password,
                    password_generated=not r.password,
                ),
            )
        )
    users = [user for user, _imported in created]
    learner_role, _created = Group.objects.get_or_create(name=Role.LEARNER.value)
    learner_role.user_set.add(*users)
    Membership.objects.bulk_create(Membership(group=group, learner=u) for u in users)
    Enrolment.objects.bulk_create(
        (Enrolment(learner=u, curriculum_key=group.curriculum_key) for u in users),
        ignore_conflicts=True,
    )
    return created


def _created_record(*, group: LearnerGroup, users: list[User], by: User, how: str) -> None:
    for user in users:
        audit_record(
            kind=AuditKind.ACCOUNT_CREATED,
            actor=by,
            subject=user,
            detail={"how": how, "group": group.pk},
        )
