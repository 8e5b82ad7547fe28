"""Other CSVs through a saved column mapping: the mapping's rules, the import (whole file or
nothing, idempotent, counts reconciled with the raw file), the commands and the pages."""

import csv
import io
import json
from datetime import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from pyproj import Transformer

from safer.audit.models import AuditEvent
from safer.intel import selectors, storage
from safer.intel.mappings import (
    DEMO_LOG,
    DEMO_MAPPING,
    column_mapping_create,
    column_mapping_update,
    seed_incident_log,
)
from safer.intel.models import ColumnMapping, CrimeImport
from safer.intel.services import crime_paths_import
from safer.intel.sources import mapped
from safer.intel.sources.mapped import MappedSource
from safer.partners.roles import Role
from safer.partners.tests.factories import member

pytestmark = pytest.mark.django_db

HEADER = ["Ref", "Date", "Time", "Type", "Where", "Lon", "Lat"]


def log_fields(**changes) -> dict:
    """A small lon/lat incident log mapping; changes override fields."""
    return {
        "name": "Test log",
        "reported_by": "Test District Council",
        "header": HEADER,
        "id_column": "Ref",
        "date_column": "Date",
        "date_formats": ["%d/%m/%Y", "%Y-%m-%d %H:%M"],
        "time_column": "Time",
        "time_formats": ["%H:%M"],
        "type_column": "Type",
        "type_map": {"Youth ASB": "anti-social-behaviour"},
        "coordinates": "lonlat",
        "x_column": "Lon",
        "y_column": "Lat",
        "location_column": "Where",
    } | changes


def write_log(path, rows, header=HEADER):
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")
    return path


def stored_incidents() -> list[tuple]:
    glob = storage.dataset_dir(storage.INCIDENTS) / "month=*" / "*.parquet"
    if not storage.stored_months(storage.INCIDENTS):
        return []
    connection = storage.connect()
    try:
        return connection.execute(
            f"""SELECT incident_id, occurred_at, time_known, crime_type, category, longitude,
                   latitude, location, lsoa_code, outcome, reported_by, mapping_id, month
            FROM read_parquet('{glob}', hive_partitioning=true) ORDER BY occurred_at"""
        ).fetchall()
    finally:
        connection.close()


@pytest.fixture
def log_mapping(intel_store, db):
    return column_mapping_create(created_by=None, **log_fields())


@pytest.fixture
def analyst(council):
    return member(Role.ANALYST, council)


# The mapping's rules


def test_a_valid_mapping_is_saved_and_audited(analyst):
    mapping = column_mapping_create(created_by=analyst, **log_fields())
    assert mapping.created_by == analyst
    event = AuditEvent.objects.get(action="intel.column_mapping_created")
    assert (event.actor, event.target_id) == (analyst, str(mapping.pk))


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"date_column": "When"}, "date_column", "Date column 'When' is not a column"),
        ({"date_column": ""}, "date_column", mapped.CHOOSE_DATE),
        ({"type_column": ""}, "type_column", mapped.CHOOSE_TYPE),
        ({"x_column": ""}, "x_column", "Choose the longitude column"),
        ({"coordinates": "none"}, "coordinates", mapped.NO_COORDINATES_EXPECTED),
        ({"date_formats": []}, "date_formats", mapped.ENTER_DATE_FORMAT),
        ({"date_formats": ["%d/%q/%Y"]}, "date_formats", "'%d/%q/%Y' is not a date format"),
        ({"date_formats": ["%m/%Y"]}, "date_formats", "must have a day, a month and a year"),
        ({"time_formats": []}, "time_formats", mapped.ENTER_TIME_FORMAT),
        ({"time_formats": ["%H"]}, "time_formats", "must have an hour and minutes"),
        ({"type_map": {"Noise": "noise"}}, "type_map", "must map to a police.uk crime type"),
        ({"type_map": {}, "reject_unmapped_types": True}, "reject_unmapped_types", "Map at least"),
        ({"header": ["Ref", "Ref"]}, "header", "'Ref' is repeated"),
        ({"header": ['Say "hi"']}, "header", "must not be empty, start or end with a space"),
        ({"header": [" Ref"]}, "header", "must not be empty, start or end with a space"),
        ({"time_column": "Date"}, "time_column", mapped.SAME_COLUMN),
        ({"reported_by": ""}, "reported_by", "This field cannot be blank"),
    ],
)
def test_mapping_validation_names_the_field(changes, field, message):
    with pytest.raises(ValidationError) as caught:
        column_mapping_create(created_by=None, **log_fields(**changes))
    assert message in " ".join(caught.value.message_dict[field])
    assert not ColumnMapping.objects.exists()


