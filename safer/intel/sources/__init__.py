"""Data sources of the intelligence hub: small plug-in packages with one shape, and their registry.

A source knows one file format: the header it recognises, how DuckDB turns the raw text columns
into the store's columns with a rejection reason per row, and how to name every bad line in
plain Python (taken only for files that have bad rows). A source may also read its files with
pyarrow (`ArrowSource`, police.uk street files): good files then skip DuckDB's pass, which was
the slower one for them. Adding a source means copying `police_uk/` and adding it to SOURCES
below.

`mapped/` is the one source not found by header: it is built from a saved column mapping
(`mapped_source`) and chosen by the analyst, for CSVs whose columns only a person can name.
"""

from dataclasses import dataclass
from typing import Protocol


class Source(Protocol):
    name: str
    label: str
    columns: tuple[str, ...]
    dataset: str  # the store folder its rows go to: "crimes", "outcomes" or "incidents"

    def matches(self, header: list[str]) -> bool:
        """Whether a file with this header is in this source's format."""
        ...

    def reason_sql(self) -> str:
        """A DuckDB expression over the raw columns: NULL for a good row, else why it is bad."""
        ...

    def store_columns_sql(self) -> str:
        """DuckDB select list turning good raw rows into the store's columns (without the key)."""
        ...

    def id_sql(self) -> str:
        """DuckDB expression for the row's stable id (NULL where the source gives none)."""
        ...

    def month_sql(self) -> str:
        """DuckDB expression for the row's YYYY-MM month (the store's partition)."""
        ...

    def content_key_sql(self) -> str:
        """DuckDB expression digesting a row's content, its identity when it has no id."""
        ...

    def stored_ident_sql(self) -> str:
        """The same identity computed from the stored columns, to find rows already stored."""
        ...

    def sort_sql(self) -> str:
        """Stored columns to sort each month's file by (the first should be lsoa_code)."""
        ...

    def row_error(self, row: list[str]) -> str | None:
        """The same rules as reason_sql, for one row read by Python's csv module."""
        ...


class ArrowSource(Source, Protocol):
    """A source that can also read its files with pyarrow: the importer's fast path for files
    with no bad row (`safer/intel/arrow_import.py`). Its methods must agree exactly with
    reason_sql and store_columns_sql, as a file may take either path; content keys come from
    content_key_sql on both, and a row's identity is its crime_id, else its content key."""

    def arrow_read(self, path):
        """Every row of the file as a pyarrow table of text columns named like `columns`
        (empty fields null), or None if pyarrow cannot parse it or any row is bad."""
        ...

    def arrow_store_columns(self, raw) -> dict:
        """The store's columns, month included, from arrow_read's table."""
        ...


@dataclass(frozen=True)
class Detected:
    source: Source | None
    header: list[str]


def sources() -> list[Source]:
    """Every registered source, in the order they are tried."""
    from safer.intel.sources.police_uk import OUTCOMES, STREET

    return [STREET, OUTCOMES]


def source_for(header: list[str]) -> Source | None:
    """The source whose format has this header, if any."""
    for source in sources():
        if source.matches(header):
            return source
    return None


def mapped_source(mapping) -> Source:
    """The source that reads files through a saved ColumnMapping (`sources/mapped/`)."""
    from safer.intel.sources.mapped import MappedSource

    return MappedSource.of(mapping)
