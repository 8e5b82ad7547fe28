"""police.uk street-level crime files (`YYYY-MM-<force>-street.csv`) and outcomes files.

Crime types are stored as police.uk's slugs (`violent-crime`, `anti-social-behaviour`, ...).
Crimes are keyed by Crime ID; rows without one (anti-social behaviour) by a digest of their
content. police.uk repeats a few Crime IDs within one file (273 rows in the City of London series,
at different street points), so the key also carries the row's rank among the file's rows with the
same id or content: every row is kept, and re-importing the file yields the same keys.
"""

import re
from dataclasses import dataclass

STREET_COLUMNS = (
    "Crime ID",
    "Month",
    "Reported by",
    "Falls within",
    "Longitude",
    "Latitude",
    "Location",
    "LSOA code",
    "LSOA name",
    "Crime type",
    "Last outcome category",
    "Context",
)
OUTCOMES_COLUMNS = (
    "Crime ID",
    "Month",
    "Reported by",
    "Falls within",
    "Longitude",
    "Latitude",
    "Location",
    "LSOA code",
    "LSOA name",
    "Outcome type",
)

# police.uk's category names and the slugs its API uses for them.
CRIME_TYPES: dict[str, str] = {
    "Anti-social behaviour": "anti-social-behaviour",
    "Bicycle theft": "bicycle-theft",
    "Burglary": "burglary",
    "Criminal damage and arson": "criminal-damage-arson",
    "Drugs": "drugs",
    "Other crime": "other-crime",
    "Other theft": "other-theft",
    "Possession of weapons": "possession-of-weapons",
    "Public order": "public-order",
    "Robbery": "robbery",
    "Shoplifting": "shoplifting",
    "Theft from the person": "theft-from-the-person",
    "Vehicle crime": "vehicle-crime",
    "Violence and sexual offences": "violent-crime",
}
CRIME_TYPE_LABELS: dict[str, str] = {slug: name for name, slug in CRIME_TYPES.items()}

WRONG_COLUMN_COUNT = "expected 12 columns, found {found}"
BAD_CRIME_ID = "Crime ID must be letters and digits only"
BAD_MONTH = "Month must be YYYY-MM"
BAD_COORDINATES = (
    "Longitude and Latitude must both be decimal degrees within Great Britain, or both empty"
)
BAD_LSOA_CODE = "LSOA code must be like E01028479, or empty"
UNKNOWN_CRIME_TYPE = "unknown Crime type"

# [0-9], not \d: Python's \d also matches other scripts' digits (which float() accepts), DuckDB's
# and pyarrow's do not; the three rule sets must agree or a bad line would go unnamed.
MONTH_PATTERN = r"[0-9]{4}-(0[1-9]|1[0-2])"
NUMBER_PATTERN = r"-?[0-9]{1,3}(\.[0-9]+)?"
LSOA_PATTERN = r"[EW]0[0-9]{7}"
CRIME_ID_PATTERN = r"[0-9A-Za-z]{1,128}"
LONGITUDE_RANGE = (-10.0, 3.0)
LATITUDE_RANGE = (49.0, 61.5)


def _sql_in(values) -> str:
    return ", ".join("'" + v.replace("'", "''") + "'" for v in values)


