from __future__ import annotations

import csv
import io
import logging
import re
import secrets
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, time, timedelta
from uuid import UUID

from django.conf import settings
from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef
from django.db.models.functions import Lower
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from lms.accounts.forms import normalise_phone
from lms.accounts.models import User, phone_validator
from lms.accounts.validators import username_normalise, validate_username_script
from lms.audit.models import AuditKind
from lms.audit.services import audit_record
from lms.core.roles import Role

from .models import (
    MAX_CAPACITY,
    AttendanceChange,
    AttendanceRecord,
    AttendanceStatus,
    Enrolment,
    LearnerGroup,
    Membership,
    ScheduledSession,
)

logger = logging.getLogger(__name__)


class CohortError(Exception):
    """A request a person made that cannot be done; ``message`` is translated and can be shown
    as it is. Nothing was saved."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def _not_a_member() -> str:
    return _("This learner is not a member of this group.")


# --- Enrolments ----------------------------------------------------------------------------


def enrolment_create(*, learner: User, curriculum_key: UUID, level: int | None = None) -> Enrolment:
    """Enrol ``learner`` (once) in a curriculum; a given level replaces the previous one."""
    try:
        with transaction.atomic():
            enrolment, created = Enrolment.objects.get_or_create(
                learner=learner, curriculum_key=curriculum_key, defaults={"level": level}
            )
    except IntegrityError:  # a concurrent request enrolled first
        enrolment, created = (
            Enrolment.objects.get(learner=learner, curriculum_key=curriculum_key),
            False,
        )
    if not created and level is not None and enrolment.level != level:
        enrolment.level = level
        enrolment.save(update_fields=["level", "updated_at"])
    return enrolment


# --- Groups and schedules ------------------------------------------------------------------


def group_create(
    *,
    name: str,
    curriculum_key: UUID,
    facilitators: Iterable[User],
    created_by: User | None,
    country: str = "",
    municipality: str = "",
    start_date: date,
    capacity: int = 25,
) -> LearnerGroup:
    """A new group with its join code. Facilitators are assigned, not given the facilitator
    role: granting roles stays an administrator's decision."""
    name = name.strip()
    if not name:
        raise CohortError(_("Give the group a name."))
    if not 1 <= capacity <= MAX_CAPACITY:
        raise CohortError(_("A group has room for 1 to %(max)s learners.") % {"max": MAX_CAPACITY})
    if country and country not in User.Country.values:
        raise ValueError(f"unknown country {country!r}")
    with transaction.atomic():
        group = LearnerGroup.objects.create(
            name=name,
            curriculum_key=curriculum_key,
            country=country,
            municipality=municipality.strip(),
            start_date=start_date,
            capacity=capacity,
            created_by=created_by,
        )
        group.facilitators.set(list(facilitators))
    return group


def _on_or_after(day: date, weekdays: set[int]) -> date:
    while day.weekday() not in weekdays:
        day += timedelta(days=1)
    return day


def schedule_generate(
    *,
    group: LearnerGroup,
    session_keys: list[tuple[UUID, int]],
    first_date: date,
    weekdays: list[int],
    starts_at: time | None = None,
) -> list[ScheduledSession]:
    """Give each session (``(translation_key, number)``, in teaching order) a date on the
    weekly pattern ``weekdays`` (Python's: Monday is 0), from ``first_date`` on.

    Safe to run again, e.g. to re-plan after a holiday: sessions that already have attendance
    were held and keep their date; the others take the pattern's dates after the last held
    one. Sessions no longer listed are removed unless they were held. ``starts_at`` None keeps
    the start times already set. Returns the group's whole schedule, in order."""
    days = set(weekdays)
    if not days:
        raise CohortError(_("Choose at least one weekday."))
    if not days <= set(range(7)):
        raise ValueError(f"weekdays must be 0 (Monday) to 6 (Sunday), not {sorted(days)}")
    keys = [key for key, _number in session_keys]
    if len(set(keys)) != len(keys):
        raise ValueError("a session is listed twice")
    with transaction.atomic():
        existing = {
            s.session_key: s
            for s in ScheduledSession.objects.select_for_update()
            .filter(group=group)
            .annotate(held=Exists(AttendanceRecord.objects.filter(scheduled=OuterRef("pk"))))
        }
        held_dates = [s.date for s in existing.values() if s.held]
        day = max(first_date, max(held_dates) + timedelta(days=1)) if held_dates else first_date
        to_create: list[ScheduledSession] = []
        to_update: list[ScheduledSession] = []
        for key, number in session_keys:
            current = existing.get(key)
            if current is not None and current.held:
                if current.number != number:
                    current.number = number
                    to_update.append(current)
                continue
            day = _on_or_after(day, days)
            if current is None:
                to_create.append(
                    ScheduledSession(
                        group=group, session_key=key, number=number, date=day, starts_at=starts_at
                    )
                )
            else:
                current.number, current.date = number, day
                if starts_at is not None:
                    current.starts_at = starts_at
                to_update.append(current)
            day += timedelta(days=1)
        listed = set(keys)
        stale = [s.pk for key, s in existing.items() if key not in listed and not s.held]
        if stale:
            ScheduledSession.objects.filter(pk__in=stale).delete()
        ScheduledSession.objects.bulk_create(to_create)
        if to_update:
            ScheduledSession.objects.bulk_update(to_update, ["number", "date", "starts_at"])
    return list(ScheduledSession.objects.filter(group=group))


