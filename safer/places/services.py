"""Loading the partnership's gazetteer: a CSV export of the council's LLPG or AddressBase.

Whole file or nothing: every row is checked before any is stored, and one bad row stores none,
each bad row named by its line. The file is read twice (checked, then stored) so that only the
UPRNs are held in memory, not the rows. Coordinates are computed here, from the British
National Grid easting and northing, so nobody types a latitude or a longitude.
"""

import csv
import math
import os
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.conf import settings
from django.core.cache import cache as django_cache
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from pyproj import Transformer

from safer import audit
from safer.places.models import GazetteerAddress
from safer.places.postcodes import postcode_normalised
from safer.places.selectors import CENTRE_CACHE_KEY

# Each column and the header spellings accepted for it, in order of preference: the first
# present is read. Case is ignored, and spaces or hyphens count as underscores.
COLUMNS = {
    "uprn": ("UPRN",),
    "address": ("ADDRESS", "SINGLE_LINE_ADDRESS"),
    # AddressBase Plus has both: POSTCODE_LOCATOR is filled for every address, POSTCODE only
    # for Royal Mail's postal ones.
    "postcode": ("POSTCODE_LOCATOR", "POSTCODE"),
    "easting": ("EASTING", "X_COORDINATE"),
    "northing": ("NORTHING", "Y_COORDINATE"),
}
# The British National Grid's extent (metres): Great Britain and its islands.
EASTING_RANGE = (0, 700_000)
NORTHING_RANGE = (0, 1_300_000)
ADDRESS_MAX = 300
# AddressBase Plus lines are under 2 KB: a longer one is not a gazetteer row.
MAX_LINE_BYTES = 16 * 1024
PROBLEMS_LISTED = 20
BATCH = 2000

FILE_MISSING = "There is no file at {path}"
FILE_TOO_LARGE = "The file is {mb} MB, more than the {limit} MB accepted (PLACES_IMPORT_MAX_MB)"
FILE_GREW = "The file grew past the {limit} MB accepted (PLACES_IMPORT_MAX_MB) while it was read"
LINE_TOO_LONG = "line {line}: the line is longer than {kb} KB, far longer than any address row"
NOT_UTF8 = "line {line}: the file must be UTF-8 text (save the export as CSV UTF-8)"
NO_HEADER = "The file is empty: it needs a header row naming its columns"
MISSING_COLUMNS = "The header has no {names} column: the columns needed are {needed}"
NO_ROWS = "The file has a header but no addresses"
MORE_PROBLEMS = "... and {count} more bad rows"
NOTHING_IMPORTED = "Nothing was imported: correct the rows named and import the whole file again"


@dataclass(frozen=True)
class GazetteerImport:
    rows: int
    created: int
    updated: int
    removed: int


class _Refused(Exception):
    """The file cannot be read as a gazetteer at all (size, encoding, line length)."""


@cache
def _to_wgs84() -> Transformer:
    return Transformer.from_crs("EPSG:27700", "EPSG:4326", always_xy=True)


def _header_key(name: str) -> str:
    return name.strip().lstrip("\ufeff").upper().replace(" ", "_").replace("-", "_")


def _column_positions(header: list[str]) -> dict[str, int]:
    """Where each column is; raises ValidationError naming those missing."""
    keys = [_header_key(name) for name in header]
    positions, missing = {}, []
    for column, spellings in COLUMNS.items():
        found = next((keys.index(s) for s in spellings if s in keys), None)
        if found is None:
            missing.append(" or ".join(spellings))
        else:
            positions[column] = found
    if missing:
        needed = ", ".join(" or ".join(s) for s in COLUMNS.values())
        raise ValidationError(MISSING_COLUMNS.format(names=", ".join(missing), needed=needed))
    return positions


