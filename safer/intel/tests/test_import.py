"""Importing police.uk files: no loss, idempotence, whole-file-or-nothing, named bad lines."""

import io
import zipfile

import pytest
from django.core.management import CommandError, call_command

from safer.audit.models import AuditEvent
from safer.intel import storage
from safer.intel.models import CrimeImport
from safer.intel.services import NOT_UTF8_LINE, UNKNOWN_FORMAT, crime_paths_import
from safer.intel.sources import police_uk
from safer.intel.tests.helpers import SAMPLE_DIR, street_row, write_street_csv

pytestmark = pytest.mark.django_db


def stored_count() -> int:
    with storage.crimes_connection() as connection:
        return connection.execute("SELECT count(*) FROM crimes").fetchone()[0]


def parquet_files(store) -> list[str]:
    return sorted(str(p.relative_to(store)) for p in store.rglob("*.parquet"))


def test_committed_real_sample_imports_without_loss(intel_store):
    summary = crime_paths_import(paths=[SAMPLE_DIR])
    assert len(summary.files) == 7
    for record in summary.files:
        path = SAMPLE_DIR / record.file_name.rsplit("/", 1)[-1]
        data_lines = len(path.read_bytes().splitlines()) - 1
        assert record.status == CrimeImport.Status.STORED
        assert record.rows_read == record.rows_stored == data_lines
        assert record.rows_duplicated == record.rows_rejected == 0
    assert stored_count() == 6071  # the Cherwell rows SOURCES.md counts
    assert storage.stored_months() == [
        "2018-03",
        "2018-06",
        "2018-10",
        "2018-11",
        "2018-12",
        "2019-01",
        "2019-02",
    ]


def test_reimporting_changes_nothing(intel_store):
    crime_paths_import(paths=[SAMPLE_DIR])
    before = parquet_files(intel_store)
    again = crime_paths_import(paths=[SAMPLE_DIR / "2018-06-thames-valley-street-cherwell.csv"])
    record = again.files[0]
    assert (record.rows_read, record.rows_stored, record.rows_duplicated) == (1039, 0, 1039)
    assert parquet_files(intel_store) == before
    assert stored_count() == 6071


def test_identical_asb_rows_are_both_kept_and_reimport_adds_neither(intel_store, tmp_path):
    asb = street_row(crime_type="Anti-social behaviour", outcome="")
    path = write_street_csv(tmp_path / "asb.csv", [asb, asb, street_row(crime_id="abc1")])
    first = crime_paths_import(paths=[path]).files[0]
    assert (first.rows_read, first.rows_stored) == (3, 3)
    second = crime_paths_import(paths=[path]).files[0]
    assert (second.rows_stored, second.rows_duplicated) == (0, 3)
    assert stored_count() == 3


def test_a_crime_id_repeated_within_a_file_keeps_every_row(intel_store, tmp_path):
    # police.uk does this (273 rows in the City of London series), at different street points.
    rows = [street_row(crime_id="ff01"), street_row(crime_id="ff01", location="On or near Elm")]
    path = write_street_csv(tmp_path / "dup.csv", rows)
    assert crime_paths_import(paths=[path]).files[0].rows_stored == 2
    assert crime_paths_import(paths=[path]).files[0].rows_duplicated == 2


def test_byte_order_mark_and_crlf_are_read(intel_store, tmp_path):
    path = write_street_csv(
        tmp_path / "bom.csv",
        [street_row(crime_id="a1"), street_row(crime_id="a2")],
        bom=True,
        crlf=True,
    )
    record = crime_paths_import(paths=[path]).files[0]
    assert record.status == CrimeImport.Status.STORED
    assert record.rows_stored == 2
    with storage.crimes_connection() as connection:
        assert connection.execute("SELECT DISTINCT outcome FROM crimes").fetchall() == [
            ("Under investigation",)
        ]
        assert connection.execute("SELECT DISTINCT crime_type FROM crimes").fetchall() == [
            ("burglary",)
        ]


