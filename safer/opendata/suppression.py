"""Small-count suppression for figures from the case system (docs/opendata.md).

The rule, for one table (rows by columns, e.g. neighbourhoods by report type for a month):
- a count from 1 to `minimum - 1` is not shown: it reads "fewer than 5" (0 is shown: it
  tells nobody about anyone);
- a total (of a row, a column, or the whole table) over counts that include a hidden one is
  not shown exactly either: it is given as the range the shown figures already imply, from
  (shown sum + 1 for each hidden count) to (shown sum + (minimum - 1) for each hidden count).
  A total over counts that are all shown is exact.
So every published number is either a count of at least `minimum`, a zero, or something a
reader could work out from those alone: subtracting shown figures from a total can never give
a hidden count, because no total includes a hidden count exactly.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Figure:
    """One published number: exact (`value`), hidden (`hidden`), or a range (`low`..`high`)."""

    value: int | None = None
    low: int | None = None
    high: int | None = None
    hidden: bool = False

    @property
    def is_range(self) -> bool:
        return self.low is not None

    def as_json(self):
        """A number, {"fewer_than": m} or {"from": low, "to": high}, for JSON answers."""
        if self.hidden:
            return {"fewer_than": self.high}
        if self.is_range:
            return {"from": self.low, "to": self.high}
        return self.value


@dataclass(frozen=True)
class SuppressedTable:
    row_keys: list[str]
    column_keys: list[str]
    cells: list[list[Figure]]
    row_totals: list[Figure]
    column_totals: list[Figure]
    total: Figure
    minimum: int

    def row(self, key: str) -> list[Figure]:
        return self.cells[self.row_keys.index(key)]

    def row_total(self, key: str) -> Figure:
        return self.row_totals[self.row_keys.index(key)]


def _cell(count: int, minimum: int) -> Figure:
    if 0 < count < minimum:
        return Figure(hidden=True, high=minimum)
    return Figure(value=count)


def _total(figures: list[Figure], minimum: int) -> Figure:
    """The total of published cells: exact when none is hidden, else the implied range."""
    shown = sum(f.value for f in figures if not f.hidden)
    hidden = sum(1 for f in figures if f.hidden)
    if not hidden:
        return Figure(value=shown)
    return Figure(low=shown + hidden, high=shown + hidden * (minimum - 1))


def suppress(
    *, row_keys: list[str], column_keys: list[str], counts: list[list[int]], minimum: int
) -> SuppressedTable:
    """The table as it may be published (see the module docstring)."""
    minimum = max(int(minimum), 1)
    cells = [[_cell(count, minimum) for count in row] for row in counts]
    columns = [[row[j] for row in cells] for j in range(len(column_keys))]
    return SuppressedTable(
        row_keys=row_keys,
        column_keys=column_keys,
        cells=cells,
        row_totals=[_total(row, minimum) for row in cells],
        column_totals=[_total(column, minimum) for column in columns],
        total=_total([f for row in cells for f in row], minimum),
        minimum=minimum,
    )
