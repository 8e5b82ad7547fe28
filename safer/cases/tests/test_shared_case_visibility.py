"""A case shared with a partner names and numbers only what the partner may open (issue 17, 2).

A report the owner withheld from the partner, or a person another organisation holds and has
not shared, answers 404 to the partner; no page, API answer or count may then name or number it.
"""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from safer.cases import services
from safer.cases.models import Report
from safer.cases.selectors import repeat_callers
from safer.cases.services import PersonInput
from safer.cases.tests.factories import report, victim
from safer.partners.roles import Role
from safer.partners.services import record_share, record_unshare
from safer.partners.tests.factories import OrganisationFactory, member
from safer.people.models import Person

pytestmark = pytest.mark.django_db


@pytest.fixture
def shared_case(caseworker, police):
    """A council case shared with the police, with a later report the council withheld from
    them, and an intervention against a person the housing association holds and has not
    shared with the police."""
    first = report(caseworker, people=[victim()])
    case = services.case_open(opened_by=caseworker, reports=[first])
    services.case_share(case=case, organisation=police, shared_by=caseworker)
    housing = OrganisationFactory(name="Test Housing", short_name="TH", kind="housing")
    housing_officer = member(Role.CASEWORKER, housing)
    tenant = Person.objects.create(
        organisation=housing,
        first_name="Hidden",
        last_name="Tenantperson",
        date_of_birth=date(1980, 5, 1),
    )
    tenant.shared_with.add(caseworker.membership.organisation)
    later = report(
        caseworker,
        people=[
            PersonInput(role="victim", first_name="Latecomer", last_name="Unsharedperson"),
            PersonInput(role="alleged_perpetrator", person_id=tenant.pk),
        ],
        address="7 Quiet Close, Banbury",
    )
    services.case_attach_report(case=case, report=later, attached_by=caseworker)
    # Attaching shares the report with the police; the council withholds it again.
    record_unshare(record=later, organisation=police, unshared_by=caseworker)
    latecomer = later.involvements.get(role="victim").person
    record_unshare(record=latecomer, organisation=police, unshared_by=caseworker)
    intervention = services.intervention_record(
        case=case,
        person=tenant,
        kind="civil_injunction",
        recorded_by=caseworker,
        issued_on=timezone.localdate() - timedelta(days=3),
        applied_on=timezone.localdate() - timedelta(days=10),
        expires_on=timezone.localdate() + timedelta(days=300),
    )
    officer = member(Role.PARTNER_OFFICER, police, username="officer")
    return {
        "case": case,
        "first": first,
        "later": later,
        "intervention": intervention,
        "officer": officer,
        "housing_officer": housing_officer,
    }


def test_partner_cannot_open_the_later_report(client, shared_case):
    client.force_login(shared_case["officer"])
    later = shared_case["later"]
    assert client.get(f"/reports/{later.reference}/").status_code == 404
    assert client.get(f"/api/v1/reports/{later.pk}").status_code == 404


def test_case_page_names_no_report_or_person_the_partner_cannot_open(client, shared_case):
    client.force_login(shared_case["officer"])
    case, first, later = shared_case["case"], shared_case["first"], shared_case["later"]
    page = client.get(f"/cases/{case.reference}/").content.decode()
    assert first.reference in page
    assert "Robin" in page
    assert later.reference not in page
    assert "Unsharedperson" not in page
    assert "Tenantperson" not in page
    assert "A person not shared with your organisation" in page
    assert "a report not shared with your organisation" in page
    assert f"/interventions/{shared_case['intervention'].pk}/publicity" not in page


def test_owner_still_sees_everything_on_the_case_page(client, caseworker, shared_case):
    client.force_login(caseworker)
    page = client.get(f"/cases/{shared_case['case'].reference}/").content.decode()
    assert shared_case["later"].reference in page
    assert "Unsharedperson" in page
    assert "Tenantperson" in page
    assert f"/interventions/{shared_case['intervention'].pk}/publicity" in page


def test_case_api_numbers_only_what_the_partner_may_open(client, shared_case):
    client.force_login(shared_case["officer"])
    case = shared_case["case"]
    body = client.get(f"/api/v1/cases/{case.pk}").json()
    assert body["report_ids"] == [shared_case["first"].pk]
    assert [i["person_id"] for i in body["interventions"]] == [None]
    text = str(body)
    assert shared_case["later"].pk not in body["report_ids"]
    assert shared_case["later"].reference not in text
    assert "Unsharedperson" not in text and "Tenantperson" not in text


