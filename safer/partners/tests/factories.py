"""Factories for organisations and users with a role (shared by every app's tests)."""

import factory
from django_otp.plugins.otp_totp.models import TOTPDevice

from safer.accounts.models import User
from safer.partners.models import Membership, Organisation
from safer.partners.roles import Role

TEST_PASSWORD = "correct-horse-battery-staple"


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Test Organisation {n}")
    short_name = factory.Sequence(lambda n: f"TO{n}")
    kind = Organisation.Kind.DISTRICT_COUNCIL


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = "Test"
    last_name = factory.Sequence(lambda n: f"User{n}")
    password = factory.PostGenerationMethodCall("set_password", TEST_PASSWORD)

    @factory.post_generation
    def save_password(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = Role.CASEWORKER


def member(
    role: str = Role.CASEWORKER, organisation: Organisation | None = None, **user_fields
) -> User:
    """A user with a membership of `organisation` (a new one if not given) in `role`."""
    user = UserFactory(**user_fields)
    MembershipFactory(user=user, role=role, organisation=organisation or OrganisationFactory())
    return user


def confirmed_device(user: User) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="Test authenticator", confirmed=True)
