"""Learner accounts made by facilitators: one by one, from a CSV file, and password resets."""

from __future__ import annotations

import csv
import io
import logging
import re
import secrets
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models.functions import Lower
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from lms.accounts.forms import normalise_phone
from lms.accounts.models import User, phone_validator
from lms.accounts.validators import username_normalise, validate_username_script
from lms.audit.models import AuditKind
from lms.audit.services import audit_record
from lms.core.roles import Role

from .errors import CohortError, _not_a_member
from .joining import _group_full
from .models import (
    Enrolment,
    LearnerGroup,
    Membership,
)

logger = logging.getLogger(__name__)

# --- Learner accounts made by facilitators ---------------------------------------------------

# No l/1, o/0, i: passwords are copied from paper. Not a secret, hence the noqa.
PASSWORD_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # noqa: S105
IMPORT_REQUIRED_COLUMNS = ("username", "first_name", "last_name")
IMPORT_OPTIONAL_COLUMNS = ("phone", "email", "password")
MAX_IMPORT_ROWS = 500
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
class ImportReport:
    """What an import did, or why it did nothing: ``file_errors`` concern the whole file,
    ``row_errors`` name rows. Either kind means no account was created."""

    created: list[ImportedLearner] = field(default_factory=list)
    row_errors: list[ImportRowError] = field(default_factory=list)
    file_errors: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.row_errors and not self.file_errors


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


def _header_key(cell: str) -> str:
    """``First name``, ``first-name``, ``FIRST_NAME`` → ``first_name``."""
    return re.sub(r"[\s\-]+", "_", cell.strip().lower())


def _csv_parse(csv_text: str) -> tuple[list[_LearnerRow], list[str]]:
    """The data rows (blank ones skipped, numbers kept) or the file's problems. The
    delimiter is guessed from the header: spreadsheets in Brazil and Chile save with ";"."""
    try:
        return _csv_read(csv_text)
    except csv.Error:  # a value over the csv module's 128 KiB, a quote never closed…
        return [], [
            _(
                "The file could not be read: a value is far too long or a quote is never "
                "closed. Open it in a spreadsheet and save it as CSV again."
            )
        ]


def _csv_read(csv_text: str) -> tuple[list[_LearnerRow], list[str]]:
    text = csv_text.lstrip("\ufeff")
    lines = text.splitlines()
    if not lines or not lines[0].strip():
        return [], [_("The file is empty.")]
    delimiter = max((",", ";", "\t"), key=lines[0].count)
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    header = [_header_key(cell) for cell in next(reader)]
    known = (*IMPORT_REQUIRED_COLUMNS, *IMPORT_OPTIONAL_COLUMNS)
    missing = [c for c in IMPORT_REQUIRED_COLUMNS if c not in header]
    unknown = [c for c in header if c and c not in known]
    repeated = sorted({c for c in header if c and header.count(c) > 1})
    if missing or unknown or repeated:
        problems = [
            _(
                "The first row must name the columns: username, first_name, last_name and, "
                "if you have them, phone, email, password."
            )
        ]
        if missing:
            problems.append(_("Missing columns: %(columns)s.") % {"columns": ", ".join(missing)})
        if unknown:
            problems.append(
                _("Columns not recognised: %(columns)s.") % {"columns": ", ".join(unknown)}
            )
        if repeated:
            problems.append(
                _("Columns named twice: %(columns)s.") % {"columns": ", ".join(repeated)}
            )
        return [], problems
    rows: list[_LearnerRow] = []
    too_long: list[int] = []
    for number, cells in enumerate(reader, start=2):
        values = [cell.strip() for cell in cells]
        if not any(values):
            continue
        if any(values[len(header) :]):
            too_long.append(number)
        record = dict(zip(header, values, strict=False))
        rows.append(_LearnerRow(row=number, **{c: record.get(c, "") for c in known}))
    if not rows:
        return [], [_("The file has no learners in it, only the header.")]
    if len(rows) > MAX_IMPORT_ROWS:
        return [], [
            _("This file lists %(count)s learners; import at most %(max)s at a time.")
            % {"count": len(rows), "max": MAX_IMPORT_ROWS}
        ]
    if too_long:
        return [], [
            _("These rows have more values than there are columns: %(rows)s.")
            % {"rows": ", ".join(map(str, too_long))}
        ]
    return rows, []


def _created_record(*, group: LearnerGroup, users: list[User], by: User, how: str) -> None:
    for user in users:
        audit_record(
            kind=AuditKind.ACCOUNT_CREATED,
            actor=by,
            subject=user,
            detail={"how": how, "group": group.pk},
        )


