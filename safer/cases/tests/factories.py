"""Build case-management state through the real services, so tests obey the same rules."""

from datetime import timedelta

from django.utils import timezone

from safer.cases import services
from safer.cases.services import PersonInput

ALL_NO = {
    "happened_before": "no",
    "reported_elsewhere": "no",
    "feel_targeted": "no",
    "targeted_because": ["none"],
    "household_disability": "no",
    "affecting_health": "no",
    "affecting_sleep": "no",
    "afraid": "no",
    "isolated": "no",
    "thinking_of_moving": "no",
    "unsafe_at_home": "no",
    "threats_or_violence": "no",
    "children_affected": "no",
    "alcohol_or_drugs": "no",
    "caring_for_someone": "no",
    "getting_worse": "no",
    "expect_again": "no",
    "daily_life": "no",
}


def answers(**overrides) -> dict:
    return {**ALL_NO, **overrides}


def report(
    user,
    *,
    people: list[PersonInput] | None = None,
    address: str = "1 Imaginary Road, Banbury",
    postcode: str = "OX16 1ZZ",
    days_ago: int = 1,
    type: str = "noise",
    category: str = "nuisance",
    reported_at=None,
    **extra,
):
    now = timezone.now()
    return services.report_create(
        recorded_by=user,
        received_via="phone",
        occurred_at=(reported_at or now) - timedelta(days=days_ago),
        reported_at=reported_at,
        category=category,
        type=type,
        description="Loud music every night after midnight.",
        address=address,
        postcode=postcode,
        people=people if people is not None else [],
        **extra,
    )


def victim(person=None, **details) -> PersonInput:
    if person is not None:
        return PersonInput(role="victim", person_id=person.pk)
    return PersonInput(role="victim", first_name="Robin", last_name="Example", **details)
