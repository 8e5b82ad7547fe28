"""Fixtures for the API tests that send requests straight to the WSGI application."""

import pytest
from django.core.signals import request_finished, request_started
from django.db import close_old_connections


@pytest.fixture
def test_connection_kept():
    """Requests go straight to the WSGI application, whose end-of-request signal would close
    the connection holding the test's transaction; Django's test client unhooks it the same way."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)
