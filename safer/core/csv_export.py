"""The one CSV writer of every download: text a spreadsheet would run as a formula is defused.

A cell starting with =, +, -, @, a tab or a carriage return is a formula to Excel and
LibreOffice (`=HYPERLINK("http://evil.example/", "Click")` in a crime outcome, a plan task or a
user agent). Such text gets a leading apostrophe, as OWASP advises ("CSV injection"); the
spreadsheet shows the text and runs nothing. Numbers are left alone, and so is text that is
just a number ("-12.5"): a spreadsheet reads it as that number. `unquoted` takes the apostrophe
off again where an import reads back a file written here.
"""

import csv
import numbers
import re
from collections.abc import Iterable, Iterator

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?")


def cell(value):
    """A value as it is written: None as empty, numbers as they are, text defused."""
    if value is None:
        return ""
    if isinstance(value, numbers.Number):
        return value
    text = str(value)
    if text.startswith(FORMULA_STARTS) and not _NUMBER.fullmatch(text):
        return "'" + text
    return text


def unquoted(text: str) -> str:
    """Text read back from a file written here, without the apostrophe `cell` added."""
    if text.startswith("'") and text[1:].startswith(FORMULA_STARTS):
        return text[1:]
    return text


class _SafeWriter:
    """csv.writer's writerow and writerows, every cell passed through `cell`."""

    def __init__(self, out, **options):
        self._writer = csv.writer(out, **options)

    def writerow(self, row: Iterable):
        return self._writer.writerow([cell(value) for value in row])

    def writerows(self, rows: Iterable[Iterable]) -> None:
        for row in rows:
            self.writerow(row)


def writer(out, **options) -> _SafeWriter:
    """A csv.writer (same options) that defuses formula-like text: for files and responses."""
    return _SafeWriter(out, **options)


class _Echo:
    """A file-like object whose write() returns the line, so the writer can feed a stream."""

    def write(self, value: str) -> str:
        return value


def lines(rows: Iterable[Iterable], **options) -> Iterator[str]:
    """Each row as one CSV line, for a streaming response."""
    out = writer(_Echo(), **options)
    for row in rows:
        yield out.writerow(row)


def text(rows: Iterable[Iterable], **options) -> str:
    """All the rows as CSV text."""
    return "".join(lines(rows, **options))
