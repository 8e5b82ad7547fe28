"""Moving a caseload in and out: the round trip, re-runs, and refusals that store nothing."""

import csv
import io
import zipfile
from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone
from openpyxl import load_workbook

from safer.audit.models import AuditEvent
from safer.cases import services
from safer.cases.models import Case, ImportedRecord, Intervention, Report
from safer.cases.services import PersonInput
from safer.cases.tests.factories import report, victim
from safer.cases.transfer.layout import SHEETS
from safer.partners.roles import Role
from safer.partners.tests.factories import member
from safer.people.models import Person
from safer.people.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded(caseworker, council):
    """A council caseload: people, reports naming them, open, active and closed cases."""
    neighbour = PersonFactory(organisation=council, first_name="Alex", last_name="Neighbour")
    first = report(caseworker, people=[victim()], address="1 Imaginary Road")
    second = report(
        caseworker, address="2 Imaginary Road", type="graffiti", category="environmental"
    )
    third = report(caseworker, address='=HYPERLINK("http://evil.example/")')
    perpetrator = PersonInput(role="alleged_perpetrator", first_name="Sam", last_name="Loud")
    fourth = report(caseworker, people=[perpetrator], address="4 Imaginary Road")
    noisy = services.case_open(
        opened_by=caseworker, reports=[first, fourth], title="Noise at 1 Imaginary Road"
    )
    services.intervention_record(
        case=noisy,
        person=Person.objects.get(last_name="Loud"),
        kind="acceptable_behaviour_contract",
        recorded_by=caseworker,
        issued_on=timezone.localdate() - timedelta(days=30),
        expires_on=timezone.localdate() + timedelta(days=150),
        conditions="=No music after 11pm",
    )
    active = services.case_open(opened_by=caseworker, reports=[second])
    services.case_update(
        case=active, changed_by=caseworker, expected_version=active.version, status="action"
    )
    closed = services.case_open(opened_by=caseworker, reports=[third])
    services.case_close(case=closed, closed_by=caseworker, outcome="resolved", reason="Stopped")
    return neighbour


def _sheets(path) -> dict[str, list[list]]:
    book = load_workbook(path)
    return {s: [[c.value for c in row] for row in book[s].iter_rows()] for s in SHEETS}


def test_round_trip_into_another_organisation_gives_the_same_file(
    tmp_path, seeded, council, police
):
    officer = member(Role.PARTNER_OFFICER, police, username="importer")
    first, second = tmp_path / "first.xlsx", tmp_path / "second.xlsx"
    call_command("export_caseload", str(first), organisation="TDC")
    exported = _sheets(first)
    assert len(exported["People"]) == 4 and len(exported["Cases"]) == 4  # headers included
    assert len(exported["Interventions"]) == 2
    assert "'=HYPERLINK" in str(exported["Reports"])  # formula defused in the file
    out = io.StringIO()
    call_command("import_caseload", str(first), organisation="TP", user="importer", stdout=out)
    assert "Imported 3 people, 4 reports, 3 cases, 1 interventions" in out.getvalue()
    assert Case.objects.filter(organisation=police).count() == 3
    assert Report.objects.get(organisation=police, postcode="OX16 1ZZ", address__startswith="=")
    call_command("export_caseload", str(second), organisation="TP")
    assert _sheets(second) == exported
    event = AuditEvent.objects.get(action="caseload.imported")
    assert event.actor_id == officer.pk
    assert event.changes["created"] == {"People": 3, "Reports": 4, "Cases": 3, "Interventions": 1}
    # created through the services: their own audit events and search keys are there
    assert AuditEvent.objects.filter(action="case.closed", organisation=police).exists()
    assert Person.objects.get(organisation=police, last_name="Neighbour").name_key
    contract = Intervention.objects.get(case__organisation=police)
    assert contract.conditions == "=No music after 11pm"  # the apostrophe taken off again
    assert AuditEvent.objects.filter(action="intervention.recorded", organisation=police).exists()


def test_running_the_same_file_again_changes_nothing(tmp_path, seeded, police):
    member(Role.PARTNER_OFFICER, police, username="importer")
    path = tmp_path / "caseload.zip"
    call_command("export_caseload", str(path), organisation="TDC")
    call_command("import_caseload", str(path), organisation="TP", user="importer")
    counts = (Person.objects.count(), Report.objects.count(), Case.objects.count())
    records = ImportedRecord.objects.count()
    out = io.StringIO()
    call_command("import_caseload", str(path), organisation="TP", user="importer", stdout=out)
    assert "Imported 0 people, 0 reports, 0 cases, 0 interventions" in out.getvalue()
    assert (Person.objects.count(), Report.objects.count(), Case.objects.count()) == counts
    assert ImportedRecord.objects.count() == records


def _folder(tmp_path, seeded) -> dict[str, list[list[str]]]:
    folder = tmp_path / "csv"
    call_command("export_caseload", str(folder), organisation="TDC")
    return {
        name: list(csv.reader((folder / name).open(encoding="utf-8")))
        for name in ("people.csv", "reports.csv", "cases.csv", "interventions.csv")
    }


def _write(tmp_path, tables) -> str:
    folder = tmp_path / "changed"
    folder.mkdir()
    for name, rows in tables.items():
        with (folder / name).open("w", encoding="utf-8", newline="") as handle:
            csv.writer(handle).writerows(rows)
    return str(folder)


