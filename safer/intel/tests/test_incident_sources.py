"""The ASB and near-repeat pages on an incident log imported through a column mapping: counts
checked against the committed Anytown sample read with the csv module alone, and a constructed
near-repeat pattern imported through a mapping."""

import csv
import io
from collections import Counter
from datetime import date, datetime, timedelta

import pytest
from django.urls import reverse

from safer.intel import case_measures, selectors
from safer.intel.mappings import DEMO_LOG, column_mapping_create, seed_incident_log
from safer.intel.services import crime_paths_import
from safer.intel.tests.test_near_repeats import (
    KNOX,
    assert_finds_the_constructed_pattern,
    knox_arguments,
    near_repeat_pattern,
)
from safer.partners.roles import Role
from safer.partners.tests.factories import member

pytestmark = pytest.mark.django_db

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


@pytest.fixture
def analyst(council):
    return member(Role.ANALYST, council)


@pytest.fixture
def anytown(intel_store):
    """The fictional log imported; its mapping's id as the pages' "Data" value."""
    return str(seed_incident_log().files[0].mapping_id)


def raw_log() -> list[dict]:
    """The committed log read with the csv module, each row's date parsed by hand."""
    with DEMO_LOG.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    for r in rows:
        day, month, year = (int(part) for part in r["Date reported"].split("/"))
        r["date"] = date(year, month, day)
    return rows


def csv_rows(response) -> list[list[str]]:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    return list(csv.reader(io.StringIO(response.content.decode())))


def test_profile_of_the_sample_matches_the_raw_file(anytown):
    raw = raw_log()
    profile = selectors.incident_profile(mapping_id=int(anytown))
    timed = [r for r in raw if r["Time"]]
    assert profile.total == len(raw) == 40
    assert profile.date_only == len(raw) - len(timed) > 0
    assert profile.located == sum(1 for r in raw if r["Easting"])
    assert profile.months == dict(sorted(Counter(f"{r['date']:%Y-%m}" for r in raw).items()))
    hours = Counter(int(r["Time"][:2]) for r in timed)
    assert profile.by_hour == [hours.get(h, 0) for h in range(24)]
    assert sum(profile.by_hour) == len(timed)  # date-only rows are not put at midnight
    weekdays = Counter(r["date"].weekday() for r in raw)
    assert profile.by_weekday == [weekdays.get(d, 0) for d in range(7)]
    grid = Counter((r["date"].weekday(), int(r["Time"][:2])) for r in timed)
    assert profile.grid == [[grid.get((d, h), 0) for h in range(24)] for d in range(7)]
    asb = selectors.incident_profile(
        mapping_id=int(anytown), month_from="2019-02", month_to="2019-02", crime_type=selectors.ASB
    )
    assert asb.total == sum(
        1
        for r in raw
        if r["date"].month == 2 and r["Incident type"] in ("Youth ASB", "Noise nuisance")
    )
    assert selectors.incident_profile(mapping_id=999).total == 0


