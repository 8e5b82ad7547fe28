"""Recording applications, counting across partners, the decision, review and appeal."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from safer.audit.models import AuditEvent
from safer.casereviews import selectors, services
from safer.casereviews.models import Application, Review
from safer.cases.tests.factories import report, victim
from safer.partners.roles import Role
from safer.partners.tests.factories import member

pytestmark = pytest.mark.django_db


@pytest.fixture
def coordinator(council):
    return member(Role.COORDINATOR, council, username="coordinator")


def applicant(**extra):
    return {"first_name": "Robin", "last_name": "Example", "email": "robin@example.org", **extra}


def complaint(organisation, days_ago: int, *, late: int = 0, **extra):
    today = timezone.localdate()
    return {
        "occurred_on": today - timedelta(days=days_ago),
        "reported_on": today - timedelta(days=days_ago - late),
        "organisation_id": organisation.pk,
        "description": "Shouting and banging on the door",
        "hate_motivated": False,
        **extra,
    }


def test_three_typed_complaints_meet_the_threshold_with_a_reference_and_deadline(
    coordinator, council, police
):
    application = services.application_record(
        recorded_by=coordinator,
        applicant=applicant(),
        received_on=timezone.localdate(),
        complaints=[complaint(council, 30), complaint(police, 20), complaint(council, 10)],
    )
    assert application.reference.startswith(f"CT-{timezone.localdate().year}-")
    assert application.threshold_met and application.qualifying_complaints == 3
    assert application.decision_due > application.received_on
    assert application.organisation == council
    assert AuditEvent.objects.filter(action="casereview.application_recorded").exists()


def test_bad_input_names_each_field_and_stores_nothing(coordinator, council):
    with pytest.raises(ValidationError) as error:
        services.application_record(
            recorded_by=coordinator,
            applicant={"first_name": "", "last_name": "X", "email": "not-an-email"},
            received_on=timezone.localdate(),
            complaints=[
                complaint(council, 5, late=-2),
                {**complaint(council, 5), "organisation_id": 999999},
            ],
        )
    fields = error.value.message_dict
    assert set(fields) == {
        "applicant.first_name",
        "applicant.email",
        "complaints.0.reported_on",
        "complaints.1.organisation_id",
    }
    assert not Application.objects.exists()


def test_same_incident_reported_to_police_and_council_counts_once(coordinator, council, police):
    application = services.application_record(
        recorded_by=coordinator,
        applicant=applicant(),
        received_on=timezone.localdate(),
        complaints=[complaint(police, 30, late=1), complaint(council, 30), complaint(council, 10)],
    )
    assert application.qualifying_complaints == 2 and not application.threshold_met
    duplicate = application.complaints.get(organisation=police)
    assert not duplicate.qualifying and "counts once" in duplicate.reason


def test_hate_rule_follows_the_setting(coordinator, council, settings):
    hate = [complaint(council, 5, hate_motivated=True)]
    off = services.application_record(
        recorded_by=coordinator,
        applicant=applicant(),
        received_on=timezone.localdate(),
        complaints=hate,
    )
    settings.COMMUNITY_TRIGGER_HATE_ALONE = True
    on = services.application_record(
        recorded_by=coordinator,
        applicant=applicant(),
        received_on=timezone.localdate(),
        complaints=hate,
    )
    assert not off.threshold_met and on.threshold_met


def test_linked_victim_gathers_every_partners_reports_and_hides_what_the_caller_cannot_open(
    coordinator, caseworker, council, police, signed_in
):
    now = timezone.now()
    first = report(caseworker, people=[victim()], reported_at=now - timedelta(days=40))
    person = first.involvements.get().person
    person.shared_with.add(police)
    officer = member(Role.PARTNER_OFFICER, police, username="officer")
    police_report = report(officer, people=[victim(person)], reported_at=now - timedelta(days=20))
    report(
        caseworker, people=[victim(person)], reported_at=now - timedelta(days=300)
    )  # outside the window
    application = services.application_record(
        recorded_by=coordinator,
        applicant=applicant(),
        received_on=timezone.localdate(),
        victim=person,
        complaints=[complaint(council, 5)],
    )
    assert application.complaints.count() == 3
    assert application.threshold_met  # the police report counts though the council cannot open it
    rows = selectors.complaint_rows(coordinator, application)
    withheld = [r for r in rows if r.withheld]
    assert len(withheld) == 1
    assert withheld[0].description is None and withheld[0].report_reference is None
    assert withheld[0].label.startswith("a report held by Test Police on ")
    assert police_report.reference not in str(rows)
    mine = [r for r in rows if r.report_reference == first.reference]
    assert mine and mine[0].description == first.description
    history = selectors.review_history(coordinator, application)
    assert police_report.reference not in str(history)
    assert police_report.description not in str([h for h in history if h.withheld])


def test_decision_met_schedules_a_review_and_not_met_writes_the_appeal_route(coordinator, council):
    today = timezone.localdate()
    met = services.application_record(
        recorded_by=coordinator,
        applicant=applicant(),
        received_on=today,
        complaints=[complaint(council, d) for d in (30, 20, 10)],
    )
    with pytest.raises(ValidationError) as error:
        services.application_decide(application=met, decided_by=coordinator, decided_on=today)
    assert "review_on" in error.value.message_dict
    services.application_decide(
        application=met,
        decided_by=coordinator,
        decided_on=today,
        review_on=today + timedelta(days=7),
    )
    met.refresh_from_db()
    assert met.status == Application.Status.REVIEW_SCHEDULED
    assert Review.objects.get(application=met).scheduled_for == today + timedelta(days=7)

    not_met = services.application_record(
        recorded_by=coordinator,
        applicant=applicant(),
        received_on=today,
        complaints=[complaint(council, 60, late=40)],
    )
    services.application_decide(application=not_met, decided_by=coordinator, decided_on=today)
    not_met.refresh_from_db()
    assert not_met.status == Application.Status.NOT_MET
    assert "appeal" in not_met.decision_letter and "40 days" in not_met.decision_letter
    with pytest.raises(ValidationError):
        services.application_decide(application=not_met, decided_by=coordinator, decided_on=today)


def test_review_recommendations_tracked_to_completion_close_the_application(
    coordinator, council, police
):
    today = timezone.localdate()
    application = services.application_record(
        recorded_by=coordinator,
        applicant=applicant(),
        received_on=today,
        complaints=[complaint(council, d) for d in (30, 20, 10)],
    )
    services.application_decide(
        application=application, decided_by=coordinator, decided_on=today, review_on=today
    )
    review = Review.objects.get(application=application)
    services.attendee_add(
        review=review, added_by=coordinator, organisation_id=police.pk, name="PC Smith"
    )
    rec = services.recommendation_add(
        review=review, added_by=coordinator, owner_id=police.pk, text="Patrols", due_on=today
    )
    with pytest.raises(ValidationError):
        services.recommendation_complete(
            recommendation=rec, completed_by=coordinator, completed_on=today
        )
    with pytest.raises(ValidationError) as error:
        services.review_record(
            review=review, recorded_by=coordinator, held_on=today, victim_voice="", findings=""
        )
    assert set(error.value.message_dict) == {"victim_voice", "findings"}
    services.review_record(
        review=review,
        recorded_by=coordinator,
        held_on=today,
        victim_voice="attended",
        findings="Slow",
    )
    services.recommendation_complete(
        recommendation=rec, completed_by=coordinator, completed_on=today
    )
    application.refresh_from_db()
    assert application.status == Application.Status.CLOSED
    assert selectors.statistics(year=today.year) == {
        "applications": 1,
        "threshold_not_met": 0,
        "reviews_held": 1,
        "reviews_with_recommendations": 1,
    }


def test_upheld_appeal_schedules_a_review(coordinator, council):
    today = timezone.localdate()
    application = services.application_record(
        recorded_by=coordinator, applicant=applicant(), received_on=today, complaints=[]
    )
    services.application_decide(application=application, decided_by=coordinator, decided_on=today)
    appeal = services.appeal_record(
        application=application,
        recorded_by=coordinator,
        received_on=today,
        grounds="Missed reports",
    )
    with pytest.raises(ValidationError) as error:
        services.appeal_decide(
            appeal=appeal, decided_by=coordinator, outcome="upheld", outcome_on=today
        )
    assert "review_on" in error.value.message_dict
    services.appeal_decide(
        appeal=appeal, decided_by=coordinator, outcome="upheld", outcome_on=today, review_on=today
    )
    application.refresh_from_db()
    assert application.status == Application.Status.REVIEW_SCHEDULED


def test_statistics_count_threshold_not_met_by_year(coordinator, council):
    services.application_record(
        recorded_by=coordinator, applicant=applicant(), received_on=date(2025, 6, 1), complaints=[]
    )
    assert selectors.statistics(year=2025)["threshold_not_met"] == 1
    assert selectors.statistics(year=2024)["applications"] == 0
