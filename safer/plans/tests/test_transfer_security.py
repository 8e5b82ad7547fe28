"""Plan files and issue 17: exports never carry a live formula (finding 5) and an XLSX import is
checked as an archive before openpyxl unpacks it (finding 4)."""

import csv
import io
import zipfile

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from safer.partners.roles import Role
from safer.partners.tests.factories import member
from safer.plans import selectors, transfer
from safer.plans.models import ActionPlan, Task
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


def padded(content: bytes, megabytes: int) -> bytes:
    """A real workbook with a member of zeros added: a few KB more, megabytes unpacked."""
    buffer = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(content)) as source,
        zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as bundle,
    ):
        for info in source.infolist():
            bundle.writestr(info, source.read(info))
        with bundle.open("xl/media/padding.bin", "w", force_zip64=True) as pad:
            for _ in range(megabytes):
                pad.write(bytes(1 << 20))
    return buffer.getvalue()


def refuse_openpyxl(monkeypatch):
    def opened(*args, **kwargs):
        raise AssertionError("openpyxl opened the workbook before it was checked")

    monkeypatch.setattr(openpyxl, "load_workbook", opened)


def test_an_xlsx_bomb_is_refused_before_openpyxl_opens_it(partnership, monkeypatch):
    content = padded(transfer.xlsx_write([row(task="A task")]), 20)
    assert len(content) < 200_000
    refuse_openpyxl(monkeypatch)
    report = plan_file_import(content=content, filename="bomb.xlsx", imported_by=None)
    [error] = report.errors
    assert error.startswith("The XLSX file cannot be imported: it unpacks to ")
    assert error.endswith(
        f"times its own size, more than the {transfer.XLSX_MAX_RATIO} times accepted"
    )
    assert not ActionPlan.objects.exists()


def test_an_xlsx_over_the_size_limit_is_refused(partnership, monkeypatch):
    monkeypatch.setattr(transfer, "XLSX_MAX_MB", 1)
    monkeypatch.setattr(transfer, "XLSX_MAX_RATIO", 1_000_000)
    refuse_openpyxl(monkeypatch)
    content = padded(transfer.xlsx_write([row(task="A task")]), 2)
    report = plan_file_import(content=content, filename="big.xlsx", imported_by=None)
    assert report.errors == [
        transfer.XLSX_REFUSED.format(problem="it unpacks to more than the 1 MB accepted")
    ]


def test_the_import_page_names_an_xlsx_bomb(partnership, signed_in, coordinator):
    plan_import([row(task="Kept")])
    content = padded(transfer.xlsx_write([row(plan="Other", task="A task")]), 20)
    response = signed_in(coordinator).post(
        reverse("plans:import"), {"file": SimpleUploadedFile("bomb.xlsx", content)}
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "The XLSX file cannot be imported" in body
    assert "Nothing was imported" in body
    assert list(Task.objects.values_list("text", flat=True)) == ["Kept"]


def test_a_normal_workbook_still_imports(partnership):
    content = transfer.xlsx_write([row(task="From a spreadsheet", partners="CDC")])
    report = plan_file_import(content=content, filename="plan.xlsx", imported_by=None)
    assert report.ok, report.errors
