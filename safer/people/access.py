"""Guarded fetch of a person record."""

from safer.partners.access import access_record
from safer.people.models import Person


def access_person(user, person_id, *, write: bool = False) -> Person:
    """The person if the user may see it (404 otherwise); 403 if write is asked but not allowed."""
    return access_record(
        user, Person.objects.select_related("organisation"), write=write, pk=person_id
    )
