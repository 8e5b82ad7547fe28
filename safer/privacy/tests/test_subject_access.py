import io
import json
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError

from safer.audit.models import AuditEvent
from safer.audit.selectors import chain_verify
from safer.audit.services import record
from safer.cases import services
from safer.cases.services import PersonInput
from safer.cases.tests.factories import report
from safer.core.tests.pdf import structure
from safer.privacy.subject_access import THIRD_PARTY, subject_access_export

pytestmark = pytest.mark.django_db


def opened(content: bytes) -> tuple[zipfile.ZipFile, dict]:
    archive = zipfile.ZipFile(io.BytesIO(content))
    return archive, json.loads(archive.read("subject-access.json"))


def test_the_export_holds_everything_about_the_person_and_redacts_others(partnership, caseworker):
    record(actor=caseworker, action="person.viewed", target=partnership.perpetrator)
    archive, data = opened(
        subject_access_export(person=partnership.perpetrator, exported_by=caseworker)
    )
    assert {"subject-access.pdf", "subject-access.json"} <= set(archive.namelist())
    catalogue, elements = structure(archive.read("subject-access.pdf"))
    assert catalogue["/Lang"] == "en-GB"
    assert ("/H1", f"Information held about person {partnership.perpetrator.pk}") in elements
    pdf_text = " ".join(text for _, text in elements)
    assert "Adam Perp" in pdf_text and THIRD_PARTY in pdf_text and "Vera" not in pdf_text
    [person] = data["records"]
    assert person["first_name"] == "Adam" and person["date_of_birth"] == "1990-01-01"
    [report_] = data["reports"]
    names = {p["role"]: p["name"] for p in report_["people"]}
    assert names == {
        "Alleged perpetrator": "Adam Perp",
        "Victim": THIRD_PARTY,
        "Witness": THIRD_PARTY,
    }
    text = json.dumps(data)
    assert "Vera" not in text and "Will" not in text and "Witness" in text
    [case] = data["cases"]
    assert case["reference"] == partnership.case.reference
    # Others are named in the case: its document is listed but its file is not included.
    [document] = case["documents"]
    assert document["name"] == "diary.pdf" and document["file_included"] is False
    assert not [name for name in archive.namelist() if name.startswith("documents/")]
    assert [i["case"] for i in data["interventions"]] == [partnership.case.reference]
    assert any(
        v["who"] == "caseworker" and v["action"] == "person.viewed"
        for v in data["record_accessed_by"]
    )


def test_documents_of_a_case_about_the_person_alone_are_included(stores, caseworker, council):
    alone = report(
        caseworker, people=[PersonInput(role="victim", first_name="Solo", last_name="S")]
    )
    case = services.case_open(opened_by=caseworker, reports=[alone])
    services.case_document_add(
        case=case, uploaded_by=caseworker, upload=SimpleUploadedFile("note.txt", b"about Solo")
    )
    person = alone.people.get()
    archive, data = opened(subject_access_export(person=person, exported_by=caseworker))
    [document] = data["cases"][0]["documents"]
    assert document["file_included"] is True
    assert archive.read(document["file"]) == b"about Solo"


def test_the_export_is_audited_and_keeps_the_chain(partnership, caseworker):
    subject_access_export(person=partnership.victim, exported_by=caseworker)
    event = AuditEvent.objects.get(action="person.subject_access_exported")
    assert event.target_id == str(partnership.victim.pk)
    assert "Vera" not in json.dumps(event.changes)
    assert chain_verify().ok


def test_the_command_writes_the_zip(partnership, tmp_path):
    out = tmp_path / "sar.zip"
    call_command("subject_access", str(partnership.victim.pk), str(out), stdout=io.StringIO())
    _, data = opened(out.read_bytes())
    assert data["person_id"] == partnership.victim.pk
    with pytest.raises(CommandError, match="already exists"):
        call_command("subject_access", str(partnership.victim.pk), str(out))
    with pytest.raises(CommandError, match="no person with record number 999999"):
        call_command("subject_access", "999999", str(tmp_path / "other.zip"))


def test_the_export_holds_what_the_other_apps_keep_about_the_person(partnership, caseworker):
    """Messages, surveys, referrals, cohorts and case reviews each add their own section."""
    from datetime import date

    from safer.cohorts.models import Cohort, CohortMember
    from safer.notifications.models import Message

    person = partnership.perpetrator
    Message.objects.create(
        channel="email",
        to="adam@example.org",
        kind="reminder",
        subject="About your case",
        body="A letter is on its way",
        status="sent",
        person=person,
    )
    cohort = Cohort.objects.create(
        name="Deter Young Offenders 1", kind="dyo", organisation=caseworker.membership.organisation
    )
    CohortMember.objects.create(
        cohort=cohort, person=person, joined_on=date(2026, 1, 5), added_by=caseworker
    )
    archive, data = opened(subject_access_export(person=person, exported_by=caseworker))
    sections = {section["key"]: section for section in data["other_records"]}
    assert set(sections) == {
        "messages",
        "satisfaction_surveys",
        "referrals",
        "cohorts",
        "case_review_applications",
    }
    [message] = sections["messages"]["rows"]
    assert (message["To"], message["Message"]) == ("adam@example.org", "A letter is on its way")
    [membership] = sections["cohorts"]["rows"]
    assert (membership["Cohort"], membership["Joined"]) == ("Deter Young Offenders 1", "2026-01-05")
    _, elements = structure(archive.read("subject-access.pdf"))
    headings = [text for tag, text in elements if tag == "/H2"]
    assert "Messages sent to you" in headings and "Offender management cohorts" in headings
    pdf_text = " ".join(text for _, text in elements)
    assert "A letter is on its way" in pdf_text and "5 January 2026" in pdf_text
