"""Reports residents send through the public web form: they land in the intake organisation's
queue like any staff-recorded report, received via web, with the language they wrote in."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.utils import timezone

from safer.audit.models import AuditEvent
from safer.cases import selectors, services
from safer.cases.models import Report
from safer.cases.repeats import REPEAT_LOCATION
from safer.cases.services.reports import public_intake_organisation
from safer.cases.tests.factories import answers, report
from safer.cases.working_days import add_working_days
from safer.partners.tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db

URDU = "رات بھر اونچی آواز میں موسیقی"


def receive(**overrides) -> Report:
    fields = {
        "occurred_at": timezone.now() - timedelta(hours=3),
        "type": "noise",
        "description": URDU,
        "address": "1 Imaginary Road, Banbury",
        "postcode": "ox16 1zz",
        "language": "ur",
        "happening_now": False,
        "affected": "household",
        "reporter_name": "Amina Example",
        "reporter_email": "amina@example.com",
        "consents_to_contact": True,
    }
    return services.report_receive_public(**{**fields, **overrides})


def test_a_web_report_lands_in_the_intake_queue_with_its_language(council, caseworker):
    received = receive(description="  " + URDU + "\n")
    assert received.organisation == council
    assert received.received_via == Report.ReceivedVia.WEB
    assert received.recorded_by is None
    assert received.language == "ur" and received.language_name == "Urdu"
    assert received.description == "  " + URDU + "\n"  # kept exactly as typed
    assert received.category == Report.Category.NUISANCE and received.postcode == "OX16 1ZZ"
    assert received.reference.startswith("ASB-")
    assert received.assessment_due == add_working_days(
        timezone.localdate(), settings.RISK_ASSESSMENT_DUE_WORKING_DAYS
    )
    queue = selectors.report_list_visible_to(caseworker, unassessed=True)
    assert list(queue) == [received]


def test_the_audit_row_names_no_actor(council):
    received = receive()
    event = AuditEvent.objects.get(action="report.created", target_id=str(received.pk))
    assert event.actor is None and event.organisation == council
    assert event.changes["received_via"] == "web" and event.changes["language"] == "ur"


def test_web_reports_count_towards_repeat_locations_like_staff_reports(council, caseworker):
    report(caseworker)
    report(caseworker)
    received = receive(postcode="OX16 1ZZ")
    assert REPEAT_LOCATION in received.flags


def test_bad_input_stores_nothing(council):
    with pytest.raises(ValidationError) as error:
        receive(description="   ", language="xx", reporter_email="not an address")
    assert {"description", "language", "reporter_email"} <= set(error.value.message_dict)
    assert not Report.objects.exists() and not AuditEvent.objects.exists()


def test_a_future_date_is_refused(council):
    with pytest.raises(ValidationError):
        receive(occurred_at=timezone.now() + timedelta(days=1))


def test_consent_needs_a_way_to_contact(council):
    received = receive(reporter_email="", reporter_name="", consents_to_contact=True)
    assert not received.reporter_consents_to_contact


def test_the_intake_organisation_follows_the_setting(settings, council):
    police = OrganisationFactory(name="Test Police", short_name="TP", kind="police")
    assert public_intake_organisation() == council
    settings.PUBLIC_REPORTS_ORGANISATION = "tp"
    assert public_intake_organisation() == police
    settings.PUBLIC_REPORTS_ORGANISATION = "NOPE"
    with pytest.raises(ImproperlyConfigured):
        public_intake_organisation()


def test_the_public_status_is_plain(council, caseworker):
    received = receive()
    assert selectors.report_public_status(received).status == selectors.PUBLIC_RECEIVED
    services.risk_assessment_record(report=received, assessed_by=caseworker, answers=answers())
    received.refresh_from_db()
    assert selectors.report_public_status(received).status == selectors.PUBLIC_IN_HAND
    case = services.case_open(opened_by=caseworker, reports=[received])
    services.case_close(case=case, closed_by=caseworker, outcome="resolved", reason="Stopped")
    received.refresh_from_db()
    assert selectors.report_public_status(received).status == selectors.PUBLIC_CLOSED


def test_a_report_is_found_for_a_check_by_reference_and_email_only(council, caseworker):
    received = receive()
    assert selectors.report_for_public_check(received.reference.lower(), "AMINA@example.com")
    assert selectors.report_for_public_check(received.reference, "other@example.com") is None
    staff = report(caseworker)
    assert selectors.report_for_public_check(staff.reference, "") is None
