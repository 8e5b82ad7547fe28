import pytest

from safer.core import request_context
from safer.partners.roles import Role
from safer.partners.tests.factories import member


@pytest.fixture
def admin(council):
    return member(Role.ADMIN, council, username="admin")


@pytest.fixture
def from_browser():
    """Pretend the code runs inside a request from a known address and browser."""
    token = request_context.set_current(
        request_context.RequestContext(ip_address="203.0.113.7", user_agent="TestBrowser/1.0")
    )
    yield request_context.current()
    request_context.reset(token)
