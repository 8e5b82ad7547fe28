"""Writes to person records; every change is audited inside the same transaction."""

from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.module_loading import import_string

from safer import audit
from safer.core import ratelimit
from safer.partners.access import can_change, has_capability, organisation_of
from safer.partners.roles import Capability
from safer.people.models import Person, PersonVulnerability

DATE_OF_BIRTH_FUTURE = "Date of birth must be in the past"
CANNOT_CREATE = "Your role does not allow you to record people"
NAME_OR_DESCRIPTION = (
    "Enter a first and a last name, or, for someone who cannot be named, leave the names "
    "blank and describe them"
)

EDITABLE_FIELDS = (
    "first_name",
    "last_name",
    "date_of_birth",
    "phone",
    "email",
    "address",
    "postcode",
    "vulnerability_notes",
    "description",
)


def _validate(person: Person) -> None:
    if person.date_of_birth and person.date_of_birth > timezone.localdate():
        raise ValidationError({"date_of_birth": DATE_OF_BIRTH_FUTURE})
    named = (bool(person.first_name.strip()), bool(person.last_name.strip()))
    if (named == (False, False) and not person.description.strip()) or named.count(True) == 1:
        # Half a name matches and finds nobody: a whole name, or a description instead.
        raise ValidationError({"first_name" if not named[0] else "last_name": NAME_OR_DESCRIPTION})
    person.postcode = person.postcode.upper().strip()
    person.full_clean(exclude=["organisation"])


def person_create(
    *,
    created_by,
    first_name: str = "",
    last_name: str = "",
    description: str = "",
    date_of_birth: date | None = None,
    phone: str = "",
    email: str = "",
    address: str = "",
    postcode: str = "",
    vulnerability_notes: str = "",
) -> Person:
    """Record a new person, owned by the creator's organisation: with both names, or with none
    and a description when they cannot be named."""
    if not has_capability(created_by, Capability.EDIT_RECORDS):
        raise PermissionDenied(CANNOT_CREATE)
    return _insert(
        Person(
            organisation=organisation_of(created_by),
            first_name=first_name,
            last_name=last_name,
            description=description,
            date_of_birth=date_of_birth,
            phone=phone,
            email=email,
            address=address,
            postcode=postcode,
            vulnerability_notes=vulnerability_notes,
        ),
        actor=created_by,
    )


def person_record_public(
    *, organisation, first_name: str, last_name: str, description: str, email: str, phone: str
) -> Person:
    """Record someone who told us who they are on a public form, owned by the organisation
    that receives the form. No member of staff made it: the audit row's actor is None."""
    return _insert(
        Person(
            organisation=organisation,
            first_name=first_name,
            last_name=last_name,
            description=description,
            email=email,
            phone=phone,
        ),
        actor=None,
    )


def _insert(person: Person, *, actor) -> Person:
    """Trim, validate, save and audit a new person record."""
    for field in ("first_name", "last_name", "description", "phone", "email", "address"):
        setattr(person, field, getattr(person, field).strip())
    person.vulnerability_notes = person.vulnerability_notes.strip()
    _validate(person)
    # Checked before the transaction, so a refusal leaves a caller's transaction usable; no
    # savepoint inside one (intake creates people in its own), as a failed append must roll
    # the whole transaction back anyway.
    with transaction.atomic(savepoint=False):
        person.save()
        audit.record(
            actor=actor,
            action="person.created",
            target=person,
            changes={field: [None, "(set)"] for field in EDITABLE_FIELDS if getattr(person, field)},
            organisation=person.organisation,
        )
    return person


@transaction.atomic
def person_update(*, person: Person, changed_by, **fields) -> Person:
    """Change a person's details; the audit row names the fields changed, not their values."""
    if not can_change(changed_by, person):
        raise PermissionDenied
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"Not editable: {', '.join(sorted(unknown))}")
    changed = [name for name, value in fields.items() if getattr(person, name) != value]
    for name in changed:
        setattr(person, name, fields[name])
    if not changed:
        return person
    _validate(person)
    person.save(update_fields=[*changed, "updated_at"])
    audit.record(
        actor=changed_by,
        action="person.changed",
        target=person,
        changes={name: ["(changed)", "(changed)"] for name in changed},
    )
    _person_changed_hooks(person, changed)
    return person


def _person_changed_hooks(person: Person, changed: list[str]) -> None:
    """Tell the apps that keep copies of a person's details (settings.PERSON_CHANGED_HOOKS)."""
    for path in settings.PERSON_CHANGED_HOOKS:
        import_string(path)(person=person, changed=changed)


def people_listed(*, listed_by, query: str, page: int, shown: list[int], via: str) -> None:
    """Record that someone was shown a list of people (names are personal data): which ones,
    and a reference to the search words (the log does not keep them)."""
    audit.record(
        actor=listed_by,
        action="people.listed",
        changes={"page": page, "people": shown, "via": via},
        search=query,
    )


MATCH_LIMITED = (
    "Too many match checks in a short time. Checking for people already recorded is paused "
    "until {time}."
)


