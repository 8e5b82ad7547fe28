"""Reading and writing action plans as spreadsheets with seed 003's columns.

One row per task; a row with only an indicator (and its target) belongs to the task above it; a
row with only a heading is a heading with no tasks yet. Blank Plan, hierarchy or Heading cells
repeat the row above, as in a spreadsheet with merged cells. Parsing here writes nothing: the
service in plans.services applies a parsed file, all or nothing.
"""

import csv
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

from safer.core import archives, csv_export
from safer.partners.models import Organisation

COLUMNS = [
    "Plan",
    "Theme",
    "Corporate priority",
    "Key priority",
    "Heading",
    "Task",
    "Timescale",
    "Partners",
    "Indicator",
    "Target",
    "Target timescale",
]
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# An XLSX file is a ZIP: checked before openpyxl unpacks it (a 5 MB upload could unpack to
# gigabytes). A workbook of plans unpacks to about eight times its size.
XLSX_MAX_MEMBERS = 1000
XLSX_MAX_MB = 100
XLSX_MAX_RATIO = 100
XLSX_REFUSED = "The XLSX file cannot be imported: {problem}"

BAD_FORMAT = "Upload a CSV or XLSX file"
NOT_UTF8 = "The CSV file must be saved as UTF-8"
UNREADABLE_XLSX = "The XLSX file could not be read"
MISSING_COLUMNS = "The file has no column called {columns}"
NO_ROWS = "The file has no rows to import"
NO_PLAN = "Row {row}: no plan named on this row or above it"
NO_KEY_PRIORITY = "Row {row}: plan '{plan}' has no key priority"
HIERARCHY_CONFLICT = "Row {row}: plan '{plan}' has a different theme or corporate priority above"
ORPHAN_INDICATOR = "Row {row}: an indicator with no task above it in the same plan"
ORPHAN_DETAILS = "Row {row}: a timescale or partners with no task"
UNKNOWN_PARTNER = "Row {row}: partner '{name}' is not an organisation of the partnership"
TOO_LONG = "Row {row}: {column} is longer than {limit} characters"

# Words in a partners cell that stand for kinds of organisation rather than one of them.
KIND_ALIASES = {
    "rsl": Organisation.Kind.SOCIAL_LANDLORD,
    "rsls": Organisation.Kind.SOCIAL_LANDLORD,
    "registered social landlords": Organisation.Kind.SOCIAL_LANDLORD,
    "youth service": Organisation.Kind.YOUTH_SERVICE,
    "fire & rescue service": Organisation.Kind.FIRE_RESCUE,
    "fire and rescue service": Organisation.Kind.FIRE_RESCUE,
    "tv probation": Organisation.Kind.PROBATION,
    "thames valley probation": Organisation.Kind.PROBATION,
    "probation": Organisation.Kind.PROBATION,
}
ALL_PARTNERS = {"all partners"}
PARTNER_SPLIT = re.compile(r"\s*,\s*|\s+and\s+|\s*;\s*")
LIMITS = {"Plan": 300, "Theme": 300, "Corporate priority": 300, "Key priority": 300}
LIMITS |= {"Heading": 300, "Timescale": 300, "Partners": 500, "Target timescale": 300}


@dataclass
class IndicatorSpec:
    name: str
    target: str
    target_timescale: str
    row: int


@dataclass
class TaskSpec:
    text: str
    timescale: str
    partners_text: str
    row: int
    indicators: list[IndicatorSpec] = field(default_factory=list)
    organisations: list[Organisation] = field(default_factory=list)


@dataclass
class HeadingSpec:
    title: str
    tasks: list[TaskSpec] = field(default_factory=list)


@dataclass
class PlanSpec:
    title: str
    theme: str
    corporate_priority: str
    key_priority: str
    row: int
    headings: list[HeadingSpec] = field(default_factory=list)

    @property
    def key(self) -> tuple[str, str]:
        return (self.title, self.key_priority)

    def heading(self, title: str) -> HeadingSpec:
        for heading in self.headings:
            if heading.title == title:
                return heading
        heading = HeadingSpec(title)
        self.headings.append(heading)
        return heading

    @property
    def tasks(self) -> list[TaskSpec]:
        return [t for h in self.headings for t in h.tasks]


