"""Partners work on shared cases (issue 11): an organisation a case is shared with adds notes,
tasks and documents and completes tasks; the owner keeps closing, leading and sharing; a share
can be withdrawn and the lead handed over."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from safer.audit.models import AuditEvent
from safer.cases import services
from safer.cases.models import Case
from safer.cases.services import PersonInput
from safer.cases.tests.factories import report, victim
from safer.partners.roles import Role
from safer.partners.tests.factories import OrganisationFactory, member

pytestmark = pytest.mark.django_db


@pytest.fixture
def shared(caseworker, police):
    case = services.case_open(opened_by=caseworker, reports=[report(caseworker, people=[victim()])])
    services.case_share(case=case, organisation=police, shared_by=caseworker)
    officer = member(Role.PARTNER_OFFICER, police, username="officer", first_name="Pat")
    return case, officer


def test_a_partner_adds_notes_tasks_and_documents_marked_with_its_organisation(
    client, caseworker, police, shared, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    case, officer = shared
    client.force_login(officer)
    yesterday = timezone.localdate() - timedelta(days=1)
    response = client.post(
        reverse("cases:note_add", args=[case.reference]),
        {"contact_type": "visit", "contacted_on": yesterday.isoformat(), "text": "Visited"},
    )
    assert response.status_code == 302
    note = case.notes.get()
    assert (note.organisation, note.contact_type) == (police, "visit")
    assert timezone.localtime(note.contacted_at).date() == yesterday
    client.post(
        reverse("cases:task_add", args=[case.reference]),
        {"description": "Patrol the alley", "owner": caseworker.pk},
    )
    task = case.tasks.get()
    assert (task.organisation, task.owner) == (police, caseworker)
    client.post(reverse("cases:task_done", args=[case.reference, task.pk]))
    task.refresh_from_db()
    assert task.done_at
    upload = SimpleUploadedFile("statement.pdf", b"%PDF-1.4 s", content_type="application/pdf")
    client.post(reverse("cases:document_add", args=[case.reference]), {"file": upload})
    assert case.documents.get().organisation == police
    # The owner sees what the partner added, with its organisation.
    client.force_login(caseworker)
    page = client.get(reverse("cases:detail", args=[case.reference])).content.decode()
    assert "Visited" in page and "Test Police" in page and "Patrol the alley" in page


def test_a_partner_cannot_close_lead_or_share_the_case(client, shared, council):
    case, officer = shared
    client.force_login(officer)
    closed = client.post(
        reverse("cases:close", args=[case.reference]),
        {"outcome": "resolved", "reason": "x", "version": case.version},
    )
    assert closed.status_code == 403
    status = client.post(
        reverse("cases:status", args=[case.reference]),
        {"status": "action", "lead_officer": officer.pk, "version": case.version},
    )
    assert status.status_code == 403
    other = OrganisationFactory(name="Other Partner")
    shared_further = client.post(
        reverse("cases:share", args=[case.reference]), {"organisation": other.pk}
    )
    assert shared_further.status_code == 403
    assert Case.objects.get(pk=case.pk).status == "open"


def test_other_organisations_get_404_and_viewers_403(client, shared, police):
    case, _officer = shared
    stranger = member(Role.CASEWORKER, OrganisationFactory(name="Unrelated"), username="s")
    client.force_login(stranger)
    url = reverse("cases:note_add", args=[case.reference])
    body = {"contact_type": "phone", "contacted_on": timezone.localdate().isoformat(), "text": "x"}
    assert client.post(url, body).status_code == 404
    client.force_login(member(Role.VIEWER, police, username="v"))
    assert client.post(url, body).status_code == 403
    assert not case.notes.exists()


def test_tasks_go_only_to_casework_staff_of_organisations_that_see_the_case(
    caseworker, council, shared
):
    case, officer = shared
    analyst = member(Role.ANALYST, council, username="analyst")
    stranger = member(Role.CASEWORKER, OrganisationFactory(name="Unrelated"), username="s")
    owners = set(services.task_owners(case))
    assert {caseworker, officer} <= owners
    assert analyst not in owners and stranger not in owners
    with pytest.raises(ValidationError) as error:
        services.case_task_add(case=case, added_by=officer, description="x", owner=stranger)
    assert "owner" in error.value.message_dict


def test_owner_lists_show_name_and_organisation_and_leave_out_non_casework_roles(
    client, caseworker, council, shared
):
    case, _officer = shared
    member(Role.ANALYST, council, username="analyst", first_name="Ana", last_name="Lyst")
    client.force_login(caseworker)
    page = client.get(reverse("cases:detail", args=[case.reference])).content.decode()
    assert "Pat" in page and "(TP)" in page and "(TDC)" in page
    assert "Ana Lyst" not in page


def test_a_note_cannot_be_dated_in_the_future(shared):
    case, officer = shared
    with pytest.raises(ValidationError) as error:
        services.case_note_add(
            case=case,
            author=officer,
            text="x",
            contact_type="phone",
            contacted_at=timezone.now() + timedelta(days=1),
        )
    assert "contacted_at" in error.value.message_dict


def test_a_report_attached_after_sharing_is_shared_with_the_partner(client, caseworker, shared):
    case, officer = shared
    later = report(
        caseworker,
        people=[PersonInput(role="victim", first_name="Later", last_name="Victimperson")],
    )
    services.case_attach_report(case=case, report=later, attached_by=caseworker)
    client.force_login(officer)
    assert client.get(f"/api/v1/reports/{later.pk}").status_code == 200
    page = client.get(reverse("cases:detail", args=[case.reference])).content.decode()
    assert later.reference in page and "Victimperson" in page


def test_the_share_list_offers_only_organisations_not_yet_shared_with(client, caseworker, shared):
    case, _officer = shared
    OrganisationFactory(name="Test Fire Service")
    client.force_login(caseworker)
    page = client.get(reverse("cases:detail", args=[case.reference])).content.decode()
    share_form = page.split('id="share-organisation"')[1].split("</select>")[0]
    assert "Test Fire Service" in share_form
    assert "Test Police" not in share_form


def test_withdrawing_a_share_keeps_the_partners_entries(client, caseworker, police, shared):
    case, officer = shared
    services.case_note_add(case=case, author=officer, text="Police visit", contact_type="visit")
    client.force_login(caseworker)
    url = reverse("cases:unshare", args=[case.reference, police.pk])
    page = client.get(reverse("cases:detail", args=[case.reference])).content.decode()
    assert f'href="{url}"' in page  # a link to a page that asks first, not a button that acts
    confirm = client.get(url)
    assert confirm.status_code == 200
    assert "Stop sharing" in confirm.content.decode()
    assert case.shared_with.filter(pk=police.pk).exists()  # asking changed nothing
    response = client.post(url)
    assert response.status_code == 302
    assert not case.shared_with.filter(pk=police.pk).exists()
    assert case.notes.get().text == "Police visit"
    assert AuditEvent.objects.filter(action="record.unshared").exists()
    client.force_login(officer)
    assert client.get(reverse("cases:detail", args=[case.reference])).status_code == 404
    assert client.get(f"/api/v1/reports/{case.reports.get().pk}").status_code == 404


def test_only_the_lead_organisation_is_asked_to_stop_sharing(client, police, shared):
    case, officer = shared
    client.force_login(officer)
    url = reverse("cases:unshare", args=[case.reference, police.pk])
    assert client.get(url).status_code == 403
    assert client.post(url).status_code == 403
    assert case.shared_with.filter(pk=police.pk).exists()


def test_handing_over_the_lead(client, caseworker, council, police, shared):
    case, officer = shared
    with pytest.raises(PermissionDenied):
        services.case_lead_handover(case=case, organisation=police, handed_over_by=officer)
    client.force_login(caseworker)
    response = client.post(
        reverse("cases:handover", args=[case.reference]), {"organisation": police.pk}
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.organisation == police
    assert case.shared_with.filter(pk=council.pk).exists()
    assert AuditEvent.objects.filter(action="case.lead_handed_over").exists()
    assert case.events.filter(kind="lead_agency").exists()
    # The council still sees and adds to the case, but closing is now the police's.
    services.case_note_add(case=case, author=caseworker, text="Still involved")
    with pytest.raises(PermissionDenied):
        services.case_close(case=case, closed_by=caseworker, outcome="resolved", reason="x")
    services.case_close(case=case, closed_by=officer, outcome="resolved", reason="Quiet")


def _post(client, path, body):
    return client.post(path, body, content_type="application/json")


def test_api_notes_and_tasks_for_owner_and_partner_404_for_others(
    client, caseworker, police, shared
):
    case, officer = shared
    for user in (caseworker, officer):
        client.force_login(user)
        note = _post(
            client,
            f"/api/v1/cases/{case.pk}/notes",
            {
                "text": f"Spoke to the victim ({user.username})",
                "contact_type": "phone",
                "contacted_at": (timezone.now() - timedelta(days=2)).isoformat(),
            },
        )
        assert note.status_code == 201, note.content
        assert note.json()["organisation_id"] == user.membership.organisation_id
        task = _post(
            client,
            f"/api/v1/cases/{case.pk}/tasks",
            {"title": "Door knock", "due_on": "2030-01-01", "assignee_id": officer.pk},
        )
        assert task.status_code == 201, task.content
        assert task.json()["assignee_id"] == officer.pk
    client.force_login(officer)
    done = _post(client, f"/api/v1/cases/{case.pk}/tasks/{task.json()['id']}/done", {})
    assert done.status_code == 200 and done.json()["done_at"]
    assert len(client.get(f"/api/v1/cases/{case.pk}/notes").json()) == 2
    stranger = member(Role.CASEWORKER, OrganisationFactory(name="Unrelated"), username="s")
    client.force_login(stranger)
    body = {"text": "x", "contact_type": "phone"}
    assert _post(client, f"/api/v1/cases/{case.pk}/notes", body).status_code == 404
    assert _post(client, f"/api/v1/cases/{case.pk}/tasks", {"title": "x"}).status_code == 404


def test_api_task_for_someone_who_cannot_see_the_case_answers_422(client, shared):
    case, officer = shared
    stranger = member(Role.CASEWORKER, OrganisationFactory(name="Unrelated"), username="s")
    client.force_login(officer)
    response = _post(
        client, f"/api/v1/cases/{case.pk}/tasks", {"title": "x", "assignee_id": stranger.pk}
    )
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"][-1] == "assignee_id"
    blank = _post(client, f"/api/v1/cases/{case.pk}/tasks", {"title": " "})
    assert blank.status_code == 422 and blank.json()["detail"][0]["loc"][-1] == "title"
    assert not case.tasks.exists()


def test_a_partner_records_an_intervention_on_a_shared_case(client, caseworker, police, shared):
    case, officer = shared
    accused = report(
        caseworker,
        people=[PersonInput(role="alleged_perpetrator", first_name="Al", last_name="Leged")],
    )
    services.case_attach_report(case=case, report=accused, attached_by=caseworker)
    person = accused.involvements.get().person
    client.force_login(officer)
    response = _post(
        client,
        f"/api/v1/cases/{case.pk}/interventions",
        {
            "kind": "warning_letter",
            "person_id": person.pk,
            "issued_on": timezone.localdate().isoformat(),
        },
    )
    assert response.status_code == 201, response.content
    assert case.interventions.get().issuing_organisation == police
