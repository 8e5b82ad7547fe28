"""Tasking pages and API: who sees and runs a meeting, withheld items in HTML, PDF and JSON,
decisions with actions, bad input named and nothing stored."""

import io
from datetime import timedelta
from html import unescape

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from safer.audit.models import AuditEvent
from safer.cases.models import CaseTask
from safer.tasking import services
from safer.tasking.models import AgendaItem, Meeting
from safer.tasking.selectors import WITHHELD
from safer.tasking.tests.factories import a_case, days_ago, partnership

pytestmark = pytest.mark.django_db


@pytest.fixture
def p(council, police, caseworker):
    return partnership(council, police, caseworker)


@pytest.fixture
def meeting(p):
    """A JATAC with two high-risk council cases: one shared with the police, one not."""
    p.shared = a_case(
        p.caseworker, title="Park gang", risk="high", opened_at=days_ago(1), share_with=p.police
    )
    p.private = a_case(p.caseworker, title="Flat 9 Smith", risk="high", opened_at=days_ago(1))
    return services.meeting_create(series=p.jatac, held_on=timezone.localdate(), created_by=p.chair)


def pdf_text(content: bytes) -> str:
    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def test_a_member_sees_the_agenda_with_items_they_may_not_open_withheld(
    client, p, meeting, signed_in
):
    signed_in(p.officer)
    page = client.get(reverse("tasking:meeting", args=[meeting.pk])).content.decode()
    assert p.shared.reference in page and "Park gang" in page
    assert WITHHELD in page
    assert p.private.reference not in page and "Flat 9 Smith" not in page
    assert "Record the decision" not in page  # a member, not the chair
    assert AuditEvent.objects.filter(
        action="tasking.agenda_viewed", actor=p.officer, changes={"withheld": 1}
    ).exists()


def test_the_minutes_and_their_pdf_are_laid_out_per_viewer(client, p, meeting, signed_in):
    item = meeting.items.get(case=p.private)
    services.agenda_item_decide(item=item, decided_by=p.chair, decision="Refer Smith to housing")
    signed_in(p.officer)
    # The minutes go to attendees: a member not recorded as attending is refused, and told why.
    refused = client.get(reverse("tasking:minutes", args=[meeting.pk]))
    assert refused.status_code == 403
    assert "not recorded as attending" in refused.content.decode()
    assert client.get(reverse("tasking:minutes_pdf", args=[meeting.pk])).status_code == 403
    services.meeting_attendance_record(
        meeting=meeting, recorded_by=p.chair, attendees=[p.chair, p.officer]
    )
    page = client.get(reverse("tasking:minutes", args=[meeting.pk])).content.decode()
    assert WITHHELD in page and "Smith" not in page
    response = client.get(reverse("tasking:minutes_pdf", args=[meeting.pk]))
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    assert "Withheld" in text and "Park gang" in text
    assert "Smith" not in text and p.private.reference not in text
    signed_in(p.chair)
    text = pdf_text(client.get(reverse("tasking:minutes_pdf", args=[meeting.pk])).content)
    assert "Refer Smith to housing" in text and "Withheld" not in text


def test_someone_outside_the_group_gets_404_and_a_member_cannot_run_it(
    client, p, meeting, signed_in, council
):
    from safer.partners.roles import Role
    from safer.partners.tests.factories import member

    signed_in(member(Role.CASEWORKER, council, username="stranger"))
    assert client.get(reverse("tasking:meeting", args=[meeting.pk])).status_code == 404
    assert client.get(reverse("tasking:series", args=[p.jatac.pk])).status_code == 404
    signed_in(p.officer)
    response = client.post(reverse("tasking:item_add", args=[meeting.pk]), {"title": "Mine"})
    assert response.status_code == 403
    assert client.get(reverse("tasking:item_add", args=[meeting.pk])).status_code == 405


def test_the_chair_arranges_a_meeting_from_the_series_page(client, p, signed_in):
    signed_in(p.chair)
    page = client.get(reverse("tasking:series", args=[p.jatac.pk])).content.decode()
    assert "Arrange a meeting" in page and p.officer.display_name in page
    url = reverse("tasking:meeting_create", args=[p.jatac.pk])
    response = client.post(url, {"held_on": "not a date"})
    assert response.status_code == 400 and "There is a problem" in response.content.decode()
    assert not Meeting.objects.exists()
    response = client.post(url, {"held_on": timezone.localdate().isoformat()})
    meeting = Meeting.objects.get()
    assert response.url == reverse("tasking:meeting", args=[meeting.pk])


def test_the_chair_records_a_decision_with_an_action_for_a_police_officer(
    client, p, meeting, signed_in
):
    item = meeting.items.get(case=p.shared)
    signed_in(p.chair)
    url = reverse("tasking:item_decide", args=[meeting.pk, item.pk])
    prefix = f"item{item.pk}"
    response = client.post(url, {f"{prefix}-decision": "", f"{prefix}-action": "Patrol"})
    assert response.status_code == 400 and "Enter the decision" in response.content.decode()
    due = (timezone.localdate() + timedelta(days=7)).isoformat()
    response = client.post(
        url,
        {
            f"{prefix}-decision": "Patrol the park on Fridays",
            f"{prefix}-action": "Friday patrols",
            f"{prefix}-owner": p.officer.pk,
            f"{prefix}-due_on": due,
        },
    )
    assert response.status_code == 302
    task = CaseTask.objects.get(case=p.shared)
    assert (task.owner, task.description) == (p.officer, "Friday patrols")
    signed_in(p.officer)
    assert "Friday patrols" in client.get(reverse("core:home")).content.decode()