@dataclass(frozen=True)
class StreetSource:
    name: str = "police_uk.street"
    label: str = "police.uk street-level crime"
    columns: tuple[str, ...] = STREET_COLUMNS
    dataset: str = "crimes"

    def matches(self, header: list[str]) -> bool:
        return tuple(h.strip() for h in header) == STREET_COLUMNS

    def reason_sql(self) -> str:
        lon_lo, lon_hi = LONGITUDE_RANGE
        lat_lo, lat_hi = LATITUDE_RANGE
        return f"""CASE
          WHEN "Crime ID" IS NOT NULL AND NOT regexp_full_match("Crime ID", '{CRIME_ID_PATTERN}')
            THEN '{BAD_CRIME_ID}'
          WHEN "Month" IS NULL OR NOT regexp_full_match("Month", '{MONTH_PATTERN}')
            THEN '{BAD_MONTH}'
          WHEN NOT (("Longitude" IS NULL AND "Latitude" IS NULL) OR (
                regexp_full_match("Longitude", '{NUMBER_PATTERN}')
                AND regexp_full_match("Latitude", '{NUMBER_PATTERN}')
                AND TRY_CAST("Longitude" AS DOUBLE) BETWEEN {lon_lo} AND {lon_hi}
                AND TRY_CAST("Latitude" AS DOUBLE) BETWEEN {lat_lo} AND {lat_hi}))
            THEN '{BAD_COORDINATES}'
          WHEN "LSOA code" IS NOT NULL AND NOT regexp_full_match("LSOA code", '{LSOA_PATTERN}')
            THEN '{BAD_LSOA_CODE}'
          WHEN "Crime type" IS NULL OR "Crime type" NOT IN ({_sql_in(CRIME_TYPES)})
            THEN '{UNKNOWN_CRIME_TYPE}'
        END"""

    def store_columns_sql(self) -> str:
        cases = " ".join(
            f"WHEN '{name.replace(chr(39), chr(39) * 2)}' THEN '{slug}'"
            for name, slug in CRIME_TYPES.items()
        )
        return f""""Crime ID" AS crime_id, "Month" AS month, "Reported by" AS reported_by,
          "Falls within" AS falls_within,
          TRY_CAST("Longitude" AS DOUBLE) AS longitude, TRY_CAST("Latitude" AS DOUBLE) AS latitude,
          "Location" AS location, "LSOA code" AS lsoa_code, "LSOA name" AS lsoa_name,
          CASE "Crime type" {cases} END AS crime_type,
          "Last outcome category" AS outcome"""

    def id_sql(self) -> str:
        return '"Crime ID"'

    def month_sql(self) -> str:
        return '"Month"'

    def content_key_sql(self) -> str:
        return """md5(concat_ws('|', "Month", "Reported by", "Falls within", "Longitude",
          "Latitude", "Location", "LSOA code", "LSOA name", "Crime type",
          "Last outcome category", "Context"))"""

    def stored_ident_sql(self) -> str:
        return "coalesce(crime_id, content_key)"

    def sort_sql(self) -> str:
        # LSOA alone: readers skip row groups by LSOA; a second key only made the sort dearer.
        return "lsoa_code"

    def arrow_read(self, path):
        """The file's rows as a pyarrow table if it parses and every row is good, else None."""
        from safer.intel.sources.police_uk.arrow import street_read

        return street_read(path)

    def arrow_store_columns(self, raw) -> dict:
        from safer.intel.sources.police_uk.arrow import street_store_columns

        return street_store_columns(raw)

    def row_error(self, row: list[str]) -> str | None:
        if len(row) != len(STREET_COLUMNS):
            return WRONG_COLUMN_COUNT.format(found=len(row))
        crime_id, month, _, _, lon, lat, _, lsoa, _, crime_type, _, _ = row
        if crime_id and not re.fullmatch(CRIME_ID_PATTERN, crime_id):
            return BAD_CRIME_ID
        if not re.fullmatch(MONTH_PATTERN, month):
            return BAD_MONTH
        if lon or lat:
            ok = re.fullmatch(NUMBER_PATTERN, lon) and re.fullmatch(NUMBER_PATTERN, lat)
            if not ok or not (
                LONGITUDE_RANGE[0] <= float(lon) <= LONGITUDE_RANGE[1]
                and LATITUDE_RANGE[0] <= float(lat) <= LATITUDE_RANGE[1]
            ):
                return BAD_COORDINATES
        if lsoa and not re.fullmatch(LSOA_PATTERN, lsoa):
            return BAD_LSOA_CODE
        if crime_type not in CRIME_TYPES:
            return UNKNOWN_CRIME_TYPE
        return None


STREET = StreetSource()

WRONG_OUTCOME_COLUMN_COUNT = "expected 10 columns, found {found}"
MISSING_CRIME_ID = "Crime ID is missing"
MISSING_OUTCOME = "Outcome type is missing"


