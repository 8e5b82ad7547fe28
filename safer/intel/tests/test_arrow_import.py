"""The importer's two paths (pyarrow for good police.uk files, DuckDB for the rest) store the
same rows with the same keys, so a file stored by one is a duplicate on the other."""

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from safer.intel import arrow_import, storage
from safer.intel.models import CrimeImport
from safer.intel.services import crime_paths_import
from safer.intel.sources import police_uk
from safer.intel.sources.police_uk import STREET
from safer.intel.sources.police_uk.arrow import street_read
from safer.intel.tests.helpers import SAMPLE_DIR, street_row, write_street_csv

pytestmark = pytest.mark.django_db


def stored_rows() -> list[tuple]:
    """Every stored row, every column but the import id, in a fixed order."""
    with storage.crimes_connection() as connection:
        return connection.execute(
            "SELECT * EXCLUDE (import_id) FROM crimes ORDER BY ALL NULLS LAST"
        ).fetchall()


def stored_counts() -> list[tuple]:
    with storage.crimes_connection() as connection:
        return connection.execute(
            "SELECT month, lsoa_code, crime_type, sum(n)::BIGINT FROM crime_counts "
            "GROUP BY ALL ORDER BY ALL NULLS LAST"
        ).fetchall()


def empty_store(store) -> None:
    import shutil

    shutil.rmtree(store)


@pytest.fixture
def paths_taken(monkeypatch):
    """How many files each path stored in the runs that follow."""
    taken = {"arrow": 0}
    store = arrow_import.store

    def counting(*, items, batch_id):
        taken["arrow"] += len(items)
        return store(items=items, batch_id=batch_id)

    monkeypatch.setattr(arrow_import, "store", counting)
    return taken


def awkward_rows() -> list:
    """Rows that exercise the keys: Crime IDs repeated (ranked by every column), three
    identical ASB rows, ASB rows differing only in context or location, rows without a
    location, a quoted empty field."""
    asb = street_row(crime_type="Anti-social behaviour", outcome="")
    return [
        street_row(crime_id="r1", lon="-1.339"),
        street_row(crime_id="r1", lon="-1.3385"),
        street_row(crime_id="r1", lon="-1.34"),
        street_row(crime_id="r2", outcome=""),  # ranked after its twin: NULLs sort last
        street_row(crime_id="r2"),
        asb,
        asb,
        asb,
        street_row(crime_type="Anti-social behaviour", outcome="", location="On or near Elm"),
        [*asb[:11], "Reported twice"],
        street_row(crime_id="n1", lon="", lat="", lsoa="", lsoa_name="", location="No location"),
        street_row(crime_type="Anti-social behaviour", outcome="", lon="", lat="", lsoa=""),
        '"q1","2019-01","Thames Valley Police","Thames Valley Police","-1.338","52.063",'
        '"On or near High Street","E01028479","Cherwell 001A","Burglary","",""',
        street_row(crime_id="m2", month="2019-02", crime_type="Vehicle crime"),
    ]


def test_both_paths_store_the_same_rows_keys_and_counts(
    intel_store, tmp_path, monkeypatch, paths_taken
):
    awkward = write_street_csv(tmp_path / "awkward.csv", awkward_rows())
    summary = crime_paths_import(paths=[SAMPLE_DIR, awkward])
    assert paths_taken["arrow"] == 8  # every file went the pyarrow way
    assert not summary.rejected_files
    by_arrow, counts_by_arrow = stored_rows(), stored_counts()
    assert len(by_arrow) == 6071 + 14

    empty_store(intel_store)
    monkeypatch.setattr(arrow_import, "ENABLED", False)
    again = crime_paths_import(paths=[SAMPLE_DIR, awkward])
    assert paths_taken["arrow"] == 8  # none more: every file went the DuckDB way
    assert [f.rows_stored for f in again.files] == [f.rows_stored for f in summary.files]
    assert stored_rows() == by_arrow
    assert stored_counts() == counts_by_arrow


@pytest.mark.parametrize("first_fast", [True, False])
def test_a_file_stored_by_one_path_is_all_duplicates_on_the_other(
    intel_store, tmp_path, monkeypatch, paths_taken, first_fast
):
    path = write_street_csv(tmp_path / "awkward.csv", awkward_rows())
    monkeypatch.setattr(arrow_import, "ENABLED", first_fast)
    first = crime_paths_import(paths=[path]).files[0]
    monkeypatch.setattr(arrow_import, "ENABLED", not first_fast)
    second = crime_paths_import(paths=[path]).files[0]
    assert paths_taken["arrow"] == 1  # one import each way
    assert (first.rows_stored, first.rows_duplicated) == (14, 0)
    assert (second.rows_read, second.rows_stored, second.rows_duplicated) == (14, 0, 14)
    assert len(stored_rows()) == 14


