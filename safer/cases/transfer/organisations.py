"""Naming the organisation and the member a command acts for."""

from django.contrib.auth import get_user_model
from django.core.management.base import CommandError
from django.db.models import Q

from safer.partners.access import has_capability, organisation_of
from safer.partners.models import Organisation
from safer.partners.roles import Capability

NO_ORGANISATION = "No organisation is called '{name}' (give its name or short name)"
NO_USER = "No user is called '{name}'"
NOT_A_MEMBER = "{user} is not a member of {organisation}"
CANNOT_EDIT = "{user} may not record cases (their role lacks the edit capability)"


def organisation_named(name: str) -> Organisation:
    found = Organisation.objects.filter(Q(name__iexact=name) | Q(short_name__iexact=name)).first()
    if found is None:
        raise CommandError(NO_ORGANISATION.format(name=name))
    return found


def importer_named(username: str, organisation: Organisation):
    user = get_user_model().objects.filter(username=username).first()
    if user is None:
        raise CommandError(NO_USER.format(name=username))
    if organisation_of(user) != organisation:
        raise CommandError(NOT_A_MEMBER.format(user=username, organisation=organisation.name))
    if not has_capability(user, Capability.EDIT_RECORDS):
        raise CommandError(CANNOT_EDIT.format(user=username))
    return user