def test_unknown_keys_are_refused():
    with pytest.raises(ValidationError, match="Unknown keys in the mapping: colour"):
        column_mapping_create(created_by=None, **log_fields(colour="blue"))


def test_update_is_audited_and_identity_is_fixed_once_imported(log_mapping, tmp_path):
    column_mapping_update(mapping=log_mapping, changed_by=None, reported_by="TDC")
    event = AuditEvent.objects.get(action="intel.column_mapping_changed")
    assert event.changes == {"reported_by": ["Test District Council", "TDC"]}
    path = write_log(tmp_path / "a.csv", [["R1", "05/03/2024", "", "Graffiti", "", "", ""]])
    crime_paths_import(paths=[path], mapping=log_mapping)
    with pytest.raises(ValidationError, match="has imports"):
        column_mapping_update(mapping=log_mapping, changed_by=None, id_column="")
    column_mapping_update(mapping=log_mapping, changed_by=None, description="still allowed")


# Importing the committed sample


def raw_sample() -> list[dict[str, str]]:
    """The committed fictional log read with Python's csv module alone."""
    with DEMO_LOG.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_the_sample_imports_every_row_and_reimport_adds_nothing(intel_store):
    raw = raw_sample()
    first = seed_incident_log().files[0]
    assert first.status == CrimeImport.Status.STORED
    assert first.rows_read == first.rows_stored == len(raw) == 40
    assert first.rows_duplicated == first.rows_rejected == 0
    assert first.source == f"mapping:{first.mapping_id}"
    months = sorted({f"{r['Date reported'][6:]}-{r['Date reported'][3:5]}" for r in raw})
    assert first.months == months == storage.stored_months(storage.INCIDENTS)
    before = sorted(p.name for p in storage.dataset_dir(storage.INCIDENTS).rglob("*.parquet"))

    second = seed_incident_log().files[0]
    assert (second.rows_read, second.rows_stored, second.rows_duplicated) == (40, 0, 40)
    assert ColumnMapping.objects.count() == 1
    after = sorted(p.name for p in storage.dataset_dir(storage.INCIDENTS).rglob("*.parquet"))
    assert after == before

    stored = stored_incidents()
    assert len(stored) == 40
    # Counts by file label reconcile with the raw file, and mapped labels got their slugs.
    by_category = {}
    for row in stored:
        by_category[row[4]] = by_category.get(row[4], 0) + 1
    raw_by_type = {}
    for r in raw:
        raw_by_type[r["Incident type"]] = raw_by_type.get(r["Incident type"], 0) + 1
    assert by_category == raw_by_type
    mapping = json.loads(DEMO_MAPPING.read_text())["type_map"]
    assert {(r[4], r[3]) for r in stored} == {(t, mapping.get(t)) for t in raw_by_type}
    # Times: rows with a time keep it, rows without are marked as date only.
    with_time = sum(1 for r in raw if r["Time"])
    assert sum(1 for r in stored if r[2]) == with_time
    assert 0 < with_time < 40
    assert {r[10] for r in stored} == {"Anytown District Council (fictional)"}


def test_easting_and_northing_become_lon_lat_as_pyproj_does(intel_store):
    seed_incident_log()
    raw = {r["Ref"]: r for r in raw_sample() if r["Ref"] and r["Easting"]}
    to_wgs84 = Transformer.from_crs(27700, 4326, always_xy=True)
    stored = {r[0]: r for r in stored_incidents() if r[0]}
    assert len(stored) == len([r for r in raw_sample() if r["Ref"]])
    for ref, row in raw.items():
        lon, lat = to_wgs84.transform(float(row["Easting"]), float(row["Northing"]))
        assert stored[ref][5] == pytest.approx(lon, abs=1e-6)  # well under a metre
        assert stored[ref][6] == pytest.approx(lat, abs=1e-6)
    unlocated = [r for r in raw_sample() if not r["Easting"]]
    assert sum(1 for r in stored_incidents() if r[5] is None) == len(unlocated) > 0