def _refused(path) -> str:
    with pytest.raises(CommandError) as refused:
        call_command("import_caseload", path, organisation="TP", user="importer")
    return str(refused.value)


def test_a_bad_row_anywhere_stores_nothing_and_is_named(tmp_path, seeded, police):
    member(Role.PARTNER_OFFICER, police, username="importer")
    tables = _folder(tmp_path, seeded)
    tables["cases.csv"][3][3] = "Pending"  # the last case's status
    tables["reports.csv"][2][2] = "yesterday"  # the second report's Happened
    before = (Person.objects.count(), Report.objects.count(), Case.objects.count())
    message = _refused(_write(tmp_path, tables))
    assert "Nothing was imported" in message
    assert "Cases, row 4, column 'Status': 'Pending' is not one of" in message
    assert "Reports, row 3, column 'Happened': 'yesterday' is not a date and time" in message
    assert (Person.objects.count(), Report.objects.count(), Case.objects.count()) == before
    assert not ImportedRecord.objects.exists()


def test_a_row_the_services_refuse_rolls_back_the_rows_before_it(tmp_path, seeded, police):
    member(Role.PARTNER_OFFICER, police, username="importer")
    tables = _folder(tmp_path, seeded)
    tables["people.csv"][2][1] = "Only"  # a first name without a last name: half a name
    tables["people.csv"][2][2] = ""
    tables["people.csv"][2][3] = ""
    before = (Person.objects.count(), Report.objects.count(), Case.objects.count())
    message = _refused(_write(tmp_path, tables))
    assert "People, row 3:" in message and "last_name" in message
    assert (Person.objects.count(), Report.objects.count(), Case.objects.count()) == before
    assert not AuditEvent.objects.filter(action="caseload.imported").exists()


def test_links_to_unknown_references_and_repeated_references_are_named(tmp_path, seeded, police):
    member(Role.PARTNER_OFFICER, police, username="importer")
    tables = _folder(tmp_path, seeded)
    tables["cases.csv"][1][4] = "NO-SUCH-REPORT"
    tables["people.csv"].append(tables["people.csv"][1])
    message = _refused(_write(tmp_path, tables))
    assert "Cases, row 2, column 'Reports': 'NO-SUCH-REPORT' is not a report" in message
    assert "People, row 5, column 'Person reference': reference 'person-" in message
    assert "is used by row 2 too" in message


def test_files_are_bounded_before_they_are_read(tmp_path, settings, police):
    member(Role.PARTNER_OFFICER, police, username="importer")
    bomb = tmp_path / "bomb.zip"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as bundle:
        bundle.writestr("people.csv", "a" * (3 << 20))
    settings.CASELOAD_IMPORT_MAX_MB = 0
    assert "larger than the 0 MB accepted" in _refused(str(bomb))
    settings.CASELOAD_IMPORT_MAX_MB = 1
    assert "unpacks to" in _refused(str(bomb))
    (tmp_path / "notes.txt").write_text("hello")
    assert "is not a folder, a .zip" in _refused(str(tmp_path / "notes.txt"))


def test_an_intervention_the_law_refuses_is_named(tmp_path, seeded, police):
    member(Role.PARTNER_OFFICER, police, username="importer")
    tables = _folder(tmp_path, seeded)
    tables["interventions.csv"][1][3] = "Curfew"
    tables["interventions.csv"][1][11] = "Maybe"
    message = _refused(_write(tmp_path, tables))
    assert "Interventions, row 2, column 'Type of intervention': 'Curfew' is not one of" in message
    assert "Interventions, row 2, column 'Historical record': 'maybe' is not Yes or No" in message
    assert not Intervention.objects.filter(case__organisation=police).exists()


def test_a_workbook_from_elsewhere_with_date_cells_and_labels(tmp_path, police):
    """A hand-made workbook: real date cells, labels in any case, sheets left out."""
    from datetime import date, datetime

    from openpyxl import Workbook

    importer = member(Role.PARTNER_OFFICER, police, username="importer")
    book = Workbook()
    people = book.active
    people.title = "People"
    people.append(SHEETS["People"])
    people.append(["X1", "Jo", "Bloggs", "", datetime(1990, 5, 1), "", "", "", "ox16 1zz"])
    reports = book.create_sheet("Reports")
    reports.append(SHEETS["Reports"])
    row = ["R1", "phone", datetime(2026, 1, 2, 21, 30), "", "NUISANCE", "Noise", "Music"]
    reports.append([*row, "1 Road", "", "X1 victim"])
    path = tmp_path / "from-elsewhere.xlsx"
    book.save(path)
    call_command("import_caseload", str(path), organisation="TP", user="importer")
    person = Person.objects.get(organisation=police)
    assert (person.date_of_birth, person.postcode) == (date(1990, 5, 1), "OX16 1ZZ")
    imported = Report.objects.get(organisation=police)
    assert (imported.type, imported.category) == ("noise", "nuisance")
    assert imported.recorded_by == importer
    assert imported.involvements.get().person == person


def test_the_importer_must_belong_to_the_organisation(tmp_path, seeded, caseworker, police):
    path = tmp_path / "c.xlsx"
    call_command("export_caseload", str(path), organisation="TDC")
    with pytest.raises(CommandError, match="not a member of Test Police"):
        call_command("import_caseload", str(path), organisation="TP", user="caseworker")
