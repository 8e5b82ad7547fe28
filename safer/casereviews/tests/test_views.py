"""The Community Trigger pages: recording, the detail with withheld records, decision, review,
statistics CSV, eligible victims and the prompt on a report's page."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from safer.casereviews import services
from safer.casereviews.models import Application, EligibleVictim
from safer.casereviews.tasks import eligible_victims_enqueue_due, eligible_victims_refresh
from safer.cases.services import PersonInput, case_open
from safer.cases.tests.factories import report, victim
from safer.partners.roles import Role
from safer.partners.tests.factories import OrganisationFactory, member

pytestmark = pytest.mark.django_db


@pytest.fixture
def coordinator(council):
    return member(Role.COORDINATOR, council, username="coordinator")


def applicant():
    return {"first_name": "Robin", "last_name": "Example", "email": "robin@example.org"}


def recorded(by, organisation, *, days=(30, 20, 10), **extra):
    today = timezone.localdate()
    return services.application_record(
        recorded_by=by,
        applicant=applicant(),
        received_on=today,
        complaints=[
            {
                "occurred_on": today - timedelta(days=d),
                "reported_on": today - timedelta(days=d),
                "organisation_id": organisation.pk,
                "description": f"Complaint {d}",
            }
            for d in days
        ],
        **extra,
    )


def test_record_an_application_and_add_complaints_until_the_threshold_is_met(
    signed_in, coordinator, council
):
    client = signed_in(coordinator)
    today = timezone.localdate()
    response = client.post(
        reverse("casereviews:new"),
        {
            "first_name": "Robin",
            "last_name": "Example",
            "email": "r@example.org",
            "received_on": today,
        },
    )
    application = Application.objects.get()
    assert response.url == reverse("casereviews:detail", args=[application.reference])
    for days in (30, 20, 10):
        client.post(
            reverse("casereviews:complaint_add", args=[application.reference]),
            {
                "occurred_on": today - timedelta(days=days),
                "reported_on": today - timedelta(days=days),
                "organisation_id": council.pk,
                "description": "Shouting",
            },
        )
    application.refresh_from_db()
    assert application.threshold_met
    page = client.get(reverse("casereviews:detail", args=[application.reference]))
    assert b"Threshold met" in page.content and b"Schedule the review" in page.content


def test_invalid_application_shows_the_error_summary_and_stores_nothing(signed_in, caseworker):
    client = signed_in(caseworker)
    response = client.post(reverse("casereviews:new"), {"first_name": "", "email": "x"})
    assert response.status_code == 400
    assert b"govuk-error-summary" in response.content
    assert b"Enter the applicant&#x27;s first name" in response.content
    assert not Application.objects.exists()


def test_invalid_complaint_shows_field_errors(signed_in, coordinator, council):
    application = recorded(coordinator, council, days=())
    client = signed_in(coordinator)
    today = timezone.localdate()
    response = client.post(
        reverse("casereviews:complaint_add", args=[application.reference]),
        {
            "occurred_on": today,
            "reported_on": today - timedelta(days=3),
            "organisation_id": council.pk,
            "description": "x",
        },
    )
    assert response.status_code == 400
    assert services.REPORTED_BEFORE_OCCURRED.encode() in response.content
    assert not application.complaints.exists()


def test_other_organisation_gets_404_and_caseworker_cannot_decide(
    signed_in, client, coordinator, caseworker, council
):
    application = recorded(coordinator, council)
    other = member(Role.CASEWORKER, OrganisationFactory(name="Elsewhere"), username="other")
    signed_in(other)
    assert (
        client.get(reverse("casereviews:detail", args=[application.reference])).status_code == 404
    )
    signed_in(caseworker)
    url = reverse("casereviews:decide", args=[application.reference])
    assert client.post(url, {"decided_on": timezone.localdate()}).status_code == 403
    assert client.get(url).status_code == 405


def test_detail_page_names_a_partners_report_only_by_who_holds_it(
    signed_in, coordinator, caseworker, council, police
):
    now = timezone.now()
    first = report(caseworker, people=[victim()], reported_at=now - timedelta(days=9))
    person = first.involvements.get().person
    person.shared_with.add(police)
    officer = member(Role.PARTNER_OFFICER, police, username="officer")
    hidden = report(officer, people=[victim(person)], reported_at=now - timedelta(days=5))
    application = recorded(coordinator, council, days=(30,), victim=person)
    client = signed_in(coordinator)
    page = client.get(reverse("casereviews:detail", args=[application.reference])).content.decode()
    assert "A report held by Test Police on" in page
    assert hidden.reference not in page
    assert first.reference in page
    services.application_decide(
        application=application,
        decided_by=coordinator,
        decided_on=timezone.localdate(),
        review_on=timezone.localdate(),
    )
    review = client.get(reverse("casereviews:review", args=[application.reference])).content
    assert hidden.reference.encode() not in review
    assert b"A report held by Test Police on" in review


def test_review_held_with_a_recommendation_completed(signed_in, coordinator, council, police):
    application = recorded(coordinator, council)
    today = timezone.localdate()
    client = signed_in(coordinator)
    client.post(
        reverse("casereviews:decide", args=[application.reference]),
        {"decided_on": today, "review_on": today},
    )
    ref = application.reference
    bad = client.post(reverse("casereviews:review_held", args=[ref]), {"held_on": today})
    assert bad.status_code == 400 and b"govuk-error-summary" in bad.content
    client.post(
        reverse("casereviews:review_held", args=[ref]),
        {"held_on": today, "victim_voice": "attended", "findings": "Slow to act"},
    )
    client.post(
        reverse("casereviews:attendee_add", args=[ref]),
        {"organisation_id": police.pk, "name": "Inspector Lee"},
    )
    client.post(
        reverse("casereviews:recommendation_add", args=[ref]),
        {"owner_id": police.pk, "text": "Joint patrols", "due_on": today},
    )
    recommendation = application.review.recommendations.get()
    client.post(
        reverse("casereviews:recommendation_complete", args=[ref, recommendation.pk]),
        {"completed_on": today},
    )
    application.refresh_from_db()
    assert application.status == Application.Status.CLOSED


def test_statistics_page_and_csv_for_coordinators_not_caseworkers(
    signed_in, client, coordinator, caseworker, council
):
    recorded(coordinator, council, days=(10,))
    signed_in(coordinator)
    year = timezone.localdate().year
    page = client.get(reverse("casereviews:statistics"), {"year": year})
    assert b"Threshold not met" in page.content
    csv = client.get(reverse("casereviews:statistics_download"), {"year": year})
    assert csv["Content-Type"].startswith("text/csv")
    assert f"{year},Threshold not met,1".encode() in csv.content
    signed_in(caseworker)
    assert client.get(reverse("casereviews:statistics")).status_code == 403


def test_daily_job_finds_victims_who_meet_the_threshold_and_have_not_applied(
    signed_in, coordinator, caseworker, council
):
    now = timezone.now()
    first = report(caseworker, people=[victim()], reported_at=now - timedelta(days=30))
    person = first.involvements.get().person
    for days in (20, 10):
        report(caseworker, people=[victim(person)], reported_at=now - timedelta(days=days))
    lone = report(
        caseworker, people=[PersonInput(role="victim", first_name="Sam", last_name="Single")]
    )
    assert eligible_victims_refresh() == 1
    assert eligible_victims_refresh() == 1  # twice in a day: the same list
    assert list(EligibleVictim.objects.values_list("person_id", flat=True)) == [person.pk]
    page = signed_in(coordinator).get(reverse("casereviews:eligible"))
    assert person.full_name.encode() in page.content
    assert lone.involvements.get().person.full_name.encode() not in page.content
    caseworker_page = signed_in(caseworker).get(reverse("people:detail", args=[person.pk]))
    assert b"meet the case review threshold" in caseworker_page.content
    recorded(coordinator, council, days=(), victim=person)
    assert eligible_victims_refresh() == 0


def test_the_search_is_a_daily_job_safe_to_run_twice(caseworker, settings):
    assert "safer.casereviews.tasks.eligible_victims_enqueue_due" in settings.DAILY_JOBS
    now = timezone.now()
    first = report(caseworker, people=[victim()], reported_at=now - timedelta(days=30))
    person = first.involvements.get().person
    for days in (20, 10):
        report(caseworker, people=[victim(person)], reported_at=now - timedelta(days=days))
    assert eligible_victims_enqueue_due()
    eligible_victims_enqueue_due()
    assert EligibleVictim.objects.get().person == person


def test_report_page_prompts_at_the_second_complaint(signed_in, caseworker):
    now = timezone.now()
    first = report(caseworker, people=[victim()], reported_at=now - timedelta(days=40))
    client = signed_in(caseworker)
    prompt = b"Tell the victim about the case review"
    assert prompt not in client.get(reverse("cases:report_detail", args=[first.reference])).content
    person = first.involvements.get().person
    second = report(caseworker, people=[victim(person)])
    page = client.get(reverse("cases:report_detail", args=[second.reference]))
    assert prompt in page.content
    case = case_open(opened_by=caseworker, reports=[second], title="Noise")
    assert prompt in client.get(reverse("cases:detail", args=[case.reference])).content


def test_agenda_proposals_and_reminders_for_other_apps(coordinator, caseworker, council):
    from safer.casereviews import selectors

    application = recorded(coordinator, council)
    today = timezone.localdate()
    reminders = selectors.reminders(user=coordinator, today=application.decision_due)
    assert [r["kind"] for r in reminders] == ["community_trigger_decision"]
    assert selectors.reminders(user=caseworker, today=today) == []
    services.application_decide(
        application=application, decided_by=coordinator, decided_on=today, review_on=today
    )
    [proposal] = selectors.agenda_proposals(series=None, held_on=today, since=today)
    assert proposal["kind"] == "community_trigger_review" and proposal["case"] is None
    assert "Robin" not in proposal["title"]
    assert selectors.agenda_proposals(series=None, held_on=today - timedelta(days=1)) == []


def test_list_and_detail_queries_do_not_grow_with_the_records(signed_in, coordinator, council):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = signed_in(coordinator)

    def queries(url) -> int:
        with CaptureQueriesContext(connection) as context:
            assert client.get(url).status_code == 200
        return len(context.captured_queries)

    first = recorded(coordinator, council)
    few = (
        queries(reverse("casereviews:list")),
        queries(reverse("casereviews:detail", args=[first.reference])),
    )
    for _ in range(4):
        last = recorded(coordinator, council, days=(30, 25, 20, 15, 10, 5))
    many = (
        queries(reverse("casereviews:list")),
        queries(reverse("casereviews:detail", args=[last.reference])),
    )
    assert many == few


def test_threshold_not_met_letter_and_an_upheld_appeal_through_the_pages(
    signed_in, coordinator, council
):
    application = recorded(coordinator, council, days=(10,))
    today = timezone.localdate()
    client = signed_in(coordinator)
    ref = application.reference
    client.post(reverse("casereviews:decide", args=[ref]), {"decided_on": today})
    page = client.get(reverse("casereviews:detail", args=[ref])).content.decode()
    assert "Threshold not met" in page and "you may appeal" in page
    missing = client.post(reverse("casereviews:appeal", args=[ref]), {"received_on": today})
    assert missing.status_code == 400 and "Enter the grounds of the appeal" in missing.text
    client.post(
        reverse("casereviews:appeal", args=[ref]),
        {"received_on": today, "grounds": "The police reports were not counted"},
    )
    no_date = client.post(
        reverse("casereviews:appeal_outcome", args=[ref]),
        {"outcome": "upheld", "outcome_on": today},
    )
    assert no_date.status_code == 400 and services.REVIEW_DATE_MISSING in no_date.text
    client.post(
        reverse("casereviews:appeal_outcome", args=[ref]),
        {"outcome": "upheld", "outcome_on": today, "review_on": today},
    )
    application.refresh_from_db()
    assert application.status == Application.Status.REVIEW_SCHEDULED
    assert client.get(reverse("casereviews:review", args=[ref])).status_code == 200


def test_decision_letter_as_a_pdf(signed_in, client, coordinator, council):
    application = recorded(coordinator, council, days=(10,))
    signed_in(coordinator)
    url = reverse("casereviews:letter_pdf", args=[application.reference])
    assert client.get(url).status_code == 404  # no decision yet
    services.application_decide(
        application=application, decided_by=coordinator, decided_on=timezone.localdate()
    )
    response = client.get(url)
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    other = member(Role.CASEWORKER, OrganisationFactory(name="Elsewhere"), username="other")
    signed_in(other)
    assert client.get(url).status_code == 404
