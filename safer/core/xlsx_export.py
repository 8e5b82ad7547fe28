"""The one XLSX writer of every download: every cell is text or a number, never a formula.

Cells pass through csv_export.cell, so text a spreadsheet would run as a formula gets the same
leading apostrophe as in a CSV download, and is stored as a text cell (openpyxl would otherwise
store text starting with = as a formula). A reader of a file written here takes the apostrophe
off with csv_export.unquoted.
"""

import io
from collections.abc import Iterable

from safer.core import csv_export

CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def workbook(sheets: Iterable[tuple[str, list[str], Iterable[Iterable]]]) -> bytes:
    """A workbook of (title, header, rows) sheets, header bold and frozen, written row by row
    (openpyxl's write-only mode keeps memory flat for long lists)."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    book = Workbook(write_only=True)
    for title, header, rows in sheets:
        sheet = book.create_sheet(title=title[:31])
        sheet.freeze_panes = "A2"
        sheet.append([_cell(sheet, name, Font(bold=True), WriteOnlyCell) for name in header])
        for row in rows:
            sheet.append([_cell(sheet, value, None, WriteOnlyCell) for value in row])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _cell(sheet, value, font, cell_class):
    written = csv_export.cell(value)
    cell = cell_class(sheet, value=written)
    if isinstance(written, str):
        cell.data_type = "s"  # text that starts with = stays text, never a formula
    if font is not None:
        cell.font = font
    return cell
