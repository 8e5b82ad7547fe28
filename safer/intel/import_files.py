"""Reading what an analyst gives the importer, before any row is stored: folders and ZIP
files unpacked (bounded: members, size, ratio), each file's header and longest line checked,
names shown without server paths."""

import csv
import hashlib
import io
import tempfile
import zipfile
import zlib
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

import numpy as np
from django.conf import settings
from django.core.exceptions import ValidationError

from safer.core import archives

EMPTY_FILE = "the file is empty"
NO_FILES_FOUND = "no .csv or .zip files found at {path}"
ZIP_REFUSED = "The ZIP file {name} cannot be imported: {problem}"
NOT_UTF8 = "the file is not UTF-8 text: save it as CSV UTF-8 and import it again"
CSV_UNREADABLE = "the line cannot be read as CSV ({error}): the file is refused"
FIELD_TOO_LONG = (
    "a field starting on this line is too long to read (more than 128 KB): the file is refused"
)


def _csv_problem(error: csv.Error) -> str:
    if "field larger than field limit" in str(error):
        return FIELD_TOO_LONG
    return CSV_UNREADABLE.format(error=error)


def _read_header(path: Path) -> tuple[list[str] | None, str | None]:
    """The first line as a header (its length already checked by _scanned), or the problem."""
    with path.open("rb") as handle:
        first = handle.readline(settings.INTEL_CSV_MAX_LINE_KB * 1024 + 2)
    if not first:
        return None, EMPTY_FILE
    try:
        text = first.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None, NOT_UTF8
    try:
        return next(csv.reader(io.StringIO(text)), []), None
    except csv.Error as error:
        return None, _csv_problem(error)


def _scanned(path: Path, max_line: int) -> tuple[str, int | None]:
    """The file's SHA-256, and the number of its first line longer than max_line bytes (None
    if there is none), in one read: numpy finds the line breaks of each block."""
    digest = hashlib.sha256()
    long_line = None
    lines, last_break, offset = 0, -1, 0  # breaks seen, the offset of the last one, bytes read
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
            if long_line is None:
                breaks = np.flatnonzero(np.frombuffer(chunk, np.uint8) == 10) + offset
                over = np.flatnonzero(np.diff(breaks, prepend=last_break) - 1 > max_line)
                if len(over):
                    long_line = lines + int(over[0]) + 1
                lines += len(breaks)
                last_break = int(breaks[-1]) if len(breaks) else last_break
                if long_line is None and offset + len(chunk) - last_break - 1 > max_line:
                    long_line = lines + 1  # the line still open at the end of the block
            offset += len(chunk)
    return digest.hexdigest(), long_line


@contextmanager
def _expanded(paths: Iterable[Path], *, label: str | None) -> Iterator[list[tuple[str, Path]]]:
    """(display name, CSV path) for every file under the paths; zip members are extracted."""
    with tempfile.TemporaryDirectory(prefix="intel-import-") as scratch:
        found: list[tuple[str, Path]] = []
        for path in paths:
            path = Path(path)
            candidates = sorted(path.rglob("*")) if path.is_dir() else [path]
            matched = [p for p in candidates if p.suffix.lower() in (".csv", ".zip")]
            if not matched:
                raise ValidationError(NO_FILES_FOUND.format(path=path))
            for candidate in matched:
                if candidate.suffix.lower() == ".zip":
                    found.extend(_zip_members(candidate, Path(scratch), label=label))
                else:
                    found.append((label or _shown_name(candidate, path), candidate))
        yield found


def _shown_name(candidate: Path, given: Path) -> str:
    """A file's name as records and pages show it: relative to the folder given, never a path
    of the server (the import list is shown to every analyst)."""
    if given.is_dir():
        return candidate.relative_to(given).as_posix()
    return candidate.name


def zip_refusal(handle, *, name: str) -> str | None:
    """Why a crime ZIP must not be unpacked, from its central directory (the INTEL_ZIP_*
    limits), as the message the upload page and the command show; None if it may be."""
    problem = archives.zip_problem(
        handle,
        max_members=settings.INTEL_ZIP_MAX_MEMBERS,
        max_mb=settings.INTEL_ZIP_MAX_UNCOMPRESSED_MB,
        max_ratio=settings.INTEL_ZIP_MAX_RATIO,
    )
    return ZIP_REFUSED.format(name=name, problem=problem) if problem else None


def _zip_members(archive: Path, scratch: Path, *, label: str | None) -> list[tuple[str, Path]]:
    """Extract the CSV members of an archive whose central directory passes the limits (member
    count, size unpacked, ratio to its own size); the bytes written are counted too, and the
    extraction stops past the size limit (the scratch folder is then removed)."""
    name = label or archive.name
    with archive.open("rb") as handle:
        if refusal := zip_refusal(handle, name=name):
            raise ValidationError(refusal)
    max_mb = settings.INTEL_ZIP_MAX_UNCOMPRESSED_MB
    budget = max_mb * archives.MB
    members = []
    try:
        with zipfile.ZipFile(archive) as bundle:
            for index, info in enumerate(sorted(bundle.infolist(), key=lambda i: i.filename)):
                if info.is_dir() or not info.filename.lower().endswith(".csv"):
                    continue
                # Extract under a generated name: member paths are never trusted as file paths.
                target = scratch / f"{archive.stem}-{index}.csv"
                with bundle.open(info) as source, target.open("wb") as sink:
                    while chunk := source.read(1 << 20):
                        budget -= len(chunk)
                        if budget < 0:
                            too_large = archives.TOO_LARGE.format(limit=max_mb)
                            raise ValidationError(ZIP_REFUSED.format(name=name, problem=too_large))
                        sink.write(chunk)
                members.append((f"{name}:{info.filename}", target))
    except (zipfile.BadZipFile, NotImplementedError, RuntimeError, EOFError, zlib.error) as error:
        # A damaged member (a CRC that does not match, as when a member states too small a
        # size), an unknown compression method or a password.
        problem = archives.UNREADABLE
        raise ValidationError(ZIP_REFUSED.format(name=name, problem=problem)) from error
    return members
