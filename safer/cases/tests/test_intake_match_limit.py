"""The intake page's person matching shares the per-user match limit (issue 17, finding 3)."""

import pytest
from django.urls import reverse

from safer.audit.models import AuditEvent
from safer.cases.models import Report
from safer.cases.tests.test_views import report_form

pytestmark = pytest.mark.django_db


def test_past_the_limit_the_intake_page_pauses_matching_and_keeps_the_form(
    signed_in, caseworker, settings
):
    settings.PEOPLE_MATCH_LIMIT = 2
    settings.PEOPLE_MATCH_WINDOW_MINUTES = 10
    client = signed_in(caseworker)
    data = report_form(**{"reporter-first_name": "Robin", "reporter-last_name": "Example"})
    client.post(reverse("cases:report_create"), data)  # two people checked: the limit
    assert Report.objects.count() == 1

    response = client.post(
        reverse("cases:report_create"), report_form(description="Shouting in the street")
    )

    body = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in body
    assert "Checking for people already recorded is paused" in body
    assert "Shouting in the street" in body and "Placeholder" in body  # nothing typed is lost
    assert Report.objects.count() == 1
    assert AuditEvent.objects.get(action="people.match_limited").changes["via"] == "page"