def test_a_line_break_inside_a_quoted_field_is_kept(intel_store, tmp_path, paths_taken):
    rows = [street_row(crime_id="w1", location="On or near\nHigh Street"), street_row()]
    record = crime_paths_import(paths=[write_street_csv(tmp_path / "nl.csv", rows)]).files[0]
    assert paths_taken["arrow"] == 1
    assert record.rows_stored == 2
    with storage.crimes_connection() as connection:
        assert connection.execute(
            "SELECT location FROM crimes WHERE crime_id = 'w1'"
        ).fetchone() == ("On or near\nHigh Street",)


def test_a_file_with_a_bad_row_takes_the_duckdb_path_and_is_rejected(
    intel_store, tmp_path, paths_taken
):
    rows = [street_row(crime_id="g1"), street_row(crime_id="g2", lat="x")]
    record = crime_paths_import(paths=[write_street_csv(tmp_path / "bad.csv", rows)]).files[0]
    assert paths_taken["arrow"] == 0
    assert record.status == CrimeImport.Status.REJECTED
    assert record.errors == [{"line": 3, "reason": police_uk.BAD_COORDINATES}]


BAD_ROWS = [
    street_row(crime_id="not-alnum"),
    street_row(crime_id="a" * 129),
    street_row(crime_id="caf\u00e9"),
    street_row(crime_id="ab cd"),
    street_row(month="2019-13"),
    street_row(month="2019-1"),
    street_row(month=""),
    street_row(lon="1e-1"),
    street_row(lon=".5"),
    street_row(lon="-1."),
    street_row(lon="-0001.3"),
    street_row(lon="-1.\u0663\u0663"),
    street_row(lon="1.2.3"),
    street_row(lon="--1.3"),
    street_row(lon="-"),
    street_row(lon="1-2"),
    street_row(lon="+1.3"),
    street_row(lat="52."),
    street_row(lat="."),
    street_row(lon="-.5"),
    street_row(lat="5200"),  # Arabic-Indic digits: float() reads them, the rule does not
    street_row(lon="-11.0"),
    street_row(lat="62.0"),
    street_row(lat=""),
    street_row(lon="", lat="52.0"),
    street_row(lsoa="E1234"),
    street_row(lsoa="Cherwell 001A"),
    street_row(crime_type="Burglarly"),
    street_row(crime_type=""),
    street_row()[:11],
    [*street_row(), "extra"],
]
GOOD_ROWS = [
    street_row(),
    street_row(crime_id="a" * 128),
    street_row(lon="-1", lat="52"),
    street_row(lon="", lat=""),
    street_row(lon="-10.0", lat="61.5"),
    street_row(lon="3", lat="049.000001"),
    street_row(lon="-0.0", lat="50.5"),
    street_row(lsoa="", lsoa_name=""),
    street_row(location="", outcome=""),
]


@pytest.mark.parametrize("row", BAD_ROWS + GOOD_ROWS)
def test_the_pyarrow_checks_agree_with_the_line_by_line_rules(tmp_path, row):
    path = write_street_csv(tmp_path / "one.csv", [street_row(crime_id="ok1"), row])
    assert (street_read(path) is None) == (STREET.row_error(row) is not None)
    assert (STREET.row_error(row) is None) == (row in GOOD_ROWS)


def test_repeated_values_are_found_across_chunks_and_never_missed():
    fixed = pa.chunked_array([["a" * 64, "b" * 64, None], ["c" * 64, "a" * 64, None]])
    assert arrow_import._maybe_repeated(fixed).tolist() == [True, False, False, False, True, False]
    varied = pa.chunked_array([["x", "yy", "x", None]])
    assert arrow_import._maybe_repeated(varied).tolist() == [True, False, True, False]
    assert not arrow_import._maybe_repeated(pa.nulls(3, pa.string())).any()
    # Thousands of random 64-hex ids with a few repeats planted: every repeat is flagged.
    rng = np.random.default_rng(4)
    ids = ["".join(rng.choice(list("0123456789abcdef"), 64)) for _ in range(3000)]
    ids[10] = ids[2000] = ids[2999]
    mask = arrow_import._maybe_repeated(pa.chunked_array([ids[:1500], ids[1500:]]))
    assert {10, 2000, 2999} <= set(np.flatnonzero(mask)) and mask.sum() < 10


