"""Reading a caseload file: a folder or ZIP of CSV files, or an XLSX workbook, bounded before
anything in it is read or unpacked. Parsing here writes nothing."""

import csv
import io
import zipfile
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

from safer.cases.transfer.layout import CSV_NAMES, SHEETS
from safer.core import archives, csv_export

TOO_LARGE = "{name} is larger than the {limit} MB accepted (CASELOAD_IMPORT_MAX_MB)"
REFUSED = "{name} cannot be imported: {problem}"
BAD_FORMAT = "{name} is not a folder, a .zip of CSV files or an .xlsx workbook"
NOT_UTF8 = "{sheet}: the CSV file must be saved as UTF-8"
UNREADABLE = "{name} could not be read as an XLSX workbook"
MISSING_COLUMNS = "{sheet}: no column called {columns}"
NOTHING = "{name} holds none of the sheets {sheets}"
# A caseload workbook or ZIP: members and unpacked size checked before anything is unpacked.
MAX_MEMBERS = 1000
MAX_RATIO = 100


@dataclass
class Row:
    sheet: str
    number: int  # as a spreadsheet numbers it: the header is row 1
    values: dict[str, str]

    def where(self, column: str | None = None) -> str:
        place = f"{self.sheet}, row {self.number}"
        return f"{place}, column '{column}'" if column else place


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return csv_export.unquoted(str(value).strip())


def _rows(sheet: str, table: list[list], problems: list[str]) -> list[Row]:
    if not table:
        return []
    header = [_text(c) for c in table[0]]
    missing = [c for c in SHEETS[sheet] if c not in header]
    if missing:
        problems.append(MISSING_COLUMNS.format(sheet=sheet, columns=", ".join(missing)))
        return []
    at = {name: header.index(name) for name in SHEETS[sheet]}
    rows = []
    for number, cells in enumerate(table[1:], start=2):
        cells = [_text(c) for c in cells]
        if not any(cells):
            continue
        values = {name: cells[i] if i < len(cells) else "" for name, i in at.items()}
        rows.append(Row(sheet=sheet, number=number, values=values))
    return rows


def _csv(sheet: str, content: bytes, problems: list[str]) -> list[list]:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        problems.append(NOT_UTF8.format(sheet=sheet))
        return []
    return list(csv.reader(io.StringIO(text)))


def read_caseload(path: Path) -> tuple[dict[str, list[Row]], list[str]]:
    """Every sheet's rows, or the reasons the file cannot be read (then no rows)."""
    limit = settings.CASELOAD_IMPORT_MAX_MB
    name = path.name
    problems: list[str] = []
    tables: dict[str, list[list]] = {}
    if path.is_dir():
        files = [path / CSV_NAMES[sheet] for sheet in SHEETS if (path / CSV_NAMES[sheet]).exists()]
        if sum(f.stat().st_size for f in files) > limit * archives.MB:
            return {}, [TOO_LARGE.format(name=name, limit=limit)]
        for sheet, csv_name in CSV_NAMES.items():
            if (path / csv_name).exists():
                tables[sheet] = _csv(sheet, (path / csv_name).read_bytes(), problems)
    elif path.suffix.lower() in (".zip", ".xlsx"):
        if path.stat().st_size > limit * archives.MB:
            return {}, [TOO_LARGE.format(name=name, limit=limit)]
        with path.open("rb") as handle:
            problem = archives.zip_problem(
                handle, max_members=MAX_MEMBERS, max_mb=limit * 10, max_ratio=MAX_RATIO
            )
        if problem:
            return {}, [REFUSED.format(name=name, problem=problem)]
        if path.suffix.lower() == ".zip":
            with zipfile.ZipFile(path) as bundle:
                members = {Path(n).name.lower(): n for n in bundle.namelist()}
                for sheet, csv_name in CSV_NAMES.items():
                    if csv_name in members:
                        tables[sheet] = _csv(sheet, bundle.read(members[csv_name]), problems)
        else:
            tables = _xlsx(path, problems)
    else:
        return {}, [BAD_FORMAT.format(name=name)]
    if not tables and not problems:
        problems.append(NOTHING.format(name=name, sheets=", ".join(SHEETS)))
    sheets = {sheet: _rows(sheet, table, problems) for sheet, table in tables.items()}
    return ({} if problems else sheets), problems


def _xlsx(path: Path, problems: list[str]) -> dict[str, list[list]]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds for a damaged file
        problems.append(UNREADABLE.format(name=path.name))
        return {}
    tables = {
        sheet: [list(r) for r in book[sheet].iter_rows(values_only=True)]
        for sheet in SHEETS
        if sheet in book.sheetnames
    }
    book.close()
    return tables
