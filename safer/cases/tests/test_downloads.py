"""Downloading the case and report lists: who may, what is in them, formulas defused, audited."""

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from safer.audit.models import AuditEvent
from safer.cases import services
from safer.cases.models import Report
from safer.cases.tests.factories import report, victim
from safer.partners.roles import Role
from safer.partners.tests.factories import member

pytestmark = pytest.mark.django_db

FORMULA = '=HYPERLINK("http://evil.example/","Click")'


@pytest.fixture
def coordinator(council):
    return member(Role.COORDINATOR, council)


@pytest.fixture
def cases(caseworker, police):
    """Two cases of the council (one titled with a formula) and one of the police."""
    ours = [
        services.case_open(
            opened_by=caseworker, reports=[report(caseworker, people=[victim()])], title=title
        )
        for title in (FORMULA, "Noise at 1 Imaginary Road")
    ]
    officer = member(Role.PARTNER_OFFICER, police)
    theirs = services.case_open(
        opened_by=officer, reports=[report(officer, address="9 Hidden Road")], title="Hidden"
    )
    return ours, theirs


def _csv(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))


def _xlsx(response) -> list[list]:
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    return [[cell.value for cell in row] for row in sheet.iter_rows()]


def test_caseworker_without_the_capability_is_refused(signed_in, caseworker, cases):
    client = signed_in(caseworker)
    for name in ("cases:list_download", "cases:report_list_download"):
        for fmt in ("csv", "xlsx"):
            assert client.get(reverse(name, args=[fmt])).status_code == 403
    assert not AuditEvent.objects.filter(action__endswith=".downloaded").exists()
    page = client.get(reverse("cases:list")).content.decode()
    assert "Download CSV" not in page and "Download XLSX" not in page


def test_case_csv_holds_only_visible_cases_with_formulas_defused(signed_in, coordinator, cases):
    ours, theirs = cases
    response = signed_in(coordinator).get(reverse("cases:list_download", args=["csv"]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment;" in response["Content-Disposition"]
    rows = _csv(response)
    assert rows[0][0] == "Case reference"
    assert sorted(row[0] for row in rows[1:]) == sorted(c.reference for c in ours)
    assert theirs.reference not in {row[0] for row in rows}
    titles = {row[1] for row in rows[1:]}
    assert "'" + FORMULA in titles and FORMULA not in titles


def test_case_xlsx_writes_text_cells_and_follows_the_filters(signed_in, coordinator, cases):
    ours, _ = cases
    response = signed_in(coordinator).get(
        reverse("cases:list_download", args=["xlsx"]), {"q": "imaginary", "risk": "standard"}
    )
    assert response.status_code == 200
    rows = _xlsx(response)
    assert rows[0][:2] == ["Case reference", "Title"]
    assert sorted(row[0] for row in rows[1:]) == sorted(c.reference for c in ours)
    assert "'" + FORMULA in {row[1] for row in rows[1:]}
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)
    event = AuditEvent.objects.get(action="cases.downloaded")
    assert event.actor_id == coordinator.pk
    assert event.changes["filters"] == {"risk": "standard"}
    assert event.changes["format"] == "xlsx"
    assert event.changes["count"] == 2
    assert event.changes["search"]["words"] == 1  # the search words kept as a reference only


def test_a_filter_narrows_the_download(signed_in, coordinator, cases):
    response = signed_in(coordinator).get(
        reverse("cases:list_download", args=["csv"]), {"status": "closed"}
    )
    assert len(_csv(response)) == 1  # the header alone: no closed case
    assert AuditEvent.objects.get(action="cases.downloaded").changes["count"] == 0


def test_report_downloads_hold_only_visible_reports_and_are_audited(
    signed_in, coordinator, caseworker, cases
):
    ours, _ = cases
    formula_report = report(caseworker)
    Report.objects.filter(pk=formula_report.pk).update(description="@SUM(1+1)*cmd|' /C calc'!A0")
    client = signed_in(coordinator)
    rows = _csv(client.get(reverse("cases:report_list_download", args=["csv"])))
    references = {row[0] for row in rows[1:]}
    expected = {r.reference for c in ours for r in c.reports.all()} | {formula_report.reference}
    assert references == expected
    descriptions = {row[6] for row in rows[1:]}
    assert "'@SUM(1+1)*cmd|' /C calc'!A0" in descriptions
    case_column = {row[0]: row[13] for row in rows[1:]}
    assert case_column[formula_report.reference] == ""
    xlsx = _xlsx(client.get(reverse("cases:report_list_download", args=["xlsx"])))
    assert {row[0] for row in xlsx[1:]} == expected
    events = AuditEvent.objects.filter(action="reports.downloaded").order_by("id")
    assert [(e.changes["format"], e.changes["count"]) for e in events] == [
        ("csv", 3),
        ("xlsx", 3),
    ]


def test_links_shown_to_those_allowed_and_carry_the_filters(signed_in, coordinator, cases):
    client = signed_in(coordinator)
    page = client.get(reverse("cases:list"), {"risk": "standard"}).content.decode()
    assert "Download CSV" in page and "Download XLSX" in page
    assert reverse("cases:list_download", args=["csv"]) + "?risk=standard" in page
    reports_page = client.get(reverse("cases:report_list")).content.decode()
    assert reverse("cases:report_list_download", args=["xlsx"]) in reports_page


def test_an_unknown_format_is_not_found(signed_in, coordinator):
    response = signed_in(coordinator).get(reverse("cases:list_download", args=["pdf"]))
    assert response.status_code == 404
