"""Learner accounts from a CSV file: reading the file, and the all-or-nothing import."""

from __future__ import annotations

import csv
import io
import logging
import re
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from lms.accounts.models import User
from lms.audit.models import AuditKind
from lms.audit.services import audit_record

from .learner_creation import (
    ImportedLearner,
    ImportRowError,
    _created_record,
    _LearnerRow,
    _learners_create,
    _rows_check,
)
from .models import LearnerGroup, Membership

logger = logging.getLogger(__name__)

IMPORT_REQUIRED_COLUMNS = ("username", "first_name", "last_name")
IMPORT_OPTIONAL_COLUMNS = ("phone", "email", "password")
MAX_IMPORT_ROWS = 500


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
