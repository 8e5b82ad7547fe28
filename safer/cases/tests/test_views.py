"""Case-management pages: happy paths, GOV.UK errors, access and POST-only mutations."""

from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from safer.audit.chain import search_reference
from safer.audit.models import AuditEvent
from safer.cases import services
from safer.cases.models import Case, Report
from safer.cases.services import PersonInput
from safer.cases.tests.factories import answers, report, victim
from safer.partners.roles import Role
from safer.partners.tests.factories import member
from safer.people.models import Person
from safer.people.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


def report_form(**changes):
    data = {
        "received_via": "phone",
        "occurred_at": (timezone.localtime() - timedelta(hours=5)).strftime("%Y-%m-%dT%H:%M"),
        "category": "nuisance",
        "type": "noise",
        "description": "Music until 3am",
        "address": "7 Demo Avenue, Kidlington",
        "postcode": "OX5 7ZZ",
        "people-0-role": "victim",
        "people-0-first_name": "Morgan",
        "people-0-last_name": "Placeholder",
    }
    data.update(changes)
    return data


def test_record_report_happy_path(signed_in, caseworker):
    client = signed_in(caseworker)
    assert client.get(reverse("cases:report_create")).status_code == 200
    response = client.post(reverse("cases:report_create"), report_form())
    report_ = Report.objects.get()
    assert response.url == reverse("cases:report_detail", args=[report_.reference])
    page = client.get(response.url).content.decode()
    assert report_.reference in page and "Morgan Placeholder" in page


