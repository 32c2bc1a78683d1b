"""The group dashboard's table as files: CSV and Excel (XLSX) with exactly the rows, order and
numbers of the screen (``GroupMatrix.table()`` is their one source; README, Decisions:
"Exports are the screen's table")."""

from __future__ import annotations

import csv
import io
from decimal import Decimal
from typing import Any

from django.utils import formats
from django.utils.translation import gettext as _

from .formatting import number_text
from .matrix import GroupMatrix

# A text cell starting with one of these is run as a formula by spreadsheets: names are
# typed by learners, so they are untrusted (OWASP "CSV injection").
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _localised(value: Any) -> str:
    """A cell as the dashboard prints it; text that a spreadsheet would run as a formula is
    quoted with a leading apostrophe."""
    if isinstance(value, int | Decimal) or value is None:
        return number_text(value)
    text = str(value)
    return f"'{text}" if text.startswith(FORMULA_START) else text


def matrix_csv(matrix: GroupMatrix) -> str:
    """The table as CSV text with a byte-order mark (spreadsheets then read UTF-8), numbers
    written the way the screen shows them, separated by ";" where the decimal mark is a
    comma (what spreadsheets in those locales expect)."""
    header, rows = matrix.table()
    delimiter = ";" if formats.get_format("DECIMAL_SEPARATOR") == "," else ","
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter)
    writer.writerow(header)
    for row in rows:
        writer.writerow([_localised(value) for value in row])
    return "\ufeff" + buffer.getvalue()


def matrix_xlsx(matrix: GroupMatrix) -> bytes:
    """The table as an XLSX workbook: numbers stay numbers, text stays text."""
    from openpyxl import Workbook  # only the exports need it
    from openpyxl.cell import WriteOnlyCell

    header, rows = matrix.table()
    book = Workbook(write_only=True)
    sheet = book.create_sheet(title=_("Group")[:31])

    def cell(value):
        if isinstance(value, Decimal):
            return float(value)
        if isinstance(value, str):
            # Text stays text: openpyxl would store "=…" as a formula.
            text = WriteOnlyCell(sheet, value=value)
            text.data_type = "s"
            return text
        return value

    sheet.append([cell(v) for v in header])
    for row in rows:
        sheet.append([cell(v) for v in row])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