def test_the_chair_adds_and_drops_items(client, p, meeting, signed_in):
    signed_in(p.chair)
    url = reverse("tasking:item_add", args=[meeting.pk])
    response = client.post(url, {"case_reference": "NOPE"})
    assert response.status_code == 400
    assert services.CASE_NOT_FOUND in response.content.decode()
    client.post(url, {"title": "Summer fireworks"})
    topic = AgendaItem.objects.get(kind="topic")
    client.post(reverse("tasking:item_drop", args=[meeting.pk, topic.pk]))
    topic.refresh_from_db()
    assert topic.dropped


def test_the_api_arranges_a_meeting_and_answers_the_callers_agenda(client, p, signed_in):
    shared = a_case(
        p.caseworker, title="Shared", risk="high", opened_at=days_ago(1), share_with=p.police
    )
    private = a_case(p.caseworker, title="Private", risk="high", opened_at=days_ago(1))
    # The police officer chairs the operations group: the council's case is withheld from them.
    p.operations.chair = p.officer
    p.operations.save()
    signed_in(p.officer)
    held_on = timezone.localdate().isoformat()
    response = client.post(
        "/api/v1/meetings",
        {"series": p.operations.pk, "held_on": held_on},
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert set(body) == {"id", "agenda"}
    agenda = {(row["kind"], row["case_id"], row["withheld"]) for row in body["agenda"]}
    assert agenda == {("high_risk", shared.pk, False), ("high_risk", None, True)}
    assert all(set(row) == {"id", "kind", "case_id", "withheld"} for row in body["agenda"])
    detail = client.get(f"/api/v1/meetings/{body['id']}").json()
    withheld = next(row for row in detail["agenda"] if row["withheld"])
    assert (withheld["title"], withheld["case_reference"], withheld["case_id"]) == ("", "", None)
    assert private.reference not in str(detail)


def test_the_api_names_bad_fields_and_stores_nothing(client, p, meeting, signed_in):
    signed_in(p.chair)
    response = client.post(
        "/api/v1/meetings", {"series": 999999, "held_on": "2026-01-01"}, "application/json"
    )
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "series"]
    response = client.post("/api/v1/meetings", {"series": p.jatac.pk}, "application/json")
    assert response.status_code == 422 and "held_on" in response.json()["detail"][0]["loc"]
    assert Meeting.objects.count() == 1
    item = meeting.items.get(case=p.private)
    url = f"/api/v1/meetings/{meeting.pk}/items/{item.pk}/decision"
    response = client.post(
        url,
        {"decision": "Act", "actions": [{"description": "Visit", "owner_id": p.officer.pk}]},
        "application/json",
    )
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "actions", "0", "owner"]
    item.refresh_from_db()
    assert item.decision == "" and not CaseTask.objects.exists()
    response = client.post(
        url,
        {"decision": "Act", "actions": [{"description": "Visit", "owner_id": p.caseworker.pk}]},
        "application/json",
    )
    assert response.status_code == 200
    assert response.json()["actions"][0]["description"] == "Visit"
    topic = client.post(
        f"/api/v1/meetings/{meeting.pk}/items", {"title": "Fireworks"}, "application/json"
    ).json()
    dropped = client.post(f"/api/v1/meetings/{meeting.pk}/items/{topic['id']}/drop")
    assert dropped.json()["dropped"] is True


def test_a_supervisor_sets_up_a_group_with_members_from_several_partners(
    client, p, signed_in, caseworker
):
    signed_in(caseworker)
    assert client.get(reverse("tasking:series_create")).status_code == 403
    signed_in(p.chair)
    url = reverse("tasking:series_create")
    page = client.get(url).content.decode()
    assert "Pat Cop" in page and "(TP)" in page
    response = client.post(url, {"name": "", "kind": "tcg", "frequency_days": "0"})
    assert response.status_code == 400
    page = unescape(response.content.decode())
    assert services.NAME_MISSING in page and services.FREQUENCY_RANGE in page
    response = client.post(
        url,
        {
            "name": "Tasking and co-ordinating group",
            "kind": "tcg",
            "frequency_days": "28",
            "chair": p.chair.pk,
            "members": [p.officer.pk, p.housing_officer.pk],
        },
    )
    tcg = p.jatac.__class__.objects.get(kind="tcg")
    assert response.url == reverse("tasking:series", args=[tcg.pk])
    assert set(tcg.members.all()) == {p.officer, p.housing_officer}
    assert tcg.organisation == p.council and tcg.frequency_days == 28


def test_a_member_who_does_not_run_the_group_cannot_arrange_its_meetings(client, p, signed_in):
    signed_in(p.officer)
    response = client.post(
        "/api/v1/meetings",
        {"series": p.jatac.pk, "held_on": timezone.localdate().isoformat()},
        "application/json",
    )
    assert response.status_code == 403
    response = client.post(
        reverse("tasking:meeting_create", args=[p.jatac.pk]),
        {"held_on": timezone.localdate().isoformat()},
    )
    assert response.status_code == 403
    assert not Meeting.objects.exists()
