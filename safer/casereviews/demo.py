"""Demo Community Trigger applications, made through the real services and creating nothing
twice: one that met the threshold, was reviewed and has one of its two recommendations done,
one that fell short and was answered with the letter that explains the appeal route, and one
waiting for its decision."""

from datetime import timedelta

from django.utils import timezone

from safer.accounts.models import User
from safer.casereviews.models import Application
from safer.casereviews.services import (
    application_decide,
    application_record,
    recommendation_add,
    recommendation_complete,
    review_record,
)
from safer.partners.models import Organisation


def seed_case_reviews() -> int:
    if Application.objects.exists():
        return 0
    coordinator = User.objects.get(username="coordinator")
    council, police, housing = (
        Organisation.objects.get(short_name=name) for name in ("CDC", "TVP", "EVHA")
    )
    today = timezone.localdate()

    def day(n: int):
        return today - timedelta(days=n)

    def complaint(occurred: int, reported: int, organisation, text: str) -> dict:
        return {
            "occurred_on": day(occurred),
            "reported_on": day(reported),
            "organisation_id": organisation.pk,
            "description": text,
            "hate_motivated": False,
        }

    met = application_record(
        recorded_by=coordinator,
        applicant={"first_name": "Robin", "last_name": "Example", "email": "robin@example.org"},
        received_on=day(40),
        complaints=[
            complaint(150, 149, council, "Loud music from the flat above until 3am"),
            complaint(110, 108, police, "Shouting and banging on the door at night"),
            complaint(70, 69, housing, "Music and parties most nights; neighbours kept awake"),
        ],
    )
    application_decide(
        application=met, decided_by=coordinator, decided_on=day(33), review_on=day(20)
    )
    review = met.review
    review_record(
        review=review,
        recorded_by=coordinator,
        held_on=day(20),
        victim_voice="written",
        findings="Each agency acted on its own report; no one joined them up or told the "
        "victim what was being done.",
        attendees=[
            {"organisation_id": council.pk, "name": "ASB co-ordinator"},
            {"organisation_id": police.pk, "name": "Neighbourhood sergeant"},
            {"organisation_id": housing.pk, "name": "Tenancy manager"},
        ],
    )
    done = recommendation_add(
        review=review,
        added_by=coordinator,
        owner_id=council.pk,
        text="Open one shared case and name a single point of contact for the victim",
        due_on=day(10),
    )
    recommendation_complete(recommendation=done, completed_by=coordinator, completed_on=day(12))
    recommendation_add(
        review=review,
        added_by=coordinator,
        owner_id=housing.pk,
        text="Consider an acceptable behaviour contract with the tenant",
        due_on=today + timedelta(days=14),
    )
    short = application_record(
        recorded_by=coordinator,
        applicant={"first_name": "Sam", "last_name": "Sample", "email": "sam@example.org"},
        received_on=day(25),
        complaints=[complaint(60, 58, council, "Youths gathering by the garages")],
    )
    application_decide(application=short, decided_by=coordinator, decided_on=day(20))
    application_record(
        recorded_by=coordinator,
        applicant={"first_name": "Jordan", "last_name": "Specimen", "email": "jordan@example.org"},
        received_on=day(2),
        complaints=[
            complaint(45, 44, council, "Fly-tipping behind the shops"),
            complaint(30, 30, police, "Fly-tipping again and threats when challenged"),
            complaint(10, 9, council, "More rubbish dumped; the same van"),
        ],
    )
    return 3