def test_a_file_with_only_its_header_is_stored_empty(intel_store, tmp_path, paths_taken):
    record = crime_paths_import(paths=[write_street_csv(tmp_path / "none.csv", [])]).files[0]
    assert paths_taken["arrow"] == 1
    assert record.status == CrimeImport.Status.STORED
    assert (record.rows_read, record.rows_stored, record.months) == (0, 0, [])
    assert storage.stored_months() == []


def test_a_fault_of_the_pyarrow_path_falls_back_to_duckdb(
    intel_store, tmp_path, monkeypatch, caplog
):
    def broken(source, raw):
        raise pa.ArrowInvalid("simulated fault")

    monkeypatch.setattr(arrow_import, "_keyed", broken)
    path = write_street_csv(tmp_path / "ok.csv", [street_row(crime_id="f1"), street_row()])
    record = crime_paths_import(paths=[path]).files[0]
    assert (record.status, record.rows_stored) == (CrimeImport.Status.STORED, 2)
    assert "taking the DuckDB path" in caplog.text


def test_a_failed_write_leaves_no_month_file_nor_counts_file(intel_store, tmp_path, monkeypatch):
    rows = [street_row(crime_id="w1"), street_row(crime_id="w2", month="2019-02")]
    path = write_street_csv(tmp_path / "two.csv", rows)
    write_table = pq.write_table

    def failing(table, where, **options):
        # The second month's file fails; the first and the counts file are written.
        if "month=2019-02" in str(where):
            raise OSError("disk full")
        return write_table(table, where, **options)

    monkeypatch.setattr(pq, "write_table", failing)
    with pytest.raises(OSError, match="disk full"):
        crime_paths_import(paths=[path])
    assert list(intel_store.rglob("*.parquet")) == []
    monkeypatch.undo()
    assert crime_paths_import(paths=[path]).files[0].rows_stored == 2
    assert stored_counts() == [
        ("2019-01", "E01028479", "burglary", 1),
        ("2019-02", "E01028479", "burglary", 1),
    ]


@pytest.mark.parametrize("fast", [True, False])
def test_welsh_names_and_a_blank_line_read_the_same_on_both_paths(
    intel_store, tmp_path, monkeypatch, paths_taken, fast
):
    rows = [
        street_row(crime_id="c1", lsoa="W01000001", lsoa_name="Ynys Môn 001A"),
        street_row(crime_id="c2", location="On or near Heol y Frân"),
    ]
    path = write_street_csv(tmp_path / "cymru.csv", rows)
    path.write_bytes(path.read_bytes().replace(b"\nc2", b"\n\nc2"))
    monkeypatch.setattr(arrow_import, "ENABLED", fast)
    record = crime_paths_import(paths=[path]).files[0]
    assert paths_taken["arrow"] == int(fast)  # not ASCII: pyarrow checks the UTF-8 itself
    assert (record.status, record.rows_stored) == (CrimeImport.Status.STORED, 2)
    with storage.crimes_connection() as connection:
        assert connection.execute(
            "SELECT lsoa_name, location FROM crimes ORDER BY crime_id"
        ).fetchall() == [
            ("Ynys Môn 001A", "On or near High Street"),
            ("Cherwell 001A", "On or near Heol y Frân"),
        ]


def test_a_line_break_across_pyarrows_blocks_is_read_right(
    intel_store, tmp_path, monkeypatch, paths_taken
):
    from safer.intel.sources.police_uk import arrow

    # Small blocks, so the quoted field's line break falls between two; what follows the break
    # looks like a row of its own. pyarrow, told there are no breaks in fields, stops ("out of
    # sync with chunker"); street_read then reads the file again looking for them.
    monkeypatch.setattr(arrow, "BLOCK_BYTES", 256)
    tricky = "On or near\n" + ",".join(street_row(crime_id="zz"))
    rows = [street_row(crime_id=f"k{i}") for i in range(8)]
    rows[4] = street_row(crime_id="k4", location=tricky)
    record = crime_paths_import(paths=[write_street_csv(tmp_path / "nl.csv", rows)]).files[0]
    assert paths_taken["arrow"] == 1
    assert record.rows_stored == 8
    with storage.crimes_connection() as connection:
        location = connection.execute("SELECT location FROM crimes WHERE crime_id = 'k4'")
        assert location.fetchone() == (tricky,)