def scheduled_session_reschedule(
    *, scheduled: ScheduledSession, date: date, starts_at: time | None = None
) -> ScheduledSession:
    """Move one session to another day; ``starts_at`` None keeps its start time."""
    scheduled.date = date
    if starts_at is not None:
        scheduled.starts_at = starts_at
    scheduled.save(update_fields=["date", "starts_at"])
    return scheduled


# --- Members ---------------------------------------------------------------------------------


def _group_full(group: LearnerGroup, count: int) -> str:
    return _("This group is full (%(count)s of %(capacity)s places).") % {
        "count": count,
        "capacity": group.capacity,
    }


def membership_join(*, group: LearnerGroup, learner: User) -> Membership:
    """Add ``learner`` to ``group`` (joining twice is harmless) and enrol them in its
    curriculum. The group row is locked so that two last-place joins cannot both succeed."""
    with transaction.atomic():
        locked = LearnerGroup.objects.select_for_update().get(pk=group.pk)
        membership = Membership.objects.filter(group=locked, learner=learner).first()
        if membership is None:
            count = Membership.objects.filter(group=locked).count()
            if count >= locked.capacity:
                raise CohortError(_group_full(locked, count))
            membership = Membership.objects.create(group=locked, learner=learner)
        enrolment_create(learner=learner, curriculum_key=locked.curriculum_key)
    return membership


def join_code_normalise(code: str) -> str:
    """``" abc-234 "`` → ``"ABC234"``: people type codes with spaces, dashes, lower case."""
    return re.sub(r"[^0-9A-Za-z]", "", code).upper()


def membership_join_by_code(*, code: str, learner: User) -> Membership:
    group = LearnerGroup.objects.filter(join_code=join_code_normalise(code)).first()
    if group is None:
        raise CohortError(_("No group has this code. Check it with your facilitator."))
    return membership_join(group=group, learner=learner)


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


