"""Guarded fetch of a person for the data protection officer."""

from django.shortcuts import get_object_or_404

from safer.partners.access import require_capability
from safer.partners.roles import Capability
from safer.people.models import Person


def access_person_for_data_protection(user, person_id: int) -> Person:
    """Any person record, for a user with the data protection capability (403 otherwise, 404
    if there is no such record): subject access and erasure cover the whole partnership."""
    require_capability(user, Capability.DATA_PROTECTION)
    return get_object_or_404(Person.objects.select_related("organisation"), pk=person_id)