def learners_import_csv(*, group: LearnerGroup, csv_text: str, created_by: User) -> ImportReport:
    """Create learner accounts from a CSV file and add them to ``group``: all or nothing.

    Columns: username, first_name, last_name, and optionally phone, email, password (a
    readable one is generated when empty). Every row is checked before anything is saved;
    the report lists each problem with its row number, and the passwords to hand out."""
    rows, file_errors = _csv_parse(csv_text)
    report = ImportReport(file_errors=file_errors)
    if file_errors:
        return report
    with transaction.atomic():
        locked = LearnerGroup.objects.select_for_update().get(pk=group.pk)
        members = Membership.objects.filter(group=locked).count()
        free = max(locked.capacity - members, 0)
        if len(rows) > free:
            report.file_errors.append(
                _(
                    "Too many learners for this group: the file lists %(rows)s, and "
                    "%(free)s of its %(capacity)s places are free."
                )
                % {"rows": len(rows), "free": free, "capacity": locked.capacity}
            )
        report.row_errors = _rows_check(rows)
        if not report.ok:
            return report
        try:
            with transaction.atomic():
                created = _learners_create(group=locked, rows=rows)
        except IntegrityError:  # someone signed up with one of these names meanwhile
            report.file_errors.append(
                _("One of these accounts was created meanwhile. Import the file again.")
            )
            return report
        _created_record(group=locked, users=[u for u, _i in created], by=created_by, how="import")
        audit_record(
            kind=AuditKind.ACCOUNTS_IMPORTED,
            actor=created_by,
            subject=None,
            detail={"group": locked.pk, "count": len(created)},
        )
    report.created = [imported for _user, imported in created]
    logger.info(
        "learners imported: group=%s count=%s by=%s",
        group.pk,
        len(report.created),
        getattr(created_by, "pk", None),
    )
    return report


def learner_account_create(
    *,
    group: LearnerGroup,
    username: str,
    first_name: str,
    last_name: str = "",
    created_by: User,
) -> tuple[User, str]:
    """An account for a learner with no email or phone, made by their facilitator; returns
    the account and its generated password to hand out."""
    row = _LearnerRow(
        row=1, username=username.strip(), first_name=first_name.strip(), last_name=last_name.strip()
    )
    with transaction.atomic():
        locked = LearnerGroup.objects.select_for_update().get(pk=group.pk)
        count = Membership.objects.filter(group=locked).count()
        if count >= locked.capacity:
            raise CohortError(_group_full(locked, count))
        errors = _rows_check([row])
        if errors:
            raise CohortError(" ".join(errors[0].reasons))
        try:
            with transaction.atomic():
                [(user, imported)] = _learners_create(group=locked, rows=[row])
        except IntegrityError as error:
            raise CohortError(_("A user with this username already exists.")) from error
        _created_record(group=locked, users=[user], by=created_by, how="facilitator")
    logger.info("learner account created: group=%s user=%s by=%s", group.pk, user.pk, created_by.pk)
    return user, imported.password


def account_is_learner_only(*, user: User) -> bool:
    """Whether ``user``'s only rights are a learner's: not staff or superuser, no role group
    but the learner's, no permission given directly, no group to facilitate. Only such
    accounts may be handled by a facilitator (password reset): anything more and a
    facilitator could take over a colleague's or an administrator's account."""
    return not (
        user.is_staff
        or user.is_superuser
        or user.groups.exclude(name=Role.LEARNER.value).exists()
        or user.user_permissions.exists()
        or user.facilitated_groups.exists()
    )


def learner_password_reset(*, group: LearnerGroup, learner: User, reset_by: User) -> str:
    """A new readable password for a member of ``group`` (who forgot theirs and has no email
    to reset it). Accounts with more than a learner's rights are refused
    (``account_is_learner_only``); nothing changes then."""
    if not Membership.objects.filter(group=group, learner=learner).exists():
        raise CohortError(_not_a_member())
    if not account_is_learner_only(user=learner):
        raise CohortError(
            _(
                "This account has more rights than a learner's (a role, a permission or "
                "administrator access), so only an administrator can reset its password. "
                "Nothing was changed."
            )
        )
    password = password_readable()
    learner.set_password(password)  # also signs the learner out everywhere
    learner.must_change_password = True  # the facilitator knows it: the learner replaces it
    with transaction.atomic():
        learner.save(update_fields=["password", "must_change_password"])
        audit_record(
            kind=AuditKind.PASSWORD_RESET,
            actor=reset_by,
            subject=learner,
            detail={"how": "facilitator", "group": group.pk},
        )
    logger.info("password reset: group=%s user=%s by=%s", group.pk, learner.pk, reset_by.pk)
    return password
