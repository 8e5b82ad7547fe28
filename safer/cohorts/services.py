"""Writes: creating a cohort, adding a member and recording that they left; audited."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from safer import audit
from safer.cohorts.models import Cohort, CohortMember
from safer.partners.access import organisation_of
from safer.people.models import Person

NAME_MISSING = "Enter the cohort's name"
NAME_TAKEN = "Your organisation already has a cohort with this name"
KIND_MISSING = "Choose the kind of cohort"
PERSON_UNSEEN = "Choose a person you can see"
ALREADY_MEMBER = "This person is already a member of the cohort"
JOINED_MISSING = "Enter the date they joined"
DATE_IN_FUTURE = "The date must be today or in the past"
LEFT_BEFORE_JOINED = "The date they left must be on or after the date they joined"


@transaction.atomic
def cohort_create(*, name: str, kind: str, description: str = "", created_by) -> Cohort:
    """Create a cohort of the creator's organisation."""
    organisation = organisation_of(created_by)
    name = (name or "").strip()
    errors = {}
    if not name:
        errors["name"] = NAME_MISSING
    elif Cohort.objects.filter(organisation=organisation, name__iexact=name).exists():
        errors["name"] = NAME_TAKEN
    if kind not in Cohort.Kind.values:
        errors["kind"] = KIND_MISSING
    if errors:
        raise ValidationError(errors)
    cohort = Cohort(
        name=name,
        kind=kind,
        description=(description or "").strip(),
        organisation=organisation,
        created_by=created_by,
    )
    cohort.full_clean()
    cohort.save()
    audit.record(actor=created_by, action="cohort.created", target=cohort)
    return cohort


@transaction.atomic
def cohort_member_add(
    *, cohort: Cohort, person: Person | None, joined_on: date | None, added_by
) -> CohortMember:
    """Add a person the adder may see to the cohort from the day they joined."""
    errors = {}
    if person is None:
        errors["person_id"] = PERSON_UNSEEN
    elif CohortMember.objects.filter(cohort=cohort, person=person).exists():
        errors["person_id"] = ALREADY_MEMBER
    if joined_on is None:
        errors["joined_on"] = JOINED_MISSING
    elif joined_on > timezone.localdate():
        errors["joined_on"] = DATE_IN_FUTURE
    if errors:
        raise ValidationError(errors)
    member = CohortMember(cohort=cohort, person=person, joined_on=joined_on, added_by=added_by)
    member.full_clean()
    member.save()
    audit.record(
        actor=added_by,
        action="cohort.member_added",
        target=cohort,
        changes={"person": person.pk, "joined_on": joined_on},
    )
    return member


@transaction.atomic
def cohort_member_leave(*, member: CohortMember, left_on: date, recorded_by) -> CohortMember:
    """Record the day a member left the cohort; their measure stops there."""
    if left_on > timezone.localdate():
        raise ValidationError({"left_on": DATE_IN_FUTURE})
    if left_on < member.joined_on:
        raise ValidationError({"left_on": LEFT_BEFORE_JOINED})
    member.left_on = left_on
    member.full_clean()
    member.save(update_fields=["left_on", "updated_at"])
    audit.record(
        actor=recorded_by,
        action="cohort.member_left",
        target=member.cohort,
        changes={"person": member.person_id, "left_on": left_on},
    )
    return member


def cohort_viewed(*, cohort: Cohort, viewed_by, via: str, members: bool) -> None:
    """Record that someone saw a cohort (its members, when shown, are personal data)."""
    audit.record(
        actor=viewed_by,
        action="cohort.viewed" if members else "cohort.measure_viewed",
        target=cohort,
        changes={"via": via},
    )