def match_checks_counted(*, user, people: int, via: str) -> None:
    """Count `people` match checks against the user's limit (settings.PEOPLE_MATCH_*), or audit
    the refusal and raise RateLimited: unlimited checks would let names and details be probed."""
    rate = ratelimit.Rate(
        settings.PEOPLE_MATCH_LIMIT, timedelta(minutes=settings.PEOPLE_MATCH_WINDOW_MINUTES)
    )
    try:
        ratelimit.consume("people.match", str(user.pk), rate, cost=people)
    except ratelimit.RateLimited as refused:
        audit.record(
            actor=user,
            action="people.match_limited",
            changes={"via": via, "people": people, "resumes_at": refused.resumes_at},
        )
        raise


def match_limited_message(refused: ratelimit.RateLimited) -> str:
    """What to tell someone over the match limit, with the local time matching resumes."""
    resumes = timezone.localtime(refused.resumes_at)
    time = resumes.strftime("%H:%M")
    if resumes.date() != timezone.localdate():
        time += resumes.strftime(" on %d %B %Y")
    return MATCH_LIMITED.format(time=time)


def person_vulnerabilities_record(
    *,
    person: Person,
    summaries: list[str],
    source: str,
    source_id: int,
    source_reference: str,
    found_on: date,
    recorded_by,
) -> list[PersonVulnerability]:
    """Carry vulnerabilities found elsewhere (a risk assessment's answers) to the person's record,
    each with its source; one found again by the same source is not repeated. The audit row says
    how many and where from, not what (that is sensitive)."""
    created = []
    for summary in dict.fromkeys(summaries):
        row, new = PersonVulnerability.objects.get_or_create(
            person=person,
            source=source,
            source_id=source_id,
            summary=summary[:500],
            defaults={
                "source_reference": source_reference,
                "found_on": found_on,
                "recorded_by": recorded_by,
            },
        )
        if new:
            created.append(row)
    if created:
        audit.record(
            actor=recorded_by,
            action="person.vulnerability_recorded",
            target=person,
            changes={"source": source, "source_id": source_id, "vulnerabilities": len(created)},
        )
    return created


def person_viewed(*, person: Person, viewed_by, via: str) -> None:
    """Record that someone looked at a person's record (page or API)."""
    audit.record(actor=viewed_by, action="person.viewed", target=person, changes={"via": via})


MERGE_SAME = "Choose two different people to merge"
MERGE_ALREADY = "This person has already been merged into another record"


@transaction.atomic
def person_merge(*, keep: Person, duplicate: Person, merged_by) -> Person:
    """Fold a duplicate person record into the one kept; both histories end up on `keep`.

    Every row in any app that points at the duplicate is moved to `keep` (found through the
    model's relations, so people needs no knowledge of the apps that use it). The duplicate
    stays, marked as merged, so references to it still resolve and the merge is auditable.
    """
    if keep.pk == duplicate.pk:
        raise ValidationError(MERGE_SAME)
    if duplicate.merged_into_id or keep.merged_into_id:
        raise ValidationError(MERGE_ALREADY)
    if not (can_change(merged_by, keep) and can_change(merged_by, duplicate)):
        raise PermissionDenied
    moved = {}
    for relation in Person._meta.related_objects:
        if relation.many_to_many or relation.remote_field.name == "merged_into":
            continue
        model, field = relation.related_model, relation.remote_field.name
        count = 0
        for row in model.objects.filter(**{field: duplicate}):
            try:
                with transaction.atomic():
                    model.objects.filter(pk=row.pk).update(**{field: keep})
                count += 1
            except IntegrityError:  # the same link already exists on the kept record
                model.objects.filter(pk=row.pk).delete()
        if count:
            moved[relation.related_model._meta.label_lower] = count
    for organisation in duplicate.shared_with.all():
        keep.shared_with.add(organisation)
    for field in EDITABLE_FIELDS:
        if not getattr(keep, field) and getattr(duplicate, field):
            setattr(keep, field, getattr(duplicate, field))
    keep.save()
    duplicate.merged_into = keep
    duplicate.save(update_fields=["merged_into", "updated_at"])
    audit.record(
        actor=merged_by,
        action="person.merged",
        target=keep,
        changes={"merged": duplicate.pk, "moved": moved},
    )
    _person_changed_hooks(keep, ["merged"])
    return keep


NAME_KEY_BATCH = 5000


def person_name_keys_rebuild(*, person_model=Person) -> int:
    """Work out every person's matching key again (after a bulk load around save()); returns
    how many. `person_model` lets migration 0003 use its historical model."""
    from safer.people.matching import name_key

    count, batch = 0, []
    people = person_model.objects.only("pk", "first_name", "last_name").order_by("pk")
    for person in people.iterator(NAME_KEY_BATCH):
        person.name_key = name_key(person.first_name, person.last_name)
        batch.append(person)
        if len(batch) == NAME_KEY_BATCH:
            person_model.objects.bulk_update(batch, ["name_key"])
            count, batch = count + len(batch), []
    person_model.objects.bulk_update(batch, ["name_key"])
    return count + len(batch)
