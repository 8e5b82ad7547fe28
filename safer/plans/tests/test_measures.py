"""Live indicators reconciled with counts computed here from the raw data the test writes."""

import csv
from collections import Counter

import pytest
from django.utils import timezone

from safer.cases.services import PersonInput
from safer.cases.tests.factories import report, victim
from safer.intel.selectors import DETECTED_OUTCOMES
from safer.intel.services import crime_paths_import
from safer.intel.sources.police_uk import STREET_COLUMNS
from safer.plans import measures, selectors
from safer.plans.defaults import partnership_indicators_ensure
from safer.plans.models import Indicator
from safer.plans.periods import period_of
from safer.plans.rag import rag_status

pytestmark = pytest.mark.django_db

SAC = {"Burglary", "Robbery", "Theft from the person", "Vehicle crime"}
LSOAS = [
    ("E01028479", "Cherwell 001A"),
    ("E01028480", "Cherwell 001B"),
    ("E01028594", "Oxford 001A"),
]
TYPES = [
    "Burglary",
    "Robbery",
    "Vehicle crime",
    "Theft from the person",
    "Violence and sexual offences",
    "Shoplifting",
    "Criminal damage and arson",
]
OUTCOMES = ["Under investigation", "Offender given a caution", "Awaiting court outcome"]
MONTHS = ["2018-01", "2018-02", "2018-03", "2019-01", "2019-02", "2019-03"]


def write_crimes(folder) -> list[dict]:
    """A small police.uk street-level file with a spread of months, types, places and outcomes."""
    rows = []
    n = 0
    for m, month in enumerate(MONTHS):
        for t, crime_type in enumerate(TYPES):
            for place, (code, name) in enumerate(LSOAS):
                for k in range((m + t + place) % 4):
                    n += 1
                    rows.append(
                        {
                            "Crime ID": f"crime{n:05d}",
                            "Month": month,
                            "Reported by": "Thames Valley Police",
                            "Falls within": "Thames Valley Police",
                            "Longitude": "-1.338",
                            "Latitude": "52.063",
                            "Location": "On or near High Street",
                            "LSOA code": code,
                            "LSOA name": name,
                            "Crime type": crime_type,
                            "Last outcome category": OUTCOMES[(n + k) % 3],
                            "Context": "",
                        }
                    )
    path = folder / "2019-03-thames-valley-street.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(STREET_COLUMNS))
        writer.writeheader()
        writer.writerows(rows)
    return rows


@pytest.fixture
def crime_store(settings, tmp_path):
    settings.INTEL_DATA_DIR = tmp_path / "intel"
    settings.INTEL_DEFAULT_AREA = "E07000177"
    rows = write_crimes(tmp_path)
    summary = crime_paths_import(paths=[tmp_path / "2019-03-thames-valley-street.csv"])
    assert not summary.rejected_files
    return rows


def partnership(key: str) -> Indicator:
    partnership_indicators_ensure()
    return Indicator.objects.get(task=None, plan=None, measure_key=key)


def test_serious_acquisitive_crime_indicator_equals_the_count_from_the_raw_csv(crime_store):
    cherwell = [r for r in crime_store if r["LSOA name"].startswith("Cherwell")]
    per_month = Counter(r["Month"] for r in cherwell if r["Crime type"] in SAC)
    expected_now = sum(per_month[m] for m in ("2019-01", "2019-02", "2019-03"))
    expected_before = sum(per_month[m] for m in ("2018-01", "2018-02", "2018-03"))
    assert expected_now and expected_before

    indicator = partnership("serious_acquisitive_crime")
    reading = selectors.indicator_reading(indicator, "2019-Q1")

    assert reading.value == expected_now
    assert reading.baseline == expected_before
    expected_rag = rag_status(
        value=expected_now,
        target_value=-5,
        target_kind="percentage_change",
        direction="lower",
        baseline=expected_before,
    ).rag
    assert reading.rag == expected_rag
    # The newest quarter worth showing is the last one the store holds in full.
    assert selectors.indicator_latest(indicator).period == "2019-Q1"


def test_violence_detection_rate_equals_the_share_from_the_raw_csv(crime_store):
    violence = [
        r
        for r in crime_store
        if r["LSOA name"].startswith("Cherwell")
        and r["Crime type"] == "Violence and sexual offences"
        and r["Month"] >= "2019-01"
    ]
    detected = sum(1 for r in violence if r["Last outcome category"] in DETECTED_OUTCOMES)
    reading = selectors.indicator_reading(partnership("violence_detection_rate"), "2019-Q1")
    assert reading.value == pytest.approx(round(detected / len(violence) * 100, 2))
    assert reading.rag in ("green", "amber", "red")


def test_a_quarter_the_store_does_not_hold_is_grey_no_data(crime_store):
    reading = selectors.indicator_reading(partnership("serious_acquisitive_crime"), "2018-Q2")
    assert reading.value is None
    assert (reading.rag, reading.status.reason) == ("grey", "No data")


def test_case_measures_count_repeat_callers_and_reports_without_names(caseworker):
    first = report(caseworker, people=[victim()])
    person = first.people.get()
    report(caseworker, people=[victim(person)])
    report(caseworker, people=[victim(person)])
    report(caseworker, people=[PersonInput(role="victim", first_name="Sam", last_name="Sample")])
    period = period_of(timezone.localdate())
    # Independently: one person in three reports, one in one; four reports in all, none assessed.
    assert measures.measure_read("repeat_callers", period).value == 1
    assert measures.measure_read("reports_received", period).value == 4
    assert measures.measure_read("reports_risk_assessed", period).value == 0
    assert measures.measure_read("agencies_using_risk_assessment", period).value == 0
    reading = selectors.indicator_reading(partnership("repeat_callers"), period)
    assert (reading.value, reading.rag, reading.status.reason) == (1, "grey", "No target")


def test_every_measure_has_a_definition():
    for measure in measures.MEASURES.values():
        assert len(measure.definition) > 30, measure.key
