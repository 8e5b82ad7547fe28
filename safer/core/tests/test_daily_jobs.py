"""Daily jobs: each asked to queue itself; one that fails does not stop the others."""

from io import StringIO

import pytest
from django.core.management import call_command

from safer.core.daily import daily_jobs_enqueue_due

CALLS: list[str] = []


def due_job() -> bool:
    CALLS.append("due")
    return True


def not_due_job() -> bool:
    CALLS.append("not due")
    return False


def broken_job() -> bool:
    raise RuntimeError("queue unavailable")


@pytest.fixture
def jobs(settings):
    CALLS.clear()
    here = "safer.core.tests.test_daily_jobs"
    settings.DAILY_JOBS = [f"{here}.broken_job", f"{here}.due_job", f"{here}.not_due_job"]
    return here


def test_every_job_is_asked_and_a_failure_is_logged_not_raised(jobs, caplog):
    assert daily_jobs_enqueue_due() == [f"{jobs}.due_job"]
    assert CALLS == ["due", "not due"]
    assert "broken_job could not be queued" in caplog.text


def test_the_command_says_what_it_queued(jobs):
    out = StringIO()
    call_command("daily_jobs", stdout=out)
    assert f"Queued {jobs}.due_job" in out.getvalue()


def test_retention_is_a_daily_job(settings):
    assert "safer.privacy.tasks.retention_enqueue_due" in settings.DAILY_JOBS
