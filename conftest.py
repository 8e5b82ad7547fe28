"""Fixtures shared by every app's tests."""

import pytest
from django_otp import DEVICE_ID_SESSION_KEY

from safer.partners.roles import Role
from safer.partners.tests.factories import OrganisationFactory, confirmed_device, member

# A real SMTP server on loopback (smtp_server) and one that refuses (unreachable_smtp).
pytest_plugins = ["safer.notifications.tests.smtp"]


@pytest.fixture
def council():
    return OrganisationFactory(name="Test District Council", short_name="TDC")


@pytest.fixture
def police():
    return OrganisationFactory(name="Test Police", short_name="TP", kind="police")


@pytest.fixture
def caseworker(council):
    return member(Role.CASEWORKER, council, username="caseworker")


@pytest.fixture
def signed_in(client):
    """Sign a user in through the session, passing the second factor where the role needs it."""

    def sign_in(user):
        client.force_login(user)
        if user.membership.role in (Role.ADMIN, Role.COORDINATOR):
            device = confirmed_device(user)
            session = client.session
            session[DEVICE_ID_SESSION_KEY] = device.persistent_id
            session.save()
        return client

    return sign_in