def test_file_with_bad_rows_stores_nothing_and_names_every_bad_line(intel_store, tmp_path):
    rows = [
        street_row(crime_id="g1"),
        street_row(crime_id="g2", month="2019-13"),
        street_row(crime_id="g3", crime_type="Jaywalking"),
        street_row(crime_id="g4", lon="-200.5"),
        "g5,2019-01,Thames Valley Police,too,few",
        street_row(crime_id="g6", lsoa="Cherwell"),
        street_row(crime_id="g7", lat=""),
        street_row(crime_id="g8"),
    ]
    path = write_street_csv(tmp_path / "broken.csv", rows, bom=True, crlf=True)
    record = crime_paths_import(paths=[path]).files[0]
    assert record.status == CrimeImport.Status.REJECTED
    assert record.rows_stored == 0
    assert record.rows_read == 8  # the short line is one line, however many columns it lacks
    assert record.rows_rejected == 6
    assert record.errors == [
        {"line": 3, "reason": police_uk.BAD_MONTH},
        {"line": 4, "reason": police_uk.UNKNOWN_CRIME_TYPE},
        {"line": 5, "reason": police_uk.BAD_COORDINATES},
        {"line": 6, "reason": police_uk.WRONG_COLUMN_COUNT.format(found=5)},
        {"line": 7, "reason": police_uk.BAD_LSOA_CODE},
        {"line": 8, "reason": police_uk.BAD_COORDINATES},
    ]
    assert parquet_files(intel_store) == []
    assert AuditEvent.objects.get(action="intel.crime_import_rejected").changes["rejected"] == 6


def test_unknown_header_is_rejected_at_line_one(intel_store, tmp_path):
    path = tmp_path / "other.csv"
    path.write_text("date,what\n2019-01-01,noise\n", encoding="utf-8")
    record = crime_paths_import(paths=[path]).files[0]
    assert record.status == CrimeImport.Status.REJECTED
    assert record.errors == [{"line": 1, "reason": UNKNOWN_FORMAT}]


def test_zip_archives_and_folders_are_imported(intel_store, tmp_path):
    folder = tmp_path / "download"
    folder.mkdir()
    write_street_csv(folder / "2019-01-force-street.csv", [street_row(crime_id="z1")])
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as bundle:
        bundle.writestr(
            "2019-02/2019-02-force-street.csv",
            "\n".join(
                [
                    ",".join(police_uk.STREET_COLUMNS),
                    ",".join(street_row(crime_id="z2", month="2019-02")),
                ]
            ),
        )
        bundle.writestr("2019-02/readme.txt", "not a csv")
    (folder / "archive.zip").write_bytes(buffer.getvalue())
    summary = crime_paths_import(paths=[folder])
    assert [f.rows_stored for f in summary.files] == [1, 1]
    assert storage.stored_months() == ["2019-01", "2019-02"]


def test_import_command_reports_summary_and_progress(intel_store, capsys):
    call_command("import_crime", str(SAMPLE_DIR / "2019-02-thames-valley-street-cherwell.csv"))
    out, err = capsys.readouterr()
    assert "read 726, stored 726, duplicated 0, rejected 0" in out
    assert "1/1" in err
    event = AuditEvent.objects.get(action="intel.crime_imported")
    assert event.changes["stored"] == 726


def test_import_command_fails_naming_bad_lines(intel_store, tmp_path, capsys):
    path = write_street_csv(tmp_path / "bad.csv", [street_row(crime_id="b1", month="Jan")])
    with pytest.raises(CommandError):
        call_command("import_crime", str(path))
    out, _ = capsys.readouterr()
    assert f"bad.csv line 2: {police_uk.BAD_MONTH}" in out


def test_seed_intel_is_idempotent(intel_store):
    from safer.intel.demo import seed_intel

    assert seed_intel().total("rows_stored") == 6071
    again = seed_intel()
    assert again.total("rows_stored") == 0
    assert again.total("rows_duplicated") == 6071


def test_one_run_with_a_good_and_a_bad_file_stores_only_the_good_one(intel_store, tmp_path):
    good = write_street_csv(tmp_path / "good.csv", [street_row(crime_id="ok1")])
    bad = write_street_csv(
        tmp_path / "bad.csv", [street_row(crime_id="no1"), street_row(crime_id="no2", lat="x")]
    )
    summary = crime_paths_import(paths=[good, bad])
    assert [(f.status, f.rows_stored, f.rows_rejected) for f in summary.files] == [
        ("stored", 1, 0),
        ("rejected", 0, 1),
    ]
    assert stored_count() == 1


def test_the_same_month_twice_in_one_run_is_stored_once(intel_store, tmp_path):
    rows = [street_row(crime_id="m1"), street_row(crime_type="Anti-social behaviour", outcome="")]
    first = write_street_csv(tmp_path / "a.csv", rows)
    second = write_street_csv(tmp_path / "b.csv", rows, crlf=True)
    summary = crime_paths_import(paths=[first, second])
    assert [(f.rows_stored, f.rows_duplicated) for f in summary.files] == [(2, 0), (0, 2)]
    assert stored_count() == 2


