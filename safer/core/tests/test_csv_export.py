"""Formula injection in CSV downloads (issue 17, finding 5): one writer defuses formula-like
text in every CSV the service hands out; numbers stay numbers."""

import csv
import io
from decimal import Decimal
from pathlib import Path

import numpy as np
import pytest
from django.core.management import call_command
from django.urls import reverse

from safer.audit.services import record
from safer.core import csv_export
from safer.intel import case_measures
from safer.intel import views as intel_views
from safer.intel.mappings import seed_incident_log
from safer.intel.models import ColumnMapping
from safer.intel.services import crime_paths_import
from safer.intel.sources.police_uk import STREET_COLUMNS
from safer.partners.roles import Role
from safer.partners.tests.factories import OrganisationFactory, member
from safer.plans.tests.factories import plan_import, row

SAFER = Path(__file__).resolve().parents[2]
SAMPLE_DIR = SAFER / "intel" / "data" / "police-uk"
HYPERLINK = '=HYPERLINK("http://evil.example/","Click")'
PLANTED = [HYPERLINK, "+44 1234 cmd", "-2+3+cmd|' /C calc'!A0", "@SUM(1+1)", "\tTab", "\rReturn"]


# The writer


@pytest.mark.parametrize("value", PLANTED)
def test_text_a_spreadsheet_would_run_gets_a_leading_apostrophe(value):
    assert csv_export.cell(value) == "'" + value
    assert csv_export.unquoted(csv_export.cell(value)) == value


@pytest.mark.parametrize(
    "value",
    [-12, -12.5, 0, 3, Decimal("-1.25"), np.int64(-4), np.float64(-0.5), "-12.5", "+3", "-1e5"],
)
def test_numbers_stay_numbers(value):
    assert csv_export.text([[value]]) == f"{value}\r\n"


@pytest.mark.parametrize("value", ["plain", "a = b", "", "O'Brien", "'quoted", "2019-01"])
def test_other_text_is_unchanged(value):
    assert csv_export.cell(value) == value
    assert csv_export.unquoted(value) == value


def test_none_is_empty_and_options_pass_through():
    assert csv_export.text([["a", None, 1]], lineterminator="\n") == "a,,1\n"
    assert list(csv_export.lines([["=x"], ["y"]])) == ["'=x\r\n", "y\r\n"]


def test_no_other_csv_writer_in_the_service():
    """Every CSV the service writes goes through safer.core.csv_export."""
    writers = [
        str(path.relative_to(SAFER))
        for path in SAFER.rglob("*.py")
        if "tests" not in path.parts
        and path.name != "csv_export.py"
        and ("csv.writer(" in (text := path.read_text()) or "csv.DictWriter(" in text)
    ]
    assert writers == []


# Every CSV download


@pytest.fixture
def planted(db, settings, tmp_path, council):
    """Crime, plan and audit data with formula-like text in every text column a user or a
    police.uk file can fill."""
    settings.INTEL_DATA_DIR = tmp_path / "intel"
    assert not crime_paths_import(paths=[SAMPLE_DIR]).rejected_files
    street = tmp_path / "planted.csv"
    with street.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(STREET_COLUMNS)
        for n in range(3):  # one street point three times: a repeat location
            force = "Thames Valley Police"
            location = "+cmd|' /C calc'!A0"
            writer.writerow(
                [
                    *(f"evil{n}", "2019-02", force, force, "-1.338", "52.063", location),
                    *("E01028479", "@SUM(1+1)", "Burglary", HYPERLINK, ""),
                ]
            )
    assert not crime_paths_import(paths=[street]).rejected_files
    seed_incident_log()
    for partner in ("CDC", "OCC", "TVP"):
        OrganisationFactory(name=f"Partner {partner}", short_name=partner)
    report = plan_import(
        [
            row(task=HYPERLINK, timescale="+1 month", partners="CDC"),
            row(task="-dash task", indicator="@indicator", target="=1+1"),
        ]
    )
    assert report.ok, report.errors
    record(actor=None, action="=cmd|' /C calc'!A0", changes={"label": HYPERLINK})


QUERY = {"area": "E07000177", "crime_type": "burglary", "month_from": "2018-10"}
QUERY |= {"month_to": "2019-02"}


def downloads() -> list[tuple[str, list, dict]]:
    """Every CSV download: (URL name, arguments, query)."""
    log = {"source": str(ColumnMapping.objects.get().pk)}  # the demo log's last 12 months
    return [
        *[("intel:download", [table], QUERY) for table in intel_views.DOWNLOADS],
        *[("intel:asb_download", [table], QUERY) for table in case_measures.ASB_TABLES],
        ("intel:near_repeats_download", [], log),
        ("plans:export", [], {"format": "csv"}),
        ("audit:export", [], {}),
    ]


def rows_of(response) -> list[list[str]]:
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return list(csv.reader(io.StringIO(content.decode("utf-8"))))


def test_every_csv_download_defuses_formula_like_text(planted, signed_in, council):
    analyst = signed_in(member(Role.ANALYST, council))
    seen = {}
    for name, args, query in downloads():
        client = analyst
        if name == "plans:export":
            client = signed_in(member(Role.CASEWORKER, council))
        elif name == "audit:export":
            client = signed_in(member(Role.ADMIN, council))
        response = client.get(reverse(name, args=args), query)
        assert response.status_code == 200, (name, args)
        assert response["Content-Type"].startswith("text/csv"), (name, args)
        rows = rows_of(response)
        assert len(rows) > 1, (name, args)
        for line in rows:
            for value in line:
                assert not value.startswith(csv_export.FORMULA_STARTS) or (
                    csv_export._NUMBER.fullmatch(value)
                ), (name, args, value)
        seen[(name, *args)] = [value for line in rows for value in line]
    assert "'" + HYPERLINK in seen[("intel:download", "outcomes")]
    assert "'+cmd|' /C calc'!A0" in seen[("intel:download", "repeats")]
    assert "'@SUM(1+1)" in seen[("intel:download", "repeats")]
    plans = seen[("plans:export",)]
    for value in (HYPERLINK, "+1 month", "-dash task", "@indicator", "=1+1"):
        assert "'" + value in plans
    audit = seen[("audit:export",)]
    assert "'=cmd|' /C calc'!A0" in audit
    assert any(HYPERLINK.replace('"', '\\"') in value for value in audit)  # JSON, starts with {


def test_export_action_plans_command_defuses_csv(planted, tmp_path):
    output = tmp_path / "plans.csv"
    call_command("export_action_plans", "--format", "csv", "--output", str(output))
    with output.open(encoding="utf-8", newline="") as handle:
        cells = [value for line in csv.reader(handle) for value in line]
    assert "'" + HYPERLINK in cells
    assert HYPERLINK not in cells
