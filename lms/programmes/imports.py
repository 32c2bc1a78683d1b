"""Importing results tracked outside Rumo: targets, participants and institutions from CSV.

Every row is checked first; if any row is wrong nothing is written and the report names each
bad row, column and reason. Rows are keyed (a target on programme, pillar, country and
indicator; participants and institutions on programme and external id), so importing the same
file again changes nothing, and a corrected file updates only what changed."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import Any

from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lms.accounts.models import User

from .csv_reading import (
    CellError,
    bool_value,
    choice_value,
    csv_decode,
    csv_rows,
    date_value,
    decimal_value,
    text_value,
    year_value,
)
from .models import (
    ImportedParticipant,
    Indicator,
    Institution,
    ParticipantState,
    Pillar,
    Programme,
    Target,
)
from .selectors import programmes_managed_by

# The participants app's Gender values (that app sits above this one).
GENDERS = ("female", "male", "other", "undisclosed")
# The indicators a targets file may name (the list, and businesses graduated).
TARGET_INDICATORS = tuple(Indicator.values)


class ImportKind(StrEnum):
    TARGETS = "targets"
    PARTICIPANTS = "participants"
    INSTITUTIONS = "institutions"


COLUMNS: dict[ImportKind, tuple[str, ...]] = {
    ImportKind.TARGETS: ("programme", "pillar", "country", "indicator", "target", "due"),
    ImportKind.PARTICIPANTS: (
        "programme", "pillar", "country", "external_id", "gender", "birth_year", "status",
        "baseline_income", "followup_income", "baseline_sales", "followup_sales",
        "soft_skills_improved", "jobs_created", "jobs_supported",
    ),
    ImportKind.INSTITUTIONS: ("programme", "pillar", "country", "external_id", "name", "improved"),
}  # fmt: skip

KIND_LABELS = {
    ImportKind.TARGETS: _("Targets"),
    ImportKind.PARTICIPANTS: _("Participants"),
    ImportKind.INSTITUTIONS: _("Institutions"),
}


@dataclass(frozen=True)
class RowError:
    line: int
    column: str
    message: str


@dataclass
class ImportReport:
    kind: ImportKind
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)
    file_error: str = ""

    @property
    def ok(self) -> bool:
        return not self.errors and not self.file_error


@dataclass
class _Context:
    programmes: dict[str, Programme]
    today: date


def _programme(value: str, ctx: _Context) -> Programme:
    programme = ctx.programmes.get(value.strip().lower())
    if programme is None:
        raise CellError(_("No programme with this slug or name that you manage."))
    return programme


def _country(value: str) -> str:
    return choice_value(value, choices=[c.lower() for c in User.Country.values]).upper()


def _target_row(cells: dict[str, str], ctx: _Context) -> tuple[tuple, dict[str, Any]]:
    values = {
        "programme": lambda v: _programme(v, ctx),
        "pillar": lambda v: choice_value(v, choices=Pillar.values),
        "country": _country,
        "indicator": lambda v: choice_value(v, choices=TARGET_INDICATORS),
        "target": lambda v: decimal_value(v, maximum=Decimal(10**10)),
        "due": date_value,
    }
    fields = _cells(cells, values)
    number = fields["target"]
    if number is not None and number != number.quantize(Decimal("0.1")):
        raise _Cell("target", _("At most one decimal."))
    key = (fields["programme"].pk, fields["pillar"], fields["country"], fields["indicator"])
    return key, fields


def _participant_row(cells: dict[str, str], ctx: _Context) -> tuple[tuple, dict[str, Any]]:
    jobs = Decimal(10**6)
    values = {
        "programme": lambda v: _programme(v, ctx),
        "pillar": lambda v: choice_value(v, choices=Pillar.values),
        "country": _country,
        "external_id": lambda v: text_value(v, max_length=60),
        "gender": lambda v: choice_value(v or "undisclosed", choices=GENDERS),
        "birth_year": lambda v: year_value(v, today=ctx.today),
        "status": lambda v: choice_value(v, choices=ParticipantState.values),
        "baseline_income": decimal_value,
        "followup_income": decimal_value,
        "baseline_sales": decimal_value,
        "followup_sales": decimal_value,
        "soft_skills_improved": bool_value,
        "jobs_created": lambda v: decimal_value(v, minimum=-jobs, maximum=jobs),
        "jobs_supported": lambda v: decimal_value(v, maximum=jobs),
    }
    fields = _cells(cells, values)
    return (fields["programme"].pk, fields["external_id"]), fields


def _institution_row(cells: dict[str, str], ctx: _Context) -> tuple[tuple, dict[str, Any]]:
    values = {
        "programme": lambda v: _programme(v, ctx),
        "pillar": lambda v: choice_value(v, choices=Pillar.values),
        "country": _country,
        "external_id": lambda v: text_value(v, max_length=60),
        "name": lambda v: text_value(v, max_length=200),
        "improved": lambda v: bool_value(v, required=True),
    }
    fields = _cells(cells, values)
    return (fields["programme"].pk, fields["external_id"]), fields


class _Cell(Exception):
    def __init__(self, column: str, message: str):
        self.column, self.message = column, message


class _Cells(Exception):
    def __init__(self, errors: list[tuple[str, str]]):
        self.errors = errors


def _cells(cells: dict[str, str], readers: dict[str, Callable[[str], Any]]) -> dict[str, Any]:
    """Every column read; all of a row's errors at once, so one pass fixes the file."""
    fields, errors = {}, []
    for column, reader in readers.items():
        try:
            fields[column] = reader(cells[column])
        except CellError as error:
            errors.append((column, error.message))
    if errors:
        raise _Cells(errors)
    return fields