@dataclass
class ParsedFile:
    plans: list[PlanSpec] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    unknown_partners: list[str] = field(default_factory=list)


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def rows_read(*, content: bytes, filename: str) -> tuple[list[list[str]], list[str]]:
    """A file's rows (header first) as stripped strings, or the reasons it cannot be read."""
    suffix = Path(filename).suffix.lower()
    if suffix == ".csv":
        try:
            text = content.decode("utf-8-sig")
        except UnicodeDecodeError:
            return [], [NOT_UTF8]
        rows = csv.reader(io.StringIO(text))
        return [[_cell(csv_export.unquoted(c)) for c in row] for row in rows], []
    if suffix == ".xlsx":
        from openpyxl import load_workbook

        problem = archives.zip_problem(
            io.BytesIO(content),
            max_members=XLSX_MAX_MEMBERS,
            max_mb=XLSX_MAX_MB,
            max_ratio=XLSX_MAX_RATIO,
        )
        if problem == archives.UNREADABLE:
            return [], [UNREADABLE_XLSX]
        if problem:
            return [], [XLSX_REFUSED.format(problem=problem)]
        try:
            workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        except Exception:  # openpyxl raises many kinds for a damaged file
            return [], [UNREADABLE_XLSX]
        sheet = workbook.worksheets[0]
        rows = [[_cell(c) for c in row] for row in sheet.iter_rows(values_only=True)]
        workbook.close()
        return rows, []
    return [], [BAD_FORMAT]


def partners_resolve(text: str) -> tuple[list[Organisation], list[str]]:
    """Organisations named in a partners cell (abbreviations or names), and the unknown names."""
    names = [n.strip(" .") for n in PARTNER_SPLIT.split(text or "") if n.strip(" .")]
    if not names:
        return [], []
    organisations = list(Organisation.objects.filter(is_active=True))
    by_name = {o.name.lower(): o for o in organisations}
    by_short = {o.short_name.lower(): o for o in organisations if o.short_name}
    found: dict[int, Organisation] = {}
    unknown = []
    for name in names:
        lower = name.lower()
        if lower in ALL_PARTNERS:
            found.update((o.pk, o) for o in organisations)
            continue
        match = by_short.get(lower) or by_name.get(lower)
        if match is None:
            # "OCC Community Safety & CYP&F", "OCC: ESW service", "Oxfordshire PCT": a team or
            # a longer name of a known partner.
            words = [w for w in re.split(r"[\s:]+", lower) if w]
            match = by_short.get(words[0]) or by_short.get(words[-1])
        if match is None and lower in KIND_ALIASES:
            kind = KIND_ALIASES[lower]
            matches = [o for o in organisations if o.kind == kind]
            if matches:
                found.update((o.pk, o) for o in matches)
                continue
        if match is None:
            unknown.append(name)
            continue
        found[match.pk] = match
    return list(found.values()), unknown


