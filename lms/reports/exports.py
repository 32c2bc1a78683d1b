"""The report as files: CSV (every table one after the other, each under its title) and XLSX
(one sheet per table), cell for cell what the screen shows (``tables.report_tables``)."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

from django.utils import formats

from .formatting import cell_text
from .tables import Table

# A text cell starting with one of these is run as a formula by spreadsheets.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _text(value) -> str:
    text = cell_text(value)
    if isinstance(value, str) and text.startswith(FORMULA_START):
        return f"'{text}"
    return text


def tables_csv(tables: list[Table], *, bom: bool = True) -> str:
    """UTF-8 text (with a byte-order mark for spreadsheets), ";" between columns where the
    decimal mark is a comma."""
    delimiter = ";" if formats.get_format("DECIMAL_SEPARATOR") == "," else ","
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\n")
    for n, table in enumerate(tables):
        if n:
            writer.writerow([])
        writer.writerow([table.title])
        writer.writerow(table.header)
        for row in table.rows:
            writer.writerow([_text(v) for v in row.cells])
    return ("\ufeff" if bom else "") + buffer.getvalue()


def tables_xlsx(tables: list[Table]) -> bytes:
    """One sheet per table; numbers stay numbers, text stays text."""
    from openpyxl import Workbook  # only the downloads need it
    from openpyxl.cell import WriteOnlyCell

    book = Workbook(write_only=True)
    for table in tables:
        sheet = book.create_sheet(title=table.title[:31])

        def cell(value, sheet=sheet):
            if isinstance(value, Decimal):
                return float(value)
            if isinstance(value, str):
                text = WriteOnlyCell(sheet, value=value)
                text.data_type = "s"  # "=…" stays text
                return text
            return value

        sheet.append([cell(v) for v in table.header])
        for row in table.rows:
            sheet.append([cell(v) for v in row.cells])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