def test_asb_page_offers_both_sources_and_profiles_the_log(signed_in, analyst, anytown):
    raw = raw_log()
    client = signed_in(analyst)
    body = client.get(reverse("intel:asb")).content.decode()
    assert "Case reports (all partners)" in body
    assert "Anytown incident log (imported incident log)" in body
    filters = {"source": anytown, "month_from": "2019-01", "month_to": "2019-03"}
    body = client.get(reverse("intel:asb"), filters).content.decode()
    date_only = sum(1 for r in raw if not r["Time"])
    assert "40 incidents imported from Anytown District Council (fictional)" in body
    assert f"leaves out <strong>{date_only}</strong> incidents with a date only" in body
    assert "Anytown incident log incidents by hour of day" in body

    months = csv_rows(client.get(reverse("intel:asb_download", args=["months"]), filters))
    by_month = Counter(f"{r['date']:%Y-%m}" for r in raw)
    assert months == [
        ["month", "incidents", "police_uk_asb"],
        *([m, str(by_month[m]), ""] for m in ("2019-01", "2019-02", "2019-03")),
    ]
    hours = csv_rows(client.get(reverse("intel:asb_download", args=["hours"]), filters))
    assert hours[0] == ["hour", "incidents_with_a_time"]
    by_hour = Counter(int(r["Time"][:2]) for r in raw if r["Time"])
    assert [int(n) for _, n in hours[1:]] == [by_hour.get(h, 0) for h in range(24)]
    weekdays = csv_rows(client.get(reverse("intel:asb_download", args=["weekdays"]), filters))
    by_day = Counter(r["date"].weekday() for r in raw)
    assert weekdays[1:] == [[name, str(by_day.get(d, 0))] for d, name in enumerate(WEEKDAYS)]
    grid = csv_rows(client.get(reverse("intel:asb_download", args=["grid"]), filters))
    assert sum(int(n) for row in grid[1:] for n in row[1:]) == len(raw) - date_only

    asb = csv_rows(
        client.get(
            reverse("intel:asb_download", args=["months"]),
            filters | {"incident_type": selectors.ASB},
        )
    )
    youth_and_noise = [r for r in raw if r["Incident type"] in ("Youth ASB", "Noise nuisance")]
    assert sum(int(row[1]) for row in asb[1:]) == len(youth_and_noise)


def test_log_defaults_to_its_own_months_and_case_reports_stay_the_default(
    signed_in, analyst, anytown
):
    client = signed_in(analyst)
    body = client.get(reverse("intel:asb"), {"source": anytown}).content.decode()
    assert "2019-01 to 2019-03" in body and "40 incidents" in body
    body = client.get(reverse("intel:asb"), {"source": "nonsense"}).content.decode()
    assert "0 anti-social behaviour reports recorded in this system" in body


def test_hours_are_the_logs_own_wall_clock_times(intel_store, tmp_path):
    # Summer: 23:30 on Tuesday 1 July stays 23:00-23:59 on Tuesday (no shift from UTC).
    mapping = log_mapping()
    rows = [
        ["S1", "01/07/2025", "23:30", "Youth ASB", "-1.34", "52.06"],
        ["S2", "01/07/2025", "", "Youth ASB", "-1.34", "52.06"],  # date only
    ]
    crime_paths_import(paths=[write_log(tmp_path / "summer.csv", rows)], mapping=mapping)
    profile = selectors.incident_profile(mapping_id=mapping.pk)
    assert profile.by_hour[23] == 1 and sum(profile.by_hour) == 1
    assert profile.by_weekday == [0, 2, 0, 0, 0, 0, 0]
    assert profile.grid[1][23] == 1 and profile.date_only == 1


# Near repeats

HEADER = ["Ref", "Date", "Time", "Type", "Lon", "Lat"]


def log_mapping(name="Constructed log"):
    return column_mapping_create(
        created_by=None,
        name=name,
        reported_by="Test District Council",
        header=HEADER,
        id_column="Ref",
        date_column="Date",
        date_formats=["%d/%m/%Y"],
        time_column="Time",
        time_formats=["%H:%M"],
        type_column="Type",
        type_map={"Youth ASB": "anti-social-behaviour"},
        coordinates="lonlat",
        x_column="Lon",
        y_column="Lat",
    )


def write_log(path, rows):
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerows([HEADER, *rows])
    path.write_text(out.getvalue(), encoding="utf-8")
    return path


@pytest.fixture
def pattern_log(intel_store, tmp_path):
    """The constructed near-repeat pattern of the case-report tests as an imported log (times
    to the minute, UK wall clock); returns the mapping's "Data" value."""
    start = datetime(2026, 1, 1, 9)
    rows = []
    for day, point in near_repeat_pattern():
        when = start + timedelta(days=day)
        lon_lat = [f"{point['longitude']:.6f}", f"{point['latitude']:.6f}"] if point else ["", ""]
        rows.append([f"P{len(rows)}", f"{when:%d/%m/%Y}", f"{when:%H:%M}", "Youth ASB", *lon_lat])
    mapping = log_mapping()
    summary = crime_paths_import(paths=[write_log(tmp_path / "pattern.csv", rows)], mapping=mapping)
    assert summary.files[0].rows_stored == 164
    return str(mapping.pk)