def test_selectors_count_by_month_and_type_and_give_dated_points(intel_store):
    seed_incident_log()
    counts = selectors.incident_counts()
    assert sum(c.count for c in counts) == 40
    january = selectors.incident_counts(month_from="2019-01", month_to="2019-01")
    raw_january = [r for r in raw_sample() if r["Date reported"].endswith("/01/2019")]
    assert sum(c.count for c in january) == len(raw_january)
    points = selectors.incident_points(crime_type="anti-social-behaviour")
    raw_asb = [
        r
        for r in raw_sample()
        if r["Easting"] and r["Incident type"] in ("Youth ASB", "Noise nuisance")
    ]
    assert len(points) == len(raw_asb)
    assert all(isinstance(p["occurred_at"], datetime) for p in points)
    assert selectors.incident_counts(mapping_id=999) == []


# Rules per row: whole file or nothing, every bad line named


def test_a_file_with_bad_rows_stores_nothing_and_names_every_bad_line(log_mapping, tmp_path):
    rows = [
        ["R1", "05/03/2024", "14:30", "Youth ASB", "High St", "-1.33", "52.06"],  # good
        ["R2", "31/02/2024", "", "Graffiti", "", "", ""],  # line 3: no 31 February
        ["R3", "05/03/2024", "25:00", "Graffiti", "", "", ""],  # line 4: bad time
        ["R4", "", "", "Graffiti", "", "", ""],  # line 5: no date
        ["R5", "05/03/2024", "", "", "", "", ""],  # line 6: no type
        ["R6", "05/03/2024", "", "Graffiti", "", "-1.33", ""],  # line 7: half a point
        ["R7", "05/03/2024", "", "Graffiti", "", "151.2", "-33.9"],  # line 8: Sydney
        # line 9: a column short. (Two short would count 2 rows read: DuckDB logs one error per
        # missing column and _import_rows counts errors, not lines; reported to its owner.)
        ["R8", "05/03/2024", "", "Graffiti", "", ""],
        ["R9", "05/03/2199", "", "Graffiti", "", "", ""],  # line 10: in the future
        ["R" * 200, "05/03/2024", "", "Graffiti", "", "", ""],  # line 11: long reference
    ]
    path = write_log(tmp_path / "bad.csv", rows)
    record = crime_paths_import(paths=[path], mapping=log_mapping).files[0]
    assert record.status == CrimeImport.Status.REJECTED
    assert (record.rows_read, record.rows_stored, record.rows_rejected) == (10, 0, 9)
    assert record.errors == [
        {"line": 3, "reason": "Date must be a date like 05/03/2024 or 2024-03-05 14:30"},
        {"line": 4, "reason": "Time must be a time like 14:30"},
        {"line": 5, "reason": "Date is missing"},
        {"line": 6, "reason": "Type is missing"},
        {"line": 7, "reason": mapped.BAD_LON_LAT.format(x="Lon", y="Lat")},
        {"line": 8, "reason": mapped.BAD_LON_LAT.format(x="Lon", y="Lat")},
        {"line": 9, "reason": "expected 7 columns, found 6"},
        {"line": 10, "reason": "Date must be between 1990 and today"},
        {"line": 11, "reason": "Ref must be at most 128 characters"},
    ]
    assert stored_incidents() == []


