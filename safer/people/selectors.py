"""Reads of person records, always starting from the need-to-know rule."""

from dataclasses import dataclass
from datetime import date

from django.db.models import Q, QuerySet
from django.utils import timezone

from safer.partners.access import can_change, can_share, can_view_sensitive, visible_to
from safer.people.models import Person


def person_list_visible_to(user, *, q: str = "") -> QuerySet[Person]:
    """People the user may see, optionally matching a name, postcode or phone search."""
    people = visible_to(
        user, Person.objects.filter(merged_into__isnull=True).select_related("organisation")
    )
    for term in q.split():
        people = people.filter(
            Q(first_name__icontains=term)
            | Q(last_name__icontains=term)
            | Q(postcode__icontains=term.replace(" ", ""))
            | Q(postcode__icontains=term)
            | Q(phone__icontains=term)
        )
    return people.order_by("last_name", "first_name", "pk")


@dataclass(frozen=True)
class PersonView:
    """What one user may see of a person: sensitive fields are None without the capability."""

    person: Person
    date_of_birth: date | None
    age: int | None
    vulnerability_notes: str | None
    is_under_18: bool
    can_see_sensitive: bool
    can_change: bool
    can_share: bool
    shared_with: list[str]


def person_view_for(user, person: Person, *, today: date | None = None) -> PersonView:
    """Redact a visible person record for this user."""
    today = today or timezone.localdate()
    sensitive = can_view_sensitive(user, person)
    return PersonView(
        person=person,
        date_of_birth=person.date_of_birth if sensitive else None,
        age=person.age_on(today) if sensitive else None,
        vulnerability_notes=person.vulnerability_notes if sensitive else None,
        is_under_18=person.is_under_18_on(today),
        can_see_sensitive=sensitive,
        can_change=can_change(user, person),
        can_share=can_share(user, person),
        shared_with=[org.name for org in person.shared_with.order_by("name")],
    )


def person_match_candidates(user, candidate, *, limit: int = 5) -> list:
    """Visible people who may be the candidate, best first: a narrow indexed query, then fuzzy
    scoring in Python.

    The query asks for the same first three letters of the last name and the same initial, or the
    same date of birth (either way round), or the same email: a typo early in a surname is still
    found through the date of birth, and the pool stays small in a large partnership.
    """
    from safer.people.matching import normalise_name, rank_matches, search_keys

    keys = search_keys(candidate)
    last, first = normalise_name(candidate.last_name), normalise_name(candidate.first_name)
    prefilter = Q()
    if last[:3] and first[:1]:
        prefilter |= Q(last_name__istartswith=last[:3], first_name__istartswith=first[:1])
    if keys.dates_of_birth:
        prefilter |= Q(date_of_birth__in=keys.dates_of_birth)
    if keys.email:
        prefilter |= Q(email__iexact=keys.email)
    if not prefilter:
        return []
    pool = person_list_visible_to(user).filter(prefilter)[:MATCH_POOL]
    return rank_matches(candidate, pool, threshold=0.75, limit=limit)


MATCH_POOL = 200  # scored in Python; the strongest keys (birth date, email) are in it


def person_possible_duplicates(user, person: Person, *, limit: int = 5) -> list:
    """Other records the user may change that may be the same person, best first."""
    from safer.partners.access import can_change

    return [
        (other, match)
        for other, match in person_match_candidates(user, person, limit=limit + 1)
        if other.pk != person.pk and can_change(user, other)
    ][:limit]