def learner_password_reset(*, group: LearnerGroup, learner: User, reset_by: User) -> str:
    """A new readable password for a member of ``group`` (who forgot theirs and has no email
    to reset it). Accounts with more than a learner's rights are refused: a facilitator must
    not be able to take over a colleague's or an administrator's account."""
    if not Membership.objects.filter(group=group, learner=learner).exists():
        raise CohortError(_not_a_member())
    if (
        learner.is_staff
        or learner.is_superuser
        or learner.groups.exclude(name=Role.LEARNER.value).exists()
        or learner.facilitated_groups.exists()
    ):
        raise CohortError(
            _("Only an administrator can reset the password of an account with more rights.")
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


# --- Attendance ------------------------------------------------------------------------------


def attendance_record(
    *, scheduled: ScheduledSession, learner: User, status: str, recorded_by: User | None
) -> AttendanceRecord:
    """Record or correct a member's attendance; each real change is logged (tapping the same
    status twice logs nothing)."""
    if status not in AttendanceStatus.values:
        raise ValueError(f"unknown attendance status {status!r}")
    if not Membership.objects.filter(group_id=scheduled.group_id, learner=learner).exists():
        raise CohortError(_not_a_member())
    for attempt in range(2):
        try:
            with transaction.atomic():
                record = (
                    AttendanceRecord.objects.select_for_update()
                    .filter(scheduled=scheduled, learner=learner)
                    .first()
                )
                old = record.status if record else ""
                if record is None:
                    record = AttendanceRecord.objects.create(
                        scheduled=scheduled, learner=learner, status=status, recorded_by=recorded_by
                    )
                elif old == status:
                    return record
                else:
                    record.status, record.recorded_by = status, recorded_by
                    record.save(update_fields=["status", "recorded_by", "updated_at"])
                AttendanceChange.objects.create(
                    record=record,
                    scheduled=scheduled,
                    learner=learner,
                    changed_by=recorded_by,
                    old_status=old,
                    new_status=status,
                )
                return record
        except IntegrityError:  # a second phone recorded the same learner at the same moment
            if attempt:
                raise
    raise AssertionError("unreachable")


def attendance_undo(*, record: AttendanceRecord, undone_by: User | None) -> AttendanceRecord | None:
    """Take back the latest change not yet taken back: the status before it returns, or the
    record goes when it had none (returns None then). Undoing again goes further back. The
    undo is logged like any change."""
    with transaction.atomic():
        current = AttendanceRecord.objects.select_for_update().filter(pk=record.pk).first()
        last = None
        if current is not None:
            last = (
                AttendanceChange.objects.filter(
                    record=current, undoes__isnull=True, undone_by__isnull=True
                )
                .order_by("-changed_at", "-pk")
                .first()
            )
        if current is None or last is None:
            raise CohortError(_("There is nothing to undo."))
        AttendanceChange.objects.create(
            record=current,
            scheduled_id=current.scheduled_id,
            learner_id=current.learner_id,
            changed_by=undone_by,
            old_status=current.status,
            new_status=last.old_status,
            undoes=last,
        )
        if not last.old_status:
            current.delete()  # the log keeps the session and learner
            return None
        current.status, current.recorded_by = last.old_status, undone_by
        current.save(update_fields=["status", "recorded_by", "updated_at"])
        return current


def attendance_undo_latest(
    *, scheduled: ScheduledSession, undone_by: User | None
) -> AttendanceRecord | None:
    """Take back the latest change of this session's register not yet taken back, whoever
    made it: the register's "undo" button. Returns the record as it is now (None when the
    undo removed it)."""
    last = (
        AttendanceChange.objects.filter(
            scheduled=scheduled,
            record__isnull=False,
            undoes__isnull=True,
            undone_by__isnull=True,
        )
        .select_related("record")
        .order_by("-changed_at", "-pk")
        .first()
    )
    if last is None:
        raise CohortError(_("There is nothing to undo."))
    return attendance_undo(record=last.record, undone_by=undone_by)


def group_update(
    *,
    group: LearnerGroup,
    name: str,
    municipality: str,
    capacity: int,
    facilitators: Iterable[User],
    risk_missed_sessions: int,
    risk_missed_window: int,
    risk_inactive_days: int,
    risk_failed_attempts: int,
) -> LearnerGroup:
    """Change a group's details, facilitators (co-facilitators join or leave here) and at-risk
    thresholds. The capacity cannot drop below the learners already in the group."""
    name = name.strip()
    if not name:
        raise CohortError(_("Give the group a name."))
    if not 1 <= capacity <= MAX_CAPACITY:
        raise CohortError(_("A group has room for 1 to %(max)s learners.") % {"max": MAX_CAPACITY})
    facilitators = list(facilitators)
    if not facilitators:
        raise CohortError(_("A group needs at least one facilitator."))
    with transaction.atomic():
        locked = LearnerGroup.objects.select_for_update().get(pk=group.pk)
        members = Membership.objects.filter(group=locked).count()
        if capacity < members:
            raise CohortError(
                _("The group already has %(count)s learners: the capacity cannot be lower.")
                % {"count": members}
            )
        locked.name, locked.municipality, locked.capacity = name, municipality.strip(), capacity
        locked.risk_missed_sessions = risk_missed_sessions
        locked.risk_missed_window = risk_missed_window
        locked.risk_inactive_days = risk_inactive_days
        locked.risk_failed_attempts = risk_failed_attempts
        locked.full_clean(exclude=["join_code", "curriculum_key", "start_date", "country"])
        locked.save()
        locked.facilitators.set(facilitators)
    return locked