def _lines(handle, *, limit_bytes: int) -> Iterator[str]:
    """The file's lines as text, refusing an over-long line or bytes that are not UTF-8, and
    never reading more than `limit_bytes` (the file may grow while it is read)."""
    read = 0
    number = 0
    while True:
        raw = handle.readline(MAX_LINE_BYTES + 2)
        if not raw:
            return
        number += 1
        read += len(raw)
        if read > limit_bytes:
            raise _Refused(FILE_GREW.format(limit=limit_bytes >> 20))
        if len(raw) > MAX_LINE_BYTES and not raw.endswith(b"\n"):
            raise _Refused(LINE_TOO_LONG.format(line=number, kb=MAX_LINE_BYTES // 1024))
        try:
            yield raw.decode("utf-8-sig" if number == 1 else "utf-8")
        except UnicodeDecodeError:
            raise _Refused(NOT_UTF8.format(line=number)) from None


def _number(text: str, label: str, bounds: tuple[int, int]) -> tuple[float | None, str | None]:
    try:
        value = float(text)
    except ValueError:
        return None, f"the {label} '{text[:20]}' is not a number" if text else f"no {label}"
    if not math.isfinite(value) or not bounds[0] <= value <= bounds[1]:
        return None, (
            f"the {label} {text[:20]} is outside Great Britain's National Grid "
            f"({bounds[0]:,} to {bounds[1]:,} metres)"
        )
    return value, None


def _row(fields: list[str], positions: dict[str, int]) -> tuple[dict, list[str]]:
    """One row's values, and what is wrong with it."""
    value = {c: (fields[i].strip() if i < len(fields) else "") for c, i in positions.items()}
    problems = []
    uprn = value["uprn"]
    if not (uprn.isascii() and uprn.isdigit() and 1 <= len(uprn) <= 12):
        problems.append(f"the UPRN '{uprn[:20]}' is not 1 to 12 digits" if uprn else "no UPRN")
    else:
        value["uprn"] = str(int(uprn))  # "000123" and "123" are one property
    if not value["address"]:
        problems.append("no address")
    elif len(value["address"]) > ADDRESS_MAX:
        problems.append(f"the address is longer than {ADDRESS_MAX} characters")
    postcode = postcode_normalised(value["postcode"])
    if postcode is None:
        problems.append(
            f"the postcode '{value['postcode'][:20]}' is not shaped like a postcode"
            if value["postcode"]
            else "no postcode"
        )
    value["postcode"] = postcode
    for column, bounds in (("easting", EASTING_RANGE), ("northing", NORTHING_RANGE)):
        value[column], problem = _number(value[column], column, bounds)
        if problem:
            problems.append(problem)
    return value, problems


def _rows(path: Path, limit_bytes: int) -> Iterator[tuple[int, dict, list[str]]]:
    """(line, values, problems) for every row after the header."""
    with path.open("rb") as handle:
        reader = csv.reader(_lines(handle, limit_bytes=limit_bytes))
        header = next(reader, None)
        if not header or not any(h.strip() for h in header):
            raise ValidationError(NO_HEADER)
        positions = _column_positions(header)
        line = reader.line_num + 1
        for fields in reader:
            if any(f.strip() for f in fields):  # blank lines are skipped
                yield line, *_row(fields, positions)
            line = reader.line_num + 1


def _checked(path: Path, limit_bytes: int) -> set[str]:
    """Every row checked; the UPRNs of a good file, or ValidationError listing bad rows."""
    uprns: dict[str, int] = {}
    listed, bad = [], 0
    for line, value, problems in _rows(path, limit_bytes):
        if not problems and value["uprn"] in uprns:
            problems = [f"the UPRN {value['uprn']} is also on line {uprns[value['uprn']]}"]
        if problems:
            bad += 1
            if len(listed) < PROBLEMS_LISTED:
                listed.append(f"line {line}: {'; '.join(problems)}")
        else:
            uprns[value["uprn"]] = line
    if bad:
        more = [MORE_PROBLEMS.format(count=bad - len(listed))] if bad > len(listed) else []
        raise ValidationError([*listed, *more, NOTHING_IMPORTED])
    if not uprns:
        raise ValidationError(NO_ROWS)
    return set(uprns)


def _stored(batch: list[dict]) -> int:
    """Create or update one batch by UPRN (each row's updated_at set now); how many are new."""
    lon, lat = _to_wgs84().transform([v["easting"] for v in batch], [v["northing"] for v in batch])
    uprns = [v["uprn"] for v in batch]
    existing = set(GazetteerAddress.objects.filter(uprn__in=uprns).values_list("uprn", flat=True))
    GazetteerAddress.objects.bulk_create(
        [
            GazetteerAddress(
                **{k: v[k] for k in ("uprn", "address", "postcode", "easting", "northing")},
                latitude=round(float(y), 6),
                longitude=round(float(x), 6),
            )
            for v, x, y in zip(batch, lon, lat, strict=True)
        ],
        update_conflicts=True,
        unique_fields=["uprn"],
        update_fields=[
            *("address", "postcode", "easting", "northing", "latitude", "longitude"),
            "updated_at",
        ],
    )
    return len(batch) - len(existing)


def gazetteer_import(*, path: Path, imported_by=None, replace: bool = False) -> GazetteerImport:
    """Load a gazetteer CSV, creating or updating addresses by UPRN (so a re-run changes
    nothing); with `replace`, addresses whose UPRN is not in the file are removed too.
    Raises ValidationError, storing nothing, if the file or any row is bad."""
    limit_bytes = settings.PLACES_IMPORT_MAX_MB << 20
    try:
        size = os.stat(path).st_size
    except FileNotFoundError:
        raise ValidationError(FILE_MISSING.format(path=path)) from None
    if size > limit_bytes:
        raise ValidationError(
            FILE_TOO_LARGE.format(mb=math.ceil(size / (1 << 20)), limit=limit_bytes >> 20)
        )
    try:
        uprns = _checked(path, limit_bytes)
        with transaction.atomic():
            started = timezone.now()
            created = 0
            batch: list[dict] = []
            for _, value, _ in _rows(path, limit_bytes):
                batch.append(value)
                if len(batch) == BATCH:
                    created, batch = created + _stored(batch), []
            if batch:
                created += _stored(batch)
            updated = len(uprns) - created
            removed = 0
            if replace:  # every address in the file was just saved: the others are not in it
                removed, _ = GazetteerAddress.objects.filter(updated_at__lt=started).delete()
            audit.record(
                actor=imported_by,
                action="places.gazetteer_imported",
                changes={
                    "file": Path(path).name,
                    "rows": len(uprns),
                    "created": created,
                    "updated": updated,
                    "removed": removed,
                    "replace": replace,
                },
            )
    except _Refused as refused:
        raise ValidationError([str(refused), NOTHING_IMPORTED]) from None
    django_cache.delete(CENTRE_CACHE_KEY)
    return GazetteerImport(rows=len(uprns), created=created, updated=updated, removed=removed)
