"""Reading results files people export from spreadsheets: the encoding (UTF-8, with or
without a byte-order mark, or a Windows spreadsheet's cp1252), the delimiter (`,` or `;`)
and the values (numbers written with a comma or a point, yes/no in three languages, dates).

Every value is untrusted: each reader returns the value or raises ``CellError`` with a
translated message, and nothing here touches the database."""

from __future__ import annotations

import csv
import io
import re
from datetime import date, datetime
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext_lazy as _

from lms.core.inputs import EARLIEST_DATE, LATEST_DATE

MAX_BYTES = 5 * 1024 * 1024  # some 50,000 participants' rows; far more than a programme has
MAX_ROWS = 20_000
MAX_CELL = 200


class FileError(ValueError):
    """The file as a whole cannot be read (encoding, size, header)."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class CellError(ValueError):
    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def csv_decode(data: bytes) -> str:
    """The file's text: UTF-8 (a byte-order mark is dropped) or, failing that, cp1252, what
    Excel on Windows writes for "CSV"."""
    if len(data) > MAX_BYTES:
        raise FileError(
            _("The file is too large (%(size)s KB); the limit is %(max)s KB.")
            % {"size": len(data) // 1024, "max": MAX_BYTES // 1024}
        )
    if b"\x00" in data:
        raise FileError(_("This is not a CSV file. Save the sheet as CSV."))
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise FileError(_("The file's characters could not be read. Save it as UTF-8."))


def csv_rows(*, text: str, columns: tuple[str, ...]) -> list[tuple[int, dict[str, str]]]:
    """The data rows as (line number, {column: value}), after checking that the header names
    exactly ``columns`` (in any order). The delimiter is whichever of `,` and `;` the header
    uses: sniffing a whole file guesses wrong on rows full of decimal commas."""
    lines = text.splitlines()
    if not lines or not lines[0].strip():
        raise FileError(_("The file is empty."))
    first = lines[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    try:
        header = [name.strip().lower() for name in next(reader)]
    except csv.Error as error:
        raise FileError(_("The file could not be read as CSV.")) from error
    missing = [c for c in columns if c not in header]
    unknown = [c for c in header if c not in columns]
    if missing or unknown or len(header) != len(set(header)):
        raise FileError(
            _(
                "The columns must be exactly: %(columns)s. Missing: %(missing)s. "
                "Unknown: %(unknown)s."
            )
            % {
                "columns": ", ".join(columns),
                "missing": ", ".join(missing) or "-",
                "unknown": ", ".join(unknown) or "-",
            }
        )
    rows = []
    try:
        for values in reader:
            if not any(v.strip() for v in values):
                continue  # blank lines, as spreadsheets leave at the end
            if len(rows) >= MAX_ROWS:
                raise FileError(
                    _("The file has more than %(max)s rows; split it.") % {"max": MAX_ROWS}
                )
            line = reader.line_num
            if len(values) != len(header):
                rows.append((line, {"__width__": str(len(values))}))
                continue
            rows.append(
                (line, {name: value.strip() for name, value in zip(header, values, strict=True)})
            )
    except csv.Error as error:
        raise FileError(_("The file could not be read as CSV.")) from error
    return rows


def text_value(value: str, *, required: bool = True, max_length: int = MAX_CELL) -> str:
    if not value and required:
        raise CellError(_("This value is required."))
    if len(value) > max_length:
        raise CellError(_("At most %(max)s characters.") % {"max": max_length})
    return value


def choice_value(value: str, *, choices: tuple[str, ...] | list[str]) -> str:
    code = value.strip().lower()
    if code not in choices:
        raise CellError(_("Must be one of: %(choices)s.") % {"choices": ", ".join(choices)})
    return code


# One separator followed by exactly three digits ("1.234", "2,500") could be a thousands
# separator or a decimal mark depending on who wrote it: refused rather than guessed.
_AMBIGUOUS = re.compile(r"^-?\d{1,3}[.,]\d{3}$")
_NUMBER = re.compile(r"^-?\d{1,13}([.,]\d{1,2})?$")


def decimal_value(
    value: str, *, minimum: Decimal | None = Decimal(0), maximum: Decimal = Decimal(10**12)
) -> Decimal | None:
    """Empty → None; "1500", "1500,50", "1500.5", "-2,5" → Decimal. Thousands separators
    are refused (the decimal mark would be a guess)."""
    text = value.replace(" ", "")
    if not text:
        return None
    if _AMBIGUOUS.match(text):
        raise CellError(
            _("Write numbers without thousands separators (%(value)s is ambiguous).")
            % {"value": value[:20]}
        )
    if not _NUMBER.match(text):
        raise CellError(_("Not a number with at most two decimals."))
    try:
        number = Decimal(text.replace(",", "."))
    except InvalidOperation as error:  # pragma: no cover - the pattern already refused it
        raise CellError(_("Not a number with at most two decimals.")) from error
    if (minimum is not None and number < minimum) or number >= maximum:
        raise CellError(_("Out of range."))
    return number


YES = ("yes", "y", "true", "1", "sim", "s", "sí", "si")
NO = ("no", "n", "false", "0", "não", "nao")


def bool_value(value: str, *, required: bool = False) -> bool | None:
    text = value.strip().lower()
    if not text and not required:
        return None
    if text in YES:
        return True
    if text in NO:
        return False
    raise CellError(_("Write yes or no."))


def year_value(value: str, *, today: date) -> int | None:
    if not value:
        return None
    if not value.isascii() or not value.isdigit() or len(value) != 4:
        raise CellError(_("A year with four digits."))
    year = int(value)
    if year < EARLIEST_DATE.year or year > today.year:
        raise CellError(_("Out of range."))
    return year


def date_value(value: str) -> date | None:
    """Empty → None; 2026-12-31 or 31/12/2026 (how spreadsheets in Brazil, Chile and Peru
    write dates)."""
    if not value:
        return None
    for pattern in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            day = datetime.strptime(value, pattern).date()
        except ValueError:
            continue
        if not EARLIEST_DATE <= day <= LATEST_DATE:
            raise CellError(_("Out of range."))
        return day
    raise CellError(_("A date as 2026-12-31 or 31/12/2026."))
