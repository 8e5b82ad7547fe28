"""Scheme state built through the real services: a scheme run by the council, an approved
member business with a member user who has signed the agreement, people to exclude."""

import io
from datetime import date, timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from safer.partners.roles import Role
from safer.partners.tests.factories import UserFactory, member
from safer.people.models import Person
from safer.schemes import services
from safer.schemes.access import access_scheme


def administrator(council, username="scheme-admin"):
    return member(Role.CASEWORKER, council, username=username)


def scheme(admin, *, name="Banbury Pubwatch", kind="pubwatch", police=None, area=""):
    from safer.partners.access import organisation_of

    created = services.scheme_create(
        created_by=admin,
        name=name,
        kind=kind,
        organisation=organisation_of(admin),
        police=police,
        area=area,
    )
    services.agreement_publish(
        access=access_scheme(admin, created.pk),
        text="We share only to prevent crime.",
        published_by=admin,
    )
    return created


def business(admin, scheme, name="The Red Lion", **fields):
    data = {"business_type": "pub", "address": "1 High Street, Banbury", "postcode": "OX16 5AA"}
    data.update(fields)
    return services.business_add(
        access=access_scheme(admin, scheme.pk), added_by=admin, name=name, **data
    )


def member_user(admin, business, username="barmanager", *, sign=True, email=""):
    place = services.scheme_user_add(
        access=access_scheme(admin, business.scheme_id),
        business=business,
        username=username,
        requested_by=admin,
        email=email or f"{username}@example.org",
    )
    user = place.user
    if sign:
        services.agreement_sign(access=access_scheme(user, business.scheme_id), signed_by=user)
    return user


def person(organisation, first="Fictional", last="Offender", age=30) -> Person:
    born = None if age is None else date.today() - timedelta(days=int(age * 365.25) + 10)
    return Person.objects.create(
        organisation=organisation, first_name=first, last_name=last, date_of_birth=born
    )


def png(size=(4, 4)) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 10, 10)).save(buffer, format="PNG")
    return SimpleUploadedFile("photo.png", buffer.getvalue(), content_type="image/png")


def exclusion(admin, scheme, person, premises, *, starts=-1, ends=30, photo=True):
    today = timezone.localdate()
    return services.exclusion_issue(
        access=access_scheme(admin, scheme.pk),
        person=person,
        starts_on=today + timedelta(days=starts),
        ends_on=today + timedelta(days=ends),
        premises_ids=[p.pk for p in premises],
        issued_by=admin,
        reason="Assaulted door staff",
        description="Tall, shaved head",
        photo=png() if photo else None,
    )


def staff_without_scheme():
    return UserFactory()
