"""The store the import writes: keys where a month is partly stored, and the counts files
(one per import batch, merged past a limit, an older single-file manifest still read)."""

import json

import pytest

from safer.intel import selectors, storage
from safer.intel.areas import area_resolve
from safer.intel.services import crime_paths_import
from safer.intel.tests.helpers import street_row, write_street_csv

pytestmark = pytest.mark.django_db


def stored_keys() -> list[tuple]:
    with storage.crimes_connection() as connection:
        return connection.execute(
            "SELECT month, coalesce(crime_id, content_key), ordinal FROM crimes ORDER BY ALL"
        ).fetchall()


def counts_from_files() -> dict:
    with storage.crimes_connection() as connection:
        return dict(
            connection.execute(
                "SELECT month || lsoa_code || crime_type, count(*) FROM crimes GROUP BY 1"
            ).fetchall()
        )


def counts_from_counts_files() -> dict:
    assert storage.counts_fresh()
    with storage.crimes_connection() as connection:
        return dict(
            connection.execute(
                "SELECT month || lsoa_code || crime_type, sum(n)::BIGINT FROM crime_counts "
                "GROUP BY 1"
            ).fetchall()
        )


def asb(**kwargs) -> list[str]:
    return street_row(crime_type="Anti-social behaviour", outcome="", **kwargs)


def test_a_month_partly_stored_gets_only_its_new_rows_with_the_same_ranks(intel_store, tmp_path):
    first = [street_row(crime_id="a1"), asb(), asb(), street_row(crime_id="r1", lon="-1.339")]
    crime_paths_import(paths=[write_street_csv(tmp_path / "a.csv", first)])
    before = stored_keys()
    # The same month again with more rows: a repeated id at a new point, a third identical ASB.
    later = [*first, street_row(crime_id="r1", lon="-1.337"), asb(), street_row(crime_id="b2")]
    summary = crime_paths_import(paths=[write_street_csv(tmp_path / "b.csv", later)])
    (record,) = summary.files
    assert (record.rows_read, record.rows_stored, record.rows_duplicated) == (7, 3, 4)
    after = stored_keys()
    assert set(before) < set(after) and len(after) == 7 == len(set(after))
    assert crime_paths_import(paths=[tmp_path / "b.csv"]).total("rows_stored") == 0


def test_each_run_adds_a_counts_file_that_sums_with_the_others(intel_store, tmp_path):
    for index, month in enumerate(("2019-01", "2019-02", "2019-01")):
        rows = [street_row(crime_id=f"c{index}", month=month), asb(month=month, lon="-1.33")]
        crime_paths_import(paths=[write_street_csv(tmp_path / f"{index}.csv", rows)])
    manifest = json.loads((intel_store / storage.COUNTS_MANIFEST).read_text())
    assert len(manifest["segments"]) == 3
    assert counts_from_counts_files() == counts_from_files()
    area = area_resolve("E07000177")
    # All crime (ASB aside); the third run's ASB row is the first run's, so not stored again.
    assert selectors.crime_counts(area=area, group_by="month").items == [
        ("2019-01", 2),
        ("2019-02", 1),
    ]


def test_counts_files_are_merged_past_the_limit(intel_store, tmp_path, monkeypatch):
    monkeypatch.setattr(storage, "COUNTS_MAX_SEGMENTS", 2)
    for index in range(3):
        rows = [street_row(crime_id=f"m{index}", month=f"2019-0{index + 1}")]
        crime_paths_import(paths=[write_street_csv(tmp_path / f"{index}.csv", rows)])
    manifest = json.loads((intel_store / storage.COUNTS_MANIFEST).read_text())
    assert len(manifest["segments"]) == 1
    assert len(list(intel_store.glob("counts-*.parquet"))) == 1
    assert counts_from_counts_files() == counts_from_files()


def test_a_store_with_an_older_single_counts_file_is_read_and_extended(intel_store, tmp_path):
    crime_paths_import(paths=[write_street_csv(tmp_path / "a.csv", [street_row(crime_id="o1")])])
    manifest_path = intel_store / storage.COUNTS_MANIFEST
    (segment,) = json.loads(manifest_path.read_text())["segments"]
    manifest_path.write_text(json.dumps(segment))  # the format written before segments
    assert storage.counts_fresh()
    rows = [street_row(crime_id="o2", month="2019-02")]
    crime_paths_import(paths=[write_street_csv(tmp_path / "b.csv", rows)])
    assert len(json.loads(manifest_path.read_text())["segments"]) == 2
    assert counts_from_counts_files() == counts_from_files()


def test_a_missing_counts_file_means_a_full_recount(intel_store, tmp_path):
    crime_paths_import(paths=[write_street_csv(tmp_path / "a.csv", [street_row(crime_id="x1")])])
    for path in intel_store.glob("counts-*.parquet"):
        path.unlink()
    assert not storage.counts_fresh()
    rows = [street_row(crime_id="x2", month="2019-02")]
    crime_paths_import(paths=[write_street_csv(tmp_path / "b.csv", rows)])
    assert counts_from_counts_files() == counts_from_files()