def test_dates_with_and_without_times(log_mapping, tmp_path):
    rows = [
        ["A1", "05/03/2024", "14:30", "Youth ASB", "", "", ""],  # date and time columns
        ["A2", "05/03/2024", "", "Graffiti", "", "", ""],  # date only
        ["A3", "2024-03-06 09:05", "", "Graffiti", "", "", ""],  # combined date and time
        ["", "07/03/2024", "", "Graffiti", "Park", "", ""],  # no reference
        ["", "07/03/2024", "", "Graffiti", "Park", "", ""],  # the same again: both kept
    ]
    path = write_log(tmp_path / "times.csv", rows)
    record = crime_paths_import(paths=[path], mapping=log_mapping).files[0]
    assert (record.status, record.rows_stored) == (CrimeImport.Status.STORED, 5)
    stored = stored_incidents()
    assert [(r[0], r[1], r[2]) for r in stored] == [
        ("A2", datetime(2024, 3, 5), False),
        ("A1", datetime(2024, 3, 5, 14, 30), True),
        ("A3", datetime(2024, 3, 6, 9, 5), True),
        (None, datetime(2024, 3, 7), False),
        (None, datetime(2024, 3, 7), False),
    ]
    assert [r[3] for r in stored] == [None, "anti-social-behaviour", None, None, None]
    again = crime_paths_import(paths=[path], mapping=log_mapping).files[0]
    assert (again.rows_stored, again.rows_duplicated) == (0, 5)


def test_a_file_without_the_mapping_header_is_rejected_on_line_1(log_mapping, tmp_path):
    path = write_log(tmp_path / "other.csv", [["1", "2"]], header=["Ref", "When"])
    record = crime_paths_import(paths=[path], mapping=log_mapping).files[0]
    assert record.status == CrimeImport.Status.REJECTED
    assert record.mapping == log_mapping
    assert record.errors == [
        {
            "line": 1,
            "reason": "the first line is not the header of column mapping Test log: "
            "missing Date, Time, Type",
        }
    ]


def test_two_mappings_over_the_same_file_do_not_collide(log_mapping, tmp_path):
    other = column_mapping_create(created_by=None, **log_fields(name="Copy"))
    path = write_log(tmp_path / "a.csv", [["R1", "05/03/2024", "", "Graffiti", "", "", ""]])
    assert crime_paths_import(paths=[path], mapping=log_mapping).files[0].rows_stored == 1
    assert crime_paths_import(paths=[path], mapping=other).files[0].rows_stored == 1
    assert {r[11] for r in stored_incidents()} == {log_mapping.pk, other.pk}


def test_unmapped_types_are_rejected_when_the_mapping_says_so(tmp_path, intel_store):
    mapping = column_mapping_create(created_by=None, **log_fields(reject_unmapped_types=True))
    rows = [
        ["R1", "05/03/2024", "", "Youth ASB", "", "", ""],
        ["R2", "05/03/2024", "", "Graffiti", "", "", ""],
    ]
    record = crime_paths_import(paths=[write_log(tmp_path / "t.csv", rows)], mapping=mapping)
    assert record.files[0].errors == [
        {"line": 3, "reason": "Type 'Graffiti' is not one of the mapping's incident types"}
    ]


@pytest.mark.parametrize(
    "value",
    [
        "05/03/2024",
        "5/3/2024",
        " 05/03/2024 ",
        "05/03/24",
        "2024-03-05",
        "2024-3-5",
        "2024-03-05 14:30",
        "2024-03-05 24:30",
        "2024-03-05 14:30:00",
        "31/04/2024",
        "29/02/2023",
        "29/02/2024",
        "05-03-2024",
        "0005/03/2024",
        "05/03/2024x",
        "1989-12-31",
        "",
    ],
)
def test_duckdb_and_python_agree_on_every_date(log_mapping, tmp_path, value):
    """The fast path (DuckDB) and the slow path (Python) must agree on which rows are bad."""
    source = MappedSource.of(log_mapping)
    row = ["R1", value, "", "Graffiti", "", "", ""]
    path = write_log(tmp_path / "d.csv", [row])
    connection = storage.connect()
    try:
        reason = connection.execute(
            f"""SELECT {source.reason_sql()} FROM read_csv(?, header=true, auto_detect=false,
            columns={{{", ".join(f"'{c}': 'VARCHAR'" for c in HEADER)}}})""",
            [str(path)],
        ).fetchone()[0]
    finally:
        connection.close()
    assert (reason is None) == (source.row_error(row) is None)


# Commands


