"""Plan files and issue 17: exports never carry a live formula (finding 5)."""

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from safer.partners.roles import Role
from safer.partners.tests.factories import member
from safer.plans import selectors, transfer
from safer.plans.models import Task
from safer.plans.services import plan_file_import
from safer.plans.tests.factories import plan_import, row

pytestmark = pytest.mark.django_db

HYPERLINK = '=HYPERLINK("http://evil.example/","Click")'
TEXTS = {
    "task": HYPERLINK,
    "timescale": "+1 month",
    "indicator": "-dash indicator",
    "target": "@target",
    "target_timescale": "\tTabbed",
}


@pytest.fixture
def coordinator(partnership):
    return member(Role.COORDINATOR, partnership["CDC"], username="coordinator")


@pytest.fixture
def planted(partnership):
    report = plan_import([row(partners="CDC", **TEXTS), row(task="-12.5", heading="Numbers")])
    assert report.ok, report.errors


def texts() -> list[tuple]:
    return sorted(
        (
            t.text,
            t.timescale,
            [(i.name, i.target_text, i.target_timescale) for i in t.indicators.all()],
        )
        for t in Task.objects.all()
    )


def test_csv_export_defuses_formulas_and_imports_back_unchanged(planted, signed_in, coordinator):
    before = texts()
    assert before[1][0] == HYPERLINK
    client = signed_in(coordinator)
    content = client.get(reverse("plans:export"), {"format": "csv"}).content
    cells = [value for line in csv.reader(io.StringIO(content.decode())) for value in line]
    assert "'" + HYPERLINK in cells
    assert "'+1 month" in cells
    assert "'-dash indicator" in cells
    assert "'@target" in cells
    assert "-12.5" in cells  # a number, not a formula: left as it is
    report = plan_file_import(
        content=content, filename="again.csv", imported_by=None, existing="replace"
    )
    assert report.ok, report.errors
    assert texts() == before


def test_xlsx_export_holds_text_never_a_formula(planted):
    content = transfer.xlsx_write(transfer.plan_rows(selectors.plans_for_export()))
    sheet = load_workbook(io.BytesIO(content)).active
    cells = [cell for line in sheet.iter_rows(min_row=2) for cell in line if cell.value]
    assert {cell.data_type for cell in cells} == {"s"}
    assert HYPERLINK in {cell.value for cell in cells}
    before = texts()
    report = plan_file_import(
        content=content, filename="again.xlsx", imported_by=None, existing="replace"
    )
    assert report.ok, report.errors
    assert texts() == before
