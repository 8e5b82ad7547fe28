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
from safer.cases.repeats import REPEAT_CALLER, REPEAT_LOCATION
from safer.cases.services.public_reports import public_intake_organisation
from safer.cases.tests.factories import answers, report
from safer.cases.working_days import add_working_days
from safer.partners.tests.factories import OrganisationFactory
from safer.people.models import Person
from safer.people.services import person_create

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


# The web reporter as a person: repeat-caller detection counts their calls.


def _reporters(received):
    return {i.role: i.person for i in received.involvements.select_related("person")}


def test_a_named_reporter_becomes_a_person_and_the_victim_when_it_affects_them(council):
    received = receive(affected="me", reporter_phone="07700 900982")
    people = _reporters(received)
    assert set(people) == {"reporter", "victim"} and people["reporter"] == people["victim"]
    person = people["reporter"]
    assert (person.first_name, person.last_name) == ("Amina", "Example")
    assert person.email == "amina@example.com" and person.phone == "07700 900982"
    assert person.organisation == council
    created = AuditEvent.objects.get(action="person.created", target_id=str(person.pk))
    assert created.actor is None


def test_an_anonymous_reporter_is_nobody(council):
    received = receive(reporter_name="", reporter_email="", consents_to_contact=False)
    assert not received.involvements.exists() and not Person.objects.exists()


def test_the_third_web_report_from_one_resident_flags_a_repeat_caller(council):
    first = receive(address="1 Imaginary Road", postcode="")
    second = receive(address="9 Invented Lane", postcode="", reporter_email="AMINA@example.com ")
    third = receive(address="30 Fictional Street", postcode="", reporter_name="amina  example")
    assert Person.objects.count() == 1
    assert REPEAT_CALLER not in first.flags and REPEAT_CALLER not in second.flags
    assert REPEAT_CALLER in third.flags


def test_a_resident_known_to_staff_is_linked_by_name_and_phone(council, caseworker):
    known = person_create(
        created_by=caseworker, first_name="Amina", last_name="Example", phone="+44 7700 900982"
    )
    received = receive(reporter_email="", reporter_phone="07700900982")
    assert _reporters(received)["reporter"] == known
    assert Person.objects.count() == 1


@pytest.mark.parametrize(
    ("name", "why"),
    [("Amina Otherly", "the e-mail alone does not make them the same person")],
)
def test_an_e_mail_with_another_name_is_not_linked(council, caseworker, name, why):
    known = person_create(
        created_by=caseworker, first_name="Amina", last_name="Example", email="amina@example.com"
    )
    received = receive(reporter_name=name)
    assert _reporters(received)["reporter"] != known, why
    assert Person.objects.count() == 2


def test_two_records_as_good_link_to_neither(council, caseworker):
    for _ in range(2):
        person_create(
            created_by=caseworker,
            first_name="Amina",
            last_name="Example",
            email="amina@example.com",
        )
    received = receive()
    assert Person.objects.count() == 3
    assert _reporters(received)["reporter"].pk == Person.objects.order_by("pk").last().pk


def test_a_single_name_is_kept_as_a_description(council):
    person = _reporters(receive(reporter_name="Amina"))["reporter"]
    assert (person.first_name, person.last_name) == ("", "")
    assert person.description == "Gave their name as Amina on the web form"


def test_a_refused_report_records_nobody(council):
    with pytest.raises(ValidationError):
        receive(description=" ")
    assert not Person.objects.exists()


def test_a_point_alone_is_a_place(council):
    """The device's location stands for an address (the model allows a blank address when
    there is a point; _validate asks for one or the other)."""
    received = receive(address="", postcode="", latitude=52.06, longitude=-1.34)
    assert received.address == "" and received.latitude == 52.06
    with pytest.raises(ValidationError) as error:
        receive(address="", postcode="")
    assert "location.address" in error.value.message_dict