def rows_parse(rows: list[list[str]]) -> ParsedFile:
    """Place every row of a file into plans, headings, tasks and indicators, or say why not."""
    parsed = ParsedFile()
    if not rows:
        parsed.errors.append(NO_ROWS)
        return parsed
    header = [h.strip().lower() for h in rows[0]]
    missing = [c for c in COLUMNS if c.lower() not in header]
    if missing:
        parsed.errors.append(MISSING_COLUMNS.format(columns=", ".join(f"'{c}'" for c in missing)))
        return parsed
    index = {c: header.index(c.lower()) for c in COLUMNS}
    plans: dict[tuple[str, str], PlanSpec] = {}
    previous = dict.fromkeys(COLUMNS[:5], "")
    last_task: TaskSpec | None = None
    last_plan: PlanSpec | None = None
    data_rows = 0
    for number, raw in enumerate(rows[1:], start=2):
        row = {c: (raw[i] if i < len(raw) else "") for c, i in index.items()}
        if not any(row.values()):
            continue
        data_rows += 1
        for column, limit in LIMITS.items():
            if len(row[column]) > limit:
                parsed.errors.append(TOO_LONG.format(row=number, column=column, limit=limit))
        new_plan = bool(row["Plan"])
        for column in COLUMNS[:4]:
            if not row[column] and not new_plan:
                row[column] = previous[column]
        if not row["Plan"]:
            parsed.errors.append(NO_PLAN.format(row=number))
            continue
        if not row["Key priority"]:
            parsed.errors.append(NO_KEY_PRIORITY.format(row=number, plan=row["Plan"]))
            continue
        key = (row["Plan"], row["Key priority"])
        plan = plans.get(key)
        if plan is None:
            plan = PlanSpec(
                row["Plan"], row["Theme"], row["Corporate priority"], row["Key priority"], number
            )
            plans[key] = plan
            parsed.plans.append(plan)
        elif (plan.theme, plan.corporate_priority) != (row["Theme"], row["Corporate priority"]):
            parsed.errors.append(HIERARCHY_CONFLICT.format(row=number, plan=plan.title))
        if plan is not last_plan:
            last_task = None
            if not row["Heading"] and previous["Plan"] != row["Plan"]:
                previous["Heading"] = ""
        heading_title = row["Heading"] or (previous["Heading"] if plan is last_plan else "")
        heading = plan.heading(heading_title)
        if last_task is not None and last_task not in heading.tasks:
            last_task = None
        has_indicator = any(row[c] for c in ("Indicator", "Target", "Target timescale"))
        if row["Task"]:
            organisations, unknown = partners_resolve(row["Partners"])
            parsed.unknown_partners.extend(
                UNKNOWN_PARTNER.format(row=number, name=name) for name in unknown
            )
            last_task = TaskSpec(
                row["Task"], row["Timescale"], row["Partners"], number, organisations=organisations
            )
            heading.tasks.append(last_task)
            if has_indicator:
                last_task.indicators.append(
                    IndicatorSpec(row["Indicator"], row["Target"], row["Target timescale"], number)
                )
        elif row["Timescale"] or row["Partners"]:
            parsed.errors.append(ORPHAN_DETAILS.format(row=number))
        elif has_indicator:
            if last_task is None:
                parsed.errors.append(ORPHAN_INDICATOR.format(row=number))
            else:
                last_task.indicators.append(
                    IndicatorSpec(row["Indicator"], row["Target"], row["Target timescale"], number)
                )
        previous = {c: row[c] for c in COLUMNS[:4]} | {"Heading": heading_title}
        last_plan = plan
    if not data_rows:
        parsed.errors.append(NO_ROWS)
    return parsed


def plan_rows(plans) -> list[list[str]]:
    """The rows of plans in the import format: one per task, extra indicators on rows below."""
    rows = []
    for plan in plans:
        key = plan.key_priority
        corporate = key.parent
        theme = corporate.parent if corporate else None
        context = [
            plan.title,
            theme.title if theme else "",
            corporate.title if corporate else "",
            key.title,
        ]
        for heading in plan.headings.all():
            tasks = list(heading.tasks.all())
            if not tasks:
                rows.append([*context, heading.title, "", "", "", "", "", ""])
            for task in tasks:
                indicators = list(task.indicators.all()) or [None]
                for position, indicator in enumerate(indicators):
                    first = position == 0
                    rows.append(
                        [
                            *context,
                            heading.title,
                            task.text if first else "",
                            task.timescale if first else "",
                            task.partners_text if first else "",
                            indicator.name if indicator else "",
                            indicator.target_text if indicator else "",
                            indicator.target_timescale if indicator else "",
                        ]
                    )
    return rows


def csv_write(rows: list[list[str]]) -> str:
    """Rows as CSV text with the header row, as the import reads it; a cell a spreadsheet
    would run as a formula gets a leading apostrophe, which the import takes off again."""
    return csv_export.text([COLUMNS, *rows], lineterminator="\n")


def xlsx_write(rows: list[list[str]]) -> bytes:
    """Rows as an XLSX workbook with the header row, as the import reads it."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Action plans"
    sheet.append(COLUMNS)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append(row)
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            if cell.data_type == "f":
                cell.data_type = "s"  # text that starts with = stays text, never a formula
    widths = (30, 30, 25, 35, 30, 60, 25, 30, 40, 30, 20)
    for column, width in zip("ABCDEFGHIJK", widths, strict=True):
        sheet.column_dimensions[column].width = width
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = "A2"
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