def outcome_row(crime_id="o1", month="2019-02", outcome="Offender given a caution"):
    return [
        crime_id,
        month,
        "Thames Valley Police",
        "Thames Valley Police",
        "-1.338",
        "52.063",
        "On or near High Street",
        "E01028479",
        "Cherwell 001A",
        outcome,
    ]


def write_outcomes_csv(path, rows):
    import csv as csv_module

    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv_module.writer(handle)
        writer.writerow(police_uk.OUTCOMES_COLUMNS)
        writer.writerows(rows)
    return path


def test_outcomes_files_import_idempotently_and_feed_the_outcomes_table(intel_store, tmp_path):
    from safer.intel import selectors
    from safer.intel.areas import area_resolve

    rows = [
        outcome_row(),
        outcome_row(outcome="Under investigation"),
        outcome_row(crime_id="o2", outcome="Unable to prosecute suspect"),
    ]
    path = write_outcomes_csv(tmp_path / "2019-02-force-outcomes.csv", rows)
    first = crime_paths_import(paths=[path]).files[0]
    assert (first.source, first.status, first.rows_stored) == ("police_uk.outcomes", "stored", 3)
    again = crime_paths_import(paths=[path]).files[0]
    assert (again.rows_stored, again.rows_duplicated) == (0, 3)
    assert storage.stored_months() == []  # outcomes are not crimes
    recorded = selectors.outcomes_recorded(
        area=area_resolve("E07000177"), month_from="2019-01", month_to="2019-03"
    )
    assert (recorded.total, recorded.detected) == (3, 1)


def test_outcomes_file_with_a_missing_crime_id_is_rejected(intel_store, tmp_path):
    path = write_outcomes_csv(tmp_path / "o.csv", [outcome_row(), outcome_row(crime_id="")])
    record = crime_paths_import(paths=[path]).files[0]
    assert record.status == "rejected"
    assert record.errors == [{"line": 3, "reason": police_uk.MISSING_CRIME_ID}]


def test_import_outlines_command_adds_lsoa_outlines_for_maps(intel_store, tmp_path, capsys):
    import json

    from safer.intel.areas import area_outlines, area_resolve

    feature = {
        "type": "Feature",
        "properties": {"LSOA11CD": "E01000001", "LSOA11NM": "City of London 001A"},
        "geometry": {
            "type": "Polygon",
            "coordinates": [
                [[-0.097, 51.518], [-0.095, 51.518], [-0.095, 51.52], [-0.097, 51.518]]
            ],
        },
    }
    path = tmp_path / "lsoa.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": [feature]}))
    call_command("import_outlines", str(path))
    assert "1 LSOA outlines loaded" in capsys.readouterr().out
    assert [f["properties"]["code"] for f in area_outlines(area_resolve("E01000001"))] == [
        "E01000001"
    ]
    assert AuditEvent.objects.get(action="intel.outlines_imported").changes["outlines"] == 1
    path.write_text("{}")
    with pytest.raises(CommandError):
        call_command("import_outlines", str(path))


def test_a_coordinate_in_other_digits_is_named_as_a_bad_line(intel_store, tmp_path):
    # Python's float() reads Arabic-Indic digits; the rules (in SQL and in Python) do not.
    rows = [street_row(crime_id="d1"), street_row(crime_id="d2", lon="-1.\u0663\u0663\u0668")]
    record = crime_paths_import(paths=[write_street_csv(tmp_path / "digits.csv", rows)]).files[0]
    assert record.status == CrimeImport.Status.REJECTED
    assert record.errors == [{"line": 3, "reason": police_uk.BAD_COORDINATES}]


def test_a_line_that_is_not_utf8_is_named(intel_store, tmp_path):
    path = write_street_csv(tmp_path / "bytes.csv", [street_row(crime_id="u1"), street_row()])
    path.write_bytes(path.read_bytes().replace(b"High Street", b"High \xffStreet", 1))
    record = crime_paths_import(paths=[path]).files[0]
    assert record.status == CrimeImport.Status.REJECTED
    assert record.errors == [{"line": 2, "reason": NOT_UTF8_LINE}]
    assert stored_count() == 0
