"""Work queues name the lead officer; repeat locations show addresses and link to their
reports, never an internal key (issue 11)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from safer.cases import services
from safer.cases.models import Case, Report
from safer.cases.selectors import repeat_locations
from safer.cases.tests.factories import report, victim
from safer.partners.roles import Role
from safer.partners.tests.factories import member

pytestmark = pytest.mark.django_db


def test_repeat_locations_show_the_address_and_the_reports_never_the_key(client, caseworker):
    made = [
        report(caseworker, address="4 Repeat Row, Banbury", postcode="OX16 9ZZ", days_ago=d)
        for d in (1, 2, 3)
    ]
    places = repeat_locations(caseworker)
    assert places == [
        {
            "address": "4 Repeat Row, Banbury, OX16 9ZZ",
            "reports": 3,
            "references": [r.reference for r in reversed(made)],
        }
    ]
    client.force_login(caseworker)
    page = client.get("/cases/repeats").content.decode()
    assert "4 Repeat Row, Banbury, OX16 9ZZ" in page
    for made_report in made:
        assert f'href="/reports/{made_report.reference}/"' in page
    key = Report.objects.get(pk=made[0].pk).location_key
    assert key not in page


def test_repeat_locations_count_only_reports_the_reader_may_open(caseworker, police):
    for d in (1, 2, 3):
        report(caseworker, address="4 Repeat Row, Banbury", postcode="OX16 9ZZ", days_ago=d)
    officer = member(Role.PARTNER_OFFICER, police, username="officer")
    assert repeat_locations(officer) == []


def test_queues_name_the_lead_officer_and_who_recorded_the_report(client, caseworker, council):
    lead = member(Role.CASEWORKER, council, username="lead", first_name="Lea", last_name="Dofficer")
    case = services.case_open(opened_by=caseworker, reports=[report(caseworker, people=[victim()])])
    Case.objects.filter(pk=case.pk).update(
        lead_officer=lead, next_review_due=timezone.localdate() - timedelta(days=3)
    )
    report(caseworker)
    client.force_login(caseworker)
    page = client.get("/cases/queues").content.decode()
    assert "lead officer Lea Dofficer" in page
    assert "Recorded by" in page and caseworker.display_name in page