def test_column_mapping_command_creates_lists_and_shows(intel_store, tmp_path):
    out = io.StringIO()
    call_command("column_mapping", "create", str(DEMO_MAPPING), stdout=out)
    assert "Saved column mapping Anytown incident log" in out.getvalue()
    out = io.StringIO()
    call_command("column_mapping", "list", stdout=out)
    assert "Anytown incident log: 10 columns" in out.getvalue()
    out = io.StringIO()
    call_command("column_mapping", "show", "Anytown incident log", stdout=out)
    assert json.loads(out.getvalue()) == json.loads(DEMO_MAPPING.read_text())
    broken = tmp_path / "broken.json"
    broken.write_text(json.dumps(log_fields(name="B", date_column="When")))
    with pytest.raises(CommandError, match="date_column: Date column 'When' is not a column"):
        call_command("column_mapping", "create", str(broken))


def test_import_crime_command_with_a_mapping(intel_store, tmp_path, capsys):
    call_command("column_mapping", "create", str(DEMO_MAPPING), stdout=io.StringIO())
    out = io.StringIO()
    call_command("import_crime", "--mapping", "Anytown incident log", str(DEMO_LOG), stdout=out)
    assert "read 40, stored 40, duplicated 0, rejected 0" in out.getvalue()
    assert "] 1/1 anytown-incident-log-2019q1.csv" in capsys.readouterr().err  # progress bar
    with pytest.raises(CommandError, match="No column mapping called Nope"):
        call_command("import_crime", "--mapping", "Nope", str(DEMO_LOG))
    bad = write_log(tmp_path / "bad.csv", [["1"]], header=["x"])
    with pytest.raises(CommandError, match="1 files were rejected"):
        call_command(
            "import_crime", "--mapping", "Anytown incident log", str(bad), stdout=io.StringIO()
        )


# Pages


def sample_upload(name="log.csv"):
    return SimpleUploadedFile(name, DEMO_LOG.read_bytes(), "text/csv")


def mapping_post(sample: str, **changes) -> dict:
    fields = json.loads(DEMO_MAPPING.read_text())
    data = {k: v for k, v in fields.items() if k not in ("header", "type_map", "date_formats")}
    data |= {
        "sample": sample,
        "date_formats": "%d/%m/%Y",
        "time_formats": "%H:%M",
        "type_map": "\n".join(f"{k} = {v}" for k, v in fields["type_map"].items()),
        "reject_unmapped_types": "",
    }
    return data | changes


def test_analyst_creates_a_mapping_from_a_sample_previews_and_saves(
    signed_in, analyst, intel_store
):
    client = signed_in(analyst)
    page = client.post(reverse("intel:mapping_create"), {"sample_file": sample_upload()})
    body = page.content.decode()
    assert page.status_code == 200
    assert '<option value="Date reported">Date reported</option>' in body
    initial = page.context["form"].initial
    assert (initial["date_column"], initial["time_column"], initial["coordinates"]) == (
        "Date reported",
        "Time",
        "bng",
    )
    assert (initial["x_column"], initial["y_column"], initial["id_column"]) == (
        "Easting",
        "Northing",
        "Ref",
    )
    sample = initial["sample"]
    assert sample.splitlines()[0].startswith("Ref,Date reported")

    preview = client.post(reverse("intel:mapping_create"), mapping_post(sample, action="preview"))
    assert preview.status_code == 200
    rows = preview.context["rows"]
    first = raw_sample()[0]
    assert rows[0]["line"] == 2 and rows[0]["reason"] is None
    stored = dict(rows[0]["stored"])
    assert stored["category"] == first["Incident type"]
    assert stored["occurred_at"].strftime("%d/%m/%Y") == first["Date reported"]
    assert "as they would be stored" in preview.content.decode()
    assert not ColumnMapping.objects.exists()

    saved = client.post(reverse("intel:mapping_create"), mapping_post(sample, action="save"))
    mapping = ColumnMapping.objects.get()
    assert saved.status_code == 302 and saved.url == reverse("intel:mapping", args=[mapping.pk])
    assert (mapping.created_by, mapping.organisation) == (analyst, analyst.membership.organisation)
    assert mapping.type_map == json.loads(DEMO_MAPPING.read_text())["type_map"]
    assert AuditEvent.objects.filter(action="intel.column_mapping_created").count() == 1