def _located_sql() -> str:
    lon_lo, lon_hi = LONGITUDE_RANGE
    lat_lo, lat_hi = LATITUDE_RANGE
    return f"""(("Longitude" IS NULL AND "Latitude" IS NULL) OR (
        regexp_full_match("Longitude", '{NUMBER_PATTERN}')
        AND regexp_full_match("Latitude", '{NUMBER_PATTERN}')
        AND TRY_CAST("Longitude" AS DOUBLE) BETWEEN {lon_lo} AND {lon_hi}
        AND TRY_CAST("Latitude" AS DOUBLE) BETWEEN {lat_lo} AND {lat_hi}))"""


@dataclass(frozen=True)
class OutcomesSource:
    """police.uk outcomes files (`YYYY-MM-<force>-outcomes.csv`): each outcome given to a crime
    in that month. Keyed by Crime ID and outcome type (a crime can reach several outcomes)."""

    name: str = "police_uk.outcomes"
    label: str = "police.uk outcomes"
    columns: tuple[str, ...] = OUTCOMES_COLUMNS
    dataset: str = "outcomes"

    def matches(self, header: list[str]) -> bool:
        return tuple(h.strip() for h in header) == OUTCOMES_COLUMNS

    def reason_sql(self) -> str:
        return f"""CASE
          WHEN "Crime ID" IS NULL THEN '{MISSING_CRIME_ID}'
          WHEN NOT regexp_full_match("Crime ID", '{CRIME_ID_PATTERN}') THEN '{BAD_CRIME_ID}'
          WHEN "Month" IS NULL OR NOT regexp_full_match("Month", '{MONTH_PATTERN}')
            THEN '{BAD_MONTH}'
          WHEN NOT {_located_sql()} THEN '{BAD_COORDINATES}'
          WHEN "LSOA code" IS NOT NULL AND NOT regexp_full_match("LSOA code", '{LSOA_PATTERN}')
            THEN '{BAD_LSOA_CODE}'
          WHEN "Outcome type" IS NULL THEN '{MISSING_OUTCOME}'
        END"""

    def store_columns_sql(self) -> str:
        return """"Crime ID" AS crime_id, "Month" AS month, "Reported by" AS reported_by,
          "Falls within" AS falls_within,
          TRY_CAST("Longitude" AS DOUBLE) AS longitude, TRY_CAST("Latitude" AS DOUBLE) AS latitude,
          "Location" AS location, "LSOA code" AS lsoa_code, "LSOA name" AS lsoa_name,
          "Outcome type" AS outcome_type"""

    def id_sql(self) -> str:
        return """("Crime ID" || '|' || "Outcome type")"""

    def month_sql(self) -> str:
        return '"Month"'

    def content_key_sql(self) -> str:
        return """md5(concat_ws('|', "Crime ID", "Month", "Outcome type"))"""

    def stored_ident_sql(self) -> str:
        return "crime_id || '|' || outcome_type"

    def sort_sql(self) -> str:
        return "lsoa_code"

    def row_error(self, row: list[str]) -> str | None:
        if len(row) != len(OUTCOMES_COLUMNS):
            return WRONG_OUTCOME_COLUMN_COUNT.format(found=len(row))
        crime_id, month, _, _, lon, lat, _, lsoa, _, outcome = row
        if not crime_id:
            return MISSING_CRIME_ID
        if not re.fullmatch(CRIME_ID_PATTERN, crime_id):
            return BAD_CRIME_ID
        if not re.fullmatch(MONTH_PATTERN, month):
            return BAD_MONTH
        if lon or lat:
            ok = re.fullmatch(NUMBER_PATTERN, lon) and re.fullmatch(NUMBER_PATTERN, lat)
            if not ok or not (
                LONGITUDE_RANGE[0] <= float(lon) <= LONGITUDE_RANGE[1]
                and LATITUDE_RANGE[0] <= float(lat) <= LATITUDE_RANGE[1]
            ):
                return BAD_COORDINATES
        if lsoa and not re.fullmatch(LSOA_PATTERN, lsoa):
            return BAD_LSOA_CODE
        if not outcome:
            return MISSING_OUTCOME
        return None


OUTCOMES = OutcomesSource()