def test_invalid_report_shows_error_summary_and_stores_nothing(signed_in, caseworker):
    response = signed_in(caseworker).post(
        reverse("cases:report_create"),
        report_form(category="", description="", address="", postcode=""),
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in body
    assert "Select a category" in body and "Describe what happened" in body
    assert "Enter where it happened" in body
    assert not Report.objects.exists() and not Person.objects.exists()


def test_possible_duplicate_person_is_proposed_before_saving(signed_in, caseworker, council):
    existing = PersonFactory(
        organisation=council,
        first_name="Morgan",
        last_name="Placeholder",
        date_of_birth=date(1970, 3, 4),
    )
    client = signed_in(caseworker)
    data = report_form(
        **{"people-0-last_name": "Placeholdr", "people-0-date_of_birth": "1970-03-04"}
    )
    first = client.post(reverse("cases:report_create"), data)
    assert first.status_code == 200
    assert "may already be recorded" in first.content.decode()
    assert not Report.objects.exists()
    client.post(reverse("cases:report_create"), {**data, "people-0-choice": str(existing.pk)})
    report_ = Report.objects.get()
    assert report_.involvements.get().person == existing
    assert Person.objects.count() == 1


def test_report_of_other_organisation_is_404(signed_in, caseworker, police):
    report_ = report(caseworker)
    client = signed_in(member(Role.PARTNER_OFFICER, police))
    assert client.get(reverse("cases:report_detail", args=[report_.reference])).status_code == 404


def test_risk_assessment_page_records_and_shows_band(signed_in, caseworker):
    report_ = report(caseworker, people=[victim()])
    client = signed_in(caseworker)
    url = reverse("cases:risk_assessment", args=[report_.reference])
    assert "Victim-led risk assessment" in client.get(url).content.decode()
    when = {"stage": "initial", "assessed_on": timezone.localdate().isoformat()}
    missing = client.post(url, {**when, **{k: v for k, v in answers().items() if k != "afraid"}})
    assert "Answer the question" in missing.content.decode()
    response = client.post(
        url,
        {**when, **answers(targeted_because=["religion_or_belief"], household_disability="yes")},
    )
    assert response.status_code == 302
    report_.refresh_from_db()
    assert report_.risk == "high"


def test_open_case_from_report_and_case_page(signed_in, caseworker):
    report_ = report(caseworker, people=[victim()])
    client = signed_in(caseworker)
    url = reverse("cases:open_case", args=[report_.reference])
    assert client.get(url).status_code == 405
    response = client.post(url, {"kind": "asb"})
    case = Case.objects.get()
    assert response.url == reverse("cases:detail", args=[case.reference])
    page = client.get(response.url).content.decode()
    assert case.reference in page and "Case opened from" in page
    assert AuditEvent.objects.filter(action="case.viewed", target_id=str(case.pk)).exists()


@pytest.fixture
def case(caseworker):
    return services.case_open(opened_by=caseworker, reports=[report(caseworker, people=[victim()])])


@pytest.mark.parametrize(
    "name", ["status", "close", "task_add", "note_add", "document_add", "share"]
)
def test_case_mutations_are_post_only(signed_in, caseworker, case, name):
    assert (
        signed_in(caseworker).get(reverse(f"cases:{name}", args=[case.reference])).status_code
        == 405
    )


def test_status_change_with_stale_version_explains_who_changed_it(
    signed_in, caseworker, council, case
):
    colleague = member(Role.CASEWORKER, council, first_name="Jo")
    services.case_update(
        case=case, changed_by=colleague, expected_version=case.version, status="action"
    )
    response = signed_in(caseworker).post(
        reverse("cases:status", args=[case.reference]),
        {"status": "monitoring", "lead_officer": caseworker.pk, "version": 1},
    )
    assert response.status_code == 400
    assert "was changed by Jo" in response.content.decode()
    case.refresh_from_db()
    assert case.status == "action"


def test_close_case_needs_outcome_and_reason(signed_in, caseworker, case):
    client = signed_in(caseworker)
    url = reverse("cases:close", args=[case.reference])
    body = client.post(url, {"outcome": "", "reason": "", "version": case.version}).content.decode()
    assert "Choose the outcome from the list" in body
    client.post(
        url,
        {"outcome": "resolved_mediation", "reason": "Mediation worked", "version": case.version},
    )
    case.refresh_from_db()
    assert case.status == "closed"


def test_tasks_notes_and_documents(signed_in, caseworker, case, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client = signed_in(caseworker)
    client.post(
        reverse("cases:task_add", args=[case.reference]),
        {"description": "Visit victim", "owner": caseworker.pk, "due_on": "2030-01-01"},
    )
    task = case.tasks.get()
    client.post(reverse("cases:task_done", args=[case.reference, task.pk]))
    task.refresh_from_db()
    assert task.done_at
    client.post(
        reverse("cases:note_add", args=[case.reference]),
        {"text": "Spoke to landlord", "contact_type": "phone", "contacted_on": "2026-01-02"},
    )
    note = case.notes.get()
    assert (note.text, note.contact_type) == ("Spoke to landlord", "phone")
    assert timezone.localtime(note.contacted_at).date() == date(2026, 1, 2)
    assert note.organisation == caseworker.membership.organisation
    upload = SimpleUploadedFile("diary.pdf", b"%PDF-1.4 diary", content_type="application/pdf")
    client.post(reverse("cases:document_add", args=[case.reference]), {"file": upload})
    document = case.documents.get()
    download = client.get(reverse("cases:document", args=[case.reference, document.pk]))
    assert b"".join(download.streaming_content) == b"%PDF-1.4 diary"
    bad = client.post(
        reverse("cases:document_add", args=[case.reference]),
        {"file": SimpleUploadedFile("x.exe", b"MZ")},
    )
    assert bad.status_code == 400
    assert "The file must be" in bad.content.decode()


def test_viewer_can_read_case_but_not_change_it(signed_in, council, case):
    client = signed_in(member(Role.VIEWER, council))
    assert client.get(reverse("cases:detail", args=[case.reference])).status_code == 200
    response = client.post(reverse("cases:note_add", args=[case.reference]), {"text": "x"})
    assert response.status_code == 403


def test_intervention_form_enforces_the_law(signed_in, caseworker, council):
    today = timezone.localdate()
    young = PersonFactory(organisation=council, date_of_birth=today.replace(year=today.year - 14))
    report_ = report(
        caseworker, people=[PersonInput(role="alleged_perpetrator", person_id=young.pk)]
    )
    case = services.case_open(opened_by=caseworker, reports=[report_])
    client = signed_in(caseworker)
    url = reverse("cases:intervention_create", args=[case.reference])
    response = client.post(
        url,
        {
            "kind": "civil_injunction",
            "person": young.pk,
            "issued_on": today.isoformat(),
            "expires_on": (today + timedelta(days=600)).isoformat(),
        },
    )
    assert "under 18 can last at most 12 months" in response.content.decode()
    response = client.post(
        url,
        {
            "kind": "civil_injunction",
            "person": young.pk,
            "issued_on": today.isoformat(),
            "expires_on": (today + timedelta(days=200)).isoformat(),
        },
    )
    assert response.status_code == 302
    intervention = case.interventions.get()
    publicity = client.get(reverse("cases:publicity", args=[case.reference, intervention.pk]))
    assert publicity.status_code == 403


def test_publicity_sheet_for_adult_court_order_is_audited(signed_in, caseworker, council):
    adult = PersonFactory(organisation=council, date_of_birth=date(1980, 1, 1))
    case = services.case_open(
        opened_by=caseworker,
        reports=[
            report(caseworker, people=[PersonInput(role="alleged_perpetrator", person_id=adult.pk)])
        ],
    )
    today = timezone.localdate()
    intervention = services.intervention_record(
        case=case,
        person=adult,
        kind="criminal_behaviour_order",
        recorded_by=caseworker,
        issued_on=today,
        expires_on=today + timedelta(days=800),
        supervisor="YOT officer",
    )
    page = signed_in(caseworker).get(
        reverse("cases:publicity", args=[case.reference, intervention.pk])
    )
    assert page.status_code == 200
    assert adult.full_name in page.content.decode()
    assert AuditEvent.objects.filter(action="intervention.publicity_exported").exists()


def test_caseload_list_filters_and_has_a_query_ceiling(signed_in, caseworker):
    for index in range(12):
        services.case_open(
            opened_by=caseworker,
            reports=[report(caseworker, people=[victim()], address=f"{index} Loop Road")],
        )
    client = signed_in(caseworker)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("cases:list"))
    assert response.status_code == 200
    assert response.content.decode().count('href="/cases/CASE-') == 12
    assert len(queries) <= 20, [q["sql"] for q in queries]
    assert "0 cases" not in client.get(reverse("cases:list"), {"q": "Loop"}).content.decode()
    assert "No cases match" in client.get(reverse("cases:list"), {"risk": "high"}).content.decode()


@pytest.mark.parametrize(
    "name", ["cases:list", "cases:report_list", "cases:queues", "cases:repeats", "core:home"]
)
def test_lists_render_for_every_role(signed_in, council, caseworker, name):
    services.case_open(opened_by=caseworker, reports=[report(caseworker, people=[victim()])])
    for role in Role:
        client = signed_in(member(role, council))
        response = client.get(reverse(name))
        allowed = role not in (Role.ADMIN, Role.ANALYST) or name == "core:home"
        assert response.status_code == (200 if allowed else 403), (role, name)


def test_coordinator_publishes_questionnaire_version(signed_in, council, caseworker):
    import json

    from safer.cases.risk import default_questionnaire

    coordinator = member(Role.COORDINATOR, council)
    client = signed_in(coordinator)
    url = reverse("cases:questionnaire")
    assert "Version 1 is in use" in client.get(url).content.decode()
    bad = client.post(url, {"definition": "{not json", "notes": "typo"})
    assert "not valid JSON" in bad.content.decode()
    invalid = client.post(url, {"definition": json.dumps({"questions": []}), "notes": "empty"})
    assert "govuk-error-summary" in invalid.content.decode()
    definition = default_questionnaire()
    definition["thresholds"]["high"] = 20
    response = client.post(
        url, {"definition": json.dumps(definition), "notes": "Lower high threshold"}
    )
    assert response.status_code == 302
    assert "Version 2 is in use" in client.get(url).content.decode()
    assert signed_in(caseworker).get(url).status_code == 403


def test_correcting_a_report_refreshes_flags_and_refuses_stale_saves(
    signed_in, caseworker, council
):
    colleague = member(Role.CASEWORKER, council, first_name="Jo")
    report_ = report(caseworker, people=[victim()])
    url = reverse("cases:report_edit", args=[report_.reference])
    client = signed_in(caseworker)
    form = client.get(url).content.decode()
    assert 'name="version" value="1"' in form
    data = report_form(version=1, description="Corrected account", address="8 New Place")
    services.report_update(
        report=Report.objects.get(pk=report_.pk),
        changed_by=colleague,
        expected_version=1,
        description="Jo's edit",
    )
    stale = client.post(url, data)
    assert "was changed by Jo" in stale.content.decode()
    assert Report.objects.get(pk=report_.pk).description == "Jo's edit"
    assert client.post(url, {**data, "version": 2}).status_code == 302
    report_.refresh_from_db()
    assert (report_.description, report_.address, report_.version) == (
        "Corrected account",
        "8 New Place",
        3,
    )


def test_person_change_refreshes_vulnerability_flag_on_their_reports(
    signed_in, caseworker, council
):
    person = PersonFactory(organisation=council, vulnerability_notes="")
    report_ = report(caseworker, people=[victim(person)])
    assert "vulnerable_victim" not in report_.flags
    response = signed_in(caseworker).post(
        reverse("people:edit", args=[person.pk]),
        {
            "first_name": person.first_name,
            "last_name": person.last_name,
            "vulnerability_notes": "Registered blind",
        },
    )
    assert response.status_code == 302
    report_.refresh_from_db()
    assert "vulnerable_victim" in report_.flags


def test_report_list_searches_filters_by_flag_and_audits_what_was_shown(
    signed_in, caseworker, council, police
):
    person = PersonFactory(organisation=council, last_name="Specimen", vulnerability_notes="")
    flagged = [
        report(caseworker, people=[victim(person)], address=f"{n} Flag Street") for n in range(3)
    ]
    other = report(member(Role.PARTNER_OFFICER, police), address="9 Hidden Road")
    client = signed_in(caseworker)
    body = client.get(reverse("cases:report_list")).content.decode()
    assert all(r.reference in body for r in flagged)
    assert other.reference not in body  # another organisation's report stays hidden
    repeat = client.get(reverse("cases:report_list"), {"flag": "repeat_caller"}).content.decode()
    assert flagged[2].reference in repeat and flagged[0].reference not in repeat
    searched = client.get(reverse("cases:report_list"), {"q": "specimen"}).content.decode()
    assert "3 reports" in searched
    event = AuditEvent.objects.filter(action="reports.listed").latest("id")
    assert event.changes["filters"] == {}  # the search words are kept only as a reference
    assert event.changes["search"] == {"ref": search_reference("Specimen"), "words": 1}
    assert sorted(event.changes["reports"]) == sorted(r.pk for r in flagged)


def test_case_list_is_audited_with_the_cases_shown(signed_in, caseworker, case):
    signed_in(caseworker).get(reverse("cases:list"), {"risk": "standard"})
    event = AuditEvent.objects.get(action="cases.listed")
    assert event.changes == {"filters": {"risk": "standard"}, "cases": [case.pk], "via": "page"}