def test_mapping_form_errors_name_the_field(signed_in, analyst, intel_store):
    client = signed_in(analyst)
    sample = DEMO_LOG.read_text()[:2000]
    response = client.post(
        reverse("intel:mapping_create"),
        mapping_post(sample, date_formats="%m/%Y", type_map="Noise", action="save"),
    )
    body = response.content.decode()
    assert response.status_code == 400
    assert "govuk-error-summary" in body
    assert "Write each incident type as: your label = police.uk type (line 1)" in body
    assert not ColumnMapping.objects.exists()
    response = client.post(
        reverse("intel:mapping_create"), mapping_post(sample, date_formats="%m/%Y", action="save")
    )
    assert "must have a day, a month and a year" in response.content.decode()


def test_sample_must_be_a_csv_with_a_header(signed_in, analyst, intel_store):
    client = signed_in(analyst)
    response = client.post(
        reverse("intel:mapping_create"),
        {"sample_file": SimpleUploadedFile("x.csv", b"\xff\xfe\x00bad")},
    )
    assert response.status_code == 400
    assert "first line names its columns" in response.content.decode()


def test_upload_through_a_mapping_and_the_imports_list_shows_it(signed_in, analyst, intel_store):
    seed_incident_log()
    mapping = ColumnMapping.objects.get()
    client = signed_in(analyst)
    page = client.get(reverse("intel:mapped_upload"), {"mapping": mapping.pk})
    assert page.status_code == 200
    assert "Anytown incident log" in page.content.decode()
    rows = [r.split(",") for r in DEMO_LOG.read_text().splitlines()[1:3]]
    rows[1][0] = "ADC-NEW-1"  # one row new, one already stored
    content = ",".join(mapping.header) + "\n" + "\n".join(",".join(r) for r in rows) + "\n"
    response = client.post(
        reverse("intel:mapped_upload"),
        {"mapping": mapping.pk, "file": SimpleUploadedFile("march.csv", content.encode())},
    )
    assert response.status_code == 302
    record = CrimeImport.objects.get(file_name="march.csv")
    assert (record.rows_read, record.rows_stored, record.rows_duplicated) == (2, 1, 1)
    assert (record.mapping, record.imported_by) == (mapping, analyst)
    imports = client.get(reverse("intel:imports")).content.decode()
    assert "march.csv" in imports
    assert reverse("intel:mapping", args=[mapping.pk]) in imports
    detail = client.get(reverse("intel:mapping", args=[mapping.pk]))
    assert detail.status_code == 200
    assert sum(c.count for c in detail.context["counts"]) == 41


def test_upload_checks_the_mapping_header_before_importing(signed_in, analyst, intel_store):
    seed_incident_log()
    mapping = ColumnMapping.objects.get()
    response = signed_in(analyst).post(
        reverse("intel:mapped_upload"),
        {"mapping": mapping.pk, "file": SimpleUploadedFile("x.csv", b"Ref,Date\n1,2\n")},
    )
    assert response.status_code == 400
    assert "must start with the header of column mapping Anytown incident log" in (
        response.content.decode()
    )
    assert CrimeImport.objects.count() == 1  # the seed's own


@pytest.mark.parametrize("role", [Role.CASEWORKER, Role.VIEWER, Role.PARTNER_OFFICER])
def test_mapping_pages_need_analytics(signed_in, council, intel_store, role):
    seed_incident_log()
    mapping = ColumnMapping.objects.get()
    client = signed_in(member(role, council))
    assert client.get(reverse("intel:mappings")).status_code == 403
    assert client.get(reverse("intel:mapping", args=[mapping.pk])).status_code == 403
    assert client.get(reverse("intel:mapped_upload")).status_code == 403
    assert client.post(reverse("intel:mapped_upload")).status_code == 403
    assert (
        client.post(reverse("intel:mapping_create"), {"sample_file": sample_upload()}).status_code
        == 403
    )


def test_coordinator_sees_the_mapping_pages(signed_in, council, intel_store):
    seed_incident_log()
    client = signed_in(member(Role.COORDINATOR, council))
    assert client.get(reverse("intel:mappings")).status_code == 200
    assert client.get(reverse("intel:mapping_create")).status_code == 405