@dataclass(frozen=True)
class _Spec:
    model: type[models.Model]
    key_fields: tuple[str, ...]
    read: Callable[[dict[str, str], _Context], tuple[tuple, dict[str, Any]]]


_BY_ID = ("programme_id", "external_id")
SPECS = {
    ImportKind.TARGETS: _Spec(
        Target, ("programme_id", "pillar", "country", "indicator"), _target_row
    ),
    ImportKind.PARTICIPANTS: _Spec(ImportedParticipant, _BY_ID, _participant_row),
    ImportKind.INSTITUTIONS: _Spec(Institution, _BY_ID, _institution_row),
}


def results_import(*, kind: ImportKind, data: bytes, user: User | None) -> ImportReport:
    """Check every row of ``data`` and, if all are right, create or update them in one
    transaction. ``user`` None (the management command) may import into any programme; a
    person only into the programmes they manage."""
    report = ImportReport(kind=kind)
    try:
        rows = csv_rows(text=csv_decode(data), columns=COLUMNS[kind])
    except Exception as error:  # FileError
        if not hasattr(error, "message"):
            raise
        report.file_error = str(error.message)
        return report
    programmes = Programme.objects.all() if user is None else programmes_managed_by(user=user)
    index: dict[str, Programme] = {}
    for programme in programmes:
        index[programme.name.lower()] = programme
    for programme in programmes:
        index[programme.slug.lower()] = programme  # a slug wins over another's name
    ctx = _Context(programmes=index, today=timezone.localdate())
    spec = SPECS[kind]
    parsed: dict[tuple, dict[str, Any]] = {}
    for line, cells in rows:
        if "__width__" in cells:
            report.errors.append(
                RowError(
                    line, "", str(_("This row has a different number of columns than the header."))
                )
            )
            continue
        try:
            key, fields = spec.read(cells, ctx)
        except _Cells as error:
            report.errors += [RowError(line, c, str(m)) for c, m in error.errors]
            continue
        except _Cell as error:
            report.errors.append(RowError(line, error.column, str(error.message)))
            continue
        if key in parsed:
            report.errors.append(
                RowError(line, spec.key_fields[-1], str(_("Repeats an earlier row.")))
            )
            continue
        parsed[key] = fields
    report.rows = len(rows)
    if report.errors:
        return report
    _write(spec=spec, parsed=parsed, report=report)
    return report


@transaction.atomic
def _write(*, spec: _Spec, parsed: dict[tuple, dict[str, Any]], report: ImportReport) -> None:
    model = spec.model
    values_of = {
        key: {
            ("programme_id" if k == "programme" else k): (v.pk if k == "programme" else v)
            for k, v in fields.items()
        }
        for key, fields in parsed.items()
    }
    programme_ids = {key[0] for key in parsed}
    existing = {
        tuple(getattr(obj, f) for f in spec.key_fields): obj
        for obj in model.objects.select_for_update().filter(programme_id__in=programme_ids)
    }
    to_create, to_update = [], []
    columns: set[str] = set()
    for key, values in values_of.items():
        obj = existing.get(key)
        if obj is None:
            to_create.append(model(**values))
            continue
        changed = [k for k, v in values.items() if getattr(obj, k) != v]
        if changed:
            for k in changed:
                setattr(obj, k, values[k])
            columns.update(changed)
            to_update.append(obj)
        else:
            report.unchanged += 1
    model.objects.bulk_create(to_create, batch_size=1000)
    if to_update:
        model.objects.bulk_update(to_update, sorted(columns), batch_size=1000)
    report.created, report.updated = len(to_create), len(to_update)