def test_knox_on_an_imported_log_finds_the_constructed_pattern(pattern_log):
    near = case_measures.near_repeats(source=pattern_log, **knox_arguments())
    assert near.noun == "incidents" and near.source == "Constructed log"
    assert_finds_the_constructed_pattern(near)


def test_knox_takes_the_days_as_the_log_gives_them(intel_store, tmp_path):
    # Pairs at one place, 22:30 one day and 00:30 the next: one day apart, never the same day.
    mapping = log_mapping()
    rows = []
    for k in range(6):
        first = datetime(2026, 7, 1 + 3 * k, 22, 30)
        for when in (first, first + timedelta(hours=2)):
            rows.append([f"D{len(rows)}", f"{when:%d/%m/%Y}", f"{when:%H:%M}", "Youth ASB"])
            rows[-1] += [f"{-1.34 + k / 100:.4f}", "52.06"]
    crime_paths_import(paths=[write_log(tmp_path / "midnight.csv", rows)], mapping=mapping)
    events = case_measures.incident_events(
        mapping=mapping, month_from="2026-07", month_to="2026-07", crime_type=""
    )
    assert (events.days[1::2] - events.days[::2]).tolist() == [1.0] * 6
    near = case_measures.near_repeats(
        source=str(mapping.pk),
        month_from="2026-07",
        month_to="2026-07",
        distance_bands=1,
        time_band_days=1,
        time_bands=2,
        simulations=19,
    )
    assert near.rows()[0]["cells"][0]["observed"] == 0  # "0 to 0 days": the same day
    assert near.rows()[0]["cells"][1]["observed"] == 6  # "1 to 1 days": the next


def test_near_repeat_page_on_a_log_with_its_counts_cap_and_csv(
    signed_in, analyst, pattern_log, monkeypatch
):
    client = signed_in(analyst)
    query = KNOX | {"source": pattern_log}
    body = client.get(reverse("intel:near_repeats"), query).content.decode()
    assert "Constructed log (imported incident log)" in body
    assert "<strong>160</strong> incidents used from Constructed log" in body
    assert "Left out: 4 without coordinates" in body
    rows = csv_rows(client.get(reverse("intel:near_repeats_download"), query))
    assert len(rows) == 1 + 4 * 4
    close_now = next(r for r in rows if r[:2] == ["1 to 100 m", "0 to 6 days"])
    assert int(close_now[2]) >= 30 and float(close_now[5]) <= 0.01

    monkeypatch.setattr(case_measures, "MAX_KNOX_EVENTS", 100)
    body = client.get(reverse("intel:near_repeats"), query).content.decode()
    assert "<strong>100</strong> incidents used" in body
    assert "60 older incidents over the limit of 100" in body
    few = client.get(reverse("intel:near_repeats"), query | {"incident_type": "burglary"})
    assert "Fewer than 10 incidents with coordinates" in few.content.decode()


def test_near_repeats_on_the_anytown_sample(signed_in, analyst, anytown):
    raw = raw_log()
    near = case_measures.near_repeats(
        source=anytown, month_from="2019-01", month_to="2019-03", simulations=19
    )
    assert near.events == sum(1 for r in raw if r["Easting"])
    assert near.without_coordinates == sum(1 for r in raw if not r["Easting"])
    body = (
        signed_in(analyst).get(reverse("intel:near_repeats"), {"source": anytown}).content.decode()
    )
    assert f"<strong>{near.events}</strong> incidents used from Anytown incident log" in body


@pytest.mark.parametrize("role", [Role.CASEWORKER, Role.VIEWER, Role.PARTNER_OFFICER])
@pytest.mark.parametrize(
    ("name", "args"),
    [
        ("intel:asb", []),
        ("intel:asb_download", ["hours"]),
        ("intel:near_repeats", []),
        ("intel:near_repeats_download", []),
    ],
)
def test_roles_without_analytics_get_403_for_a_log(
    signed_in, council, intel_store, name, args, role
):
    source = {"source": str(log_mapping().pk)}
    response = signed_in(member(role, council)).get(reverse(name, args=args), source)
    assert response.status_code == 403
