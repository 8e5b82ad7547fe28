"""A small but complete partnership: people, reports, a case with a document and an
intervention, audit events, and a Parquet file in the analytics store."""

from dataclasses import dataclass
from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from safer.cases import services
from safer.cases.models import Case, Report
from safer.cases.services import PersonInput
from safer.cases.tests.factories import report
from safer.people.models import Person
from safer.people.tests.factories import PersonFactory


@dataclass
class Partnership:
    case: Case
    loose_report: Report
    perpetrator: Person
    victim: Person
    witness: Person


@pytest.fixture
def stores(settings, tmp_path):
    """Uploads and the analytics store in folders of this test's own."""
    settings.MEDIA_ROOT = tmp_path / "uploads"
    settings.INTEL_DATA_DIR = tmp_path / "intel"
    settings.MEDIA_ROOT.mkdir()
    return tmp_path


@pytest.fixture
def partnership(stores, caseworker, council) -> Partnership:
    today = timezone.localdate()
    perpetrator = PersonFactory(
        organisation=council, first_name="Adam", last_name="Perp", date_of_birth=date(1990, 1, 1)
    )
    victim = PersonFactory(organisation=council, first_name="Vera", last_name="Victim")
    witness = PersonFactory(organisation=council, first_name="Will", last_name="Witness")
    people = [
        PersonInput(role="alleged_perpetrator", person_id=perpetrator.pk),
        PersonInput(role="victim", person_id=victim.pk),
        PersonInput(role="witness", person_id=witness.pk),
    ]
    case = services.case_open(opened_by=caseworker, reports=[report(caseworker, people=people)])
    services.case_document_add(
        case=case,
        uploaded_by=caseworker,
        upload=SimpleUploadedFile("diary.pdf", b"%PDF-1.4 diary sheet about Adam Perp"),
    )
    services.intervention_record(
        case=case,
        person=perpetrator,
        kind="acceptable_behaviour_contract",
        recorded_by=caseworker,
        issued_on=today - timedelta(days=30),
    )
    loose = report(
        caseworker, people=[PersonInput(role="reporter", first_name="Lone", last_name="Caller")]
    )
    return Partnership(case, loose, perpetrator, victim, witness)


@pytest.fixture
def parquet_file(stores):
    """One Parquet file in the analytics store, as an import would leave it."""
    import duckdb

    from safer.intel.storage import month_dir

    path = month_dir("2024-01") / "part-0.parquet"
    path.parent.mkdir(parents=True, exist_ok=True)
    duckdb.sql("SELECT 42 AS n, 'Burglary' AS crime_type").write_parquet(str(path))
    return path


@pytest.fixture
def officer(council):
    """The data protection officer: the administrator role holds the capability."""
    from safer.partners.roles import Role
    from safer.partners.tests.factories import member

    return member(Role.ADMIN, council, username="dpo")
