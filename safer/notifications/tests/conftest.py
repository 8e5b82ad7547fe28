"""Fixtures of the notifications tests."""

import pytest


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run what waits for the commit (the test's own transaction never commits)."""
    return lambda: django_capture_on_commit_callbacks(execute=True)
