"""Writes of the data protection app: anonymising a person, and the requests the data
protection officer decides (rectification, restriction, erasure)."""

import logging

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string

from safer.audit import services as audit
from safer.people.models import Person, PersonVulnerability
from safer.privacy.models import DataRequest, Restriction

logger = logging.getLogger("safer.privacy")

ANONYMISED = "Anonymised"
REASON_MISSING = "Enter the reason for the request"
ALREADY_RESTRICTED = "This person's record is already restricted"
NOT_RESTRICTED = "This person's record is not restricted"

# What anonymising puts in place of each identifying field.
ANONYMOUS_VALUES = {
    "first_name": "",
    "last_name": "",
    "description": ANONYMISED,
    "date_of_birth": None,
    "phone": "",
    "email": "",
    "address": "",
    "postcode": "",
    "vulnerability_notes": "",
}


def is_anonymised(person: Person) -> bool:
    return all(getattr(person, name) == value for name, value in ANONYMOUS_VALUES.items())


@transaction.atomic
def person_anonymise(*, person: Person, by, reason: str) -> list[int]:
    """Replace a person's name, date of birth and contact details (and those of records merged
    into theirs) with nothing; their vulnerabilities go. Returns the ids anonymised.

    The row stays, so reports, cases and audit entries that name "Person 42" still resolve.
    """
    done = []
    pending = [person]
    while pending:
        current = pending.pop()
        pending.extend(Person.objects.filter(merged_into=current))
        for name, value in ANONYMOUS_VALUES.items():
            setattr(current, name, value)
        current.save(update_fields=[*ANONYMOUS_VALUES, "updated_at"])
        PersonVulnerability.objects.filter(person=current).delete()
        for path in settings.PERSON_CHANGED_HOOKS:
            import_string(path)(
                person=current, changed=["first_name", "last_name", "date_of_birth"]
            )
        audit.record(
            actor=by,
            action="person.anonymised",
            target=current,
            changes={"reason": reason, "fields": sorted(ANONYMOUS_VALUES)},
        )
        done.append(current.pk)
    logger.info("Anonymised people %s: %s", done, reason)
    return done


def _request(*, kind: str, person: Person, reason: str, decided_by, outcome: str, note: str):
    if not reason.strip():
        raise ValidationError({"reason": REASON_MISSING})
    request = DataRequest.objects.create(
        kind=kind,
        person=person,
        reason=reason.strip(),
        outcome=outcome,
        outcome_note=note.strip(),
        decided_by=decided_by,
        decided_at=timezone.now(),
    )
    return request


@transaction.atomic
def data_request_record(
    *, kind: str, person: Person, reason: str, decided_by, outcome: str, note: str = ""
) -> DataRequest:
    """Record a decided request with its reason; a granted restriction marks the person, a lifted
    one unmarks them, and a granted erasure anonymises them (as retention does)."""
    if kind not in DataRequest.Kind.values:
        raise ValidationError({"kind": "Choose the kind of request"})
    if outcome not in DataRequest.Outcome.values:
        raise ValidationError({"outcome": "Choose whether the request was granted or refused"})
    granted = outcome == DataRequest.Outcome.DONE
    restricted = Restriction.objects.filter(person=person).exists()
    if granted and kind == DataRequest.Kind.RESTRICTION and restricted:
        raise ValidationError({"kind": ALREADY_RESTRICTED})
    if granted and kind == DataRequest.Kind.RESTRICTION_LIFTED and not restricted:
        raise ValidationError({"kind": NOT_RESTRICTED})
    request = _request(
        kind=kind, person=person, reason=reason, decided_by=decided_by, outcome=outcome, note=note
    )
    if granted and kind == DataRequest.Kind.RESTRICTION:
        Restriction.objects.create(person=person, request=request)
    elif granted and kind == DataRequest.Kind.RESTRICTION_LIFTED:
        Restriction.objects.filter(person=person).delete()
    elif granted and kind == DataRequest.Kind.ERASURE:
        person_anonymise(person=person, by=decided_by, reason=f"Erasure request {request.pk}")
    audit.record(
        actor=decided_by,
        action=f"person.{kind}_request",
        target=person,
        changes={"request": request.pk, "outcome": outcome},
    )
    return request