def test_case_api_gives_the_owner_every_id(client, caseworker, shared_case):
    client.force_login(caseworker)
    body = client.get(f"/api/v1/cases/{shared_case['case'].pk}").json()
    assert sorted(body["report_ids"]) == sorted([shared_case["first"].pk, shared_case["later"].pk])
    assert [i["person_id"] for i in body["interventions"]] == [
        shared_case["intervention"].person_id
    ]


def test_publicity_sheet_for_a_person_the_partner_cannot_open_answers_404(client, shared_case):
    client.force_login(shared_case["officer"])
    case, intervention = shared_case["case"], shared_case["intervention"]
    response = client.get(f"/cases/{case.reference}/interventions/{intervention.pk}/publicity")
    assert response.status_code == 404


def test_report_page_and_api_leave_out_people_the_reader_cannot_open(client, caseworker, police):
    housing = OrganisationFactory(name="Test Housing", short_name="TH", kind="housing")
    tenant = Person.objects.create(organisation=housing, first_name="Kept", last_name="Backperson")
    tenant.shared_with.add(caseworker.membership.organisation)
    shared = report(caseworker, people=[victim(), PersonInput(role="witness", person_id=tenant.pk)])
    shared.shared_with.add(police)
    shared.involvements.get(role="victim").person.shared_with.add(police)
    officer = member(Role.PARTNER_OFFICER, police, username="officer")
    client.force_login(officer)
    page = client.get(f"/reports/{shared.reference}/").content.decode()
    assert "Robin" in page and "Backperson" not in page
    body = client.get(f"/api/v1/reports/{shared.pk}").json()
    assert tenant.pk not in [p["person_id"] for p in body["people"]]
    assert len(body["people"]) == 1


def test_repeat_caller_counts_only_reports_the_reader_may_open(caseworker, police):
    """A count must not number reports the reader cannot open."""
    first = report(caseworker, people=[victim()])
    robin = first.involvements.get().person
    for days in (2, 3):
        report(caseworker, people=[victim(robin)], days_ago=days)
    robin.shared_with.add(police)
    officer = member(Role.PARTNER_OFFICER, police, username="officer")
    Report.objects.filter(pk=first.pk).first().shared_with.add(police)
    assert [p.calls for p in repeat_callers(caseworker)] == [3]
    # The police may open Robin and one of the three reports: too few to list, and never 3.
    assert repeat_callers(officer, minimum=1)[0].calls == 1
    assert repeat_callers(officer) == []


def test_a_report_shared_without_its_case_does_not_number_the_case(client, caseworker, police):
    shared = report(caseworker, people=[victim()])
    case = services.case_open(opened_by=caseworker, reports=[shared])
    shared.shared_with.add(police)
    client.force_login(member(Role.PARTNER_OFFICER, police, username="officer"))
    page = client.get(f"/reports/{shared.reference}/").content.decode()
    assert case.reference not in page
    assert "part of a case that has not been shared with your organisation" in page
    listing = client.get("/reports/").content.decode()
    assert shared.reference in listing and case.reference not in listing
    assert client.get(f"/api/v1/reports/{shared.pk}").json()["case_id"] is None
    client.force_login(caseworker)
    assert client.get(f"/api/v1/reports/{shared.pk}").json()["case_id"] == case.pk
    assert case.reference in client.get(f"/reports/{shared.reference}/").content.decode()


def test_the_report_list_names_a_case_only_to_those_who_may_open_it(client, caseworker, police):
    """A report shared on its own, its case not: the partner's list says so, without the
    case's reference or a link to it; the owner's list links the case."""
    shared_report = report(caseworker, people=[victim()])
    case = services.case_open(opened_by=caseworker, reports=[shared_report])
    record_share(record=shared_report, organisation=police, shared_by=caseworker)
    officer = member(Role.PARTNER_OFFICER, police, username="listofficer")
    client.force_login(officer)
    page = client.get("/reports/").content.decode()
    assert shared_report.reference in page
    assert "Not shared with you" in page
    assert case.reference not in page
    client.force_login(caseworker)
    page = client.get("/reports/").content.decode()
    assert f'href="/cases/{case.reference}/"' in page
