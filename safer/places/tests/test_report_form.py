"""The address finder on the report form: choose an address, or type one and drop a pin."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from safer.cases.models import Report
from safer.cases.tests.test_views import report_form as intake_form
from safer.places.models import GazetteerAddress
from safer.places.tests.factories import gazetteer_loaded

pytestmark = pytest.mark.django_db


def report_form(**changes):
    """The intake form's happy path with no place given (each test gives its own)."""
    return intake_form(**{"address": "", "postcode": "", **changes})


def test_the_form_has_a_finder_and_no_coordinate_to_type(signed_in, caseworker):
    body = signed_in(caseworker).get(reverse("cases:report_create")).content.decode()
    assert 'name="lookup_postcode"' in body and ">Find address</button>" in body
    assert 'hx-get="/places/lookup"' in body
    assert "My address is not listed" in body
    for name in ("latitude", "longitude", "uprn"):
        assert f'type="hidden" name="{name}"' in body
    assert "Latitude" not in body and "Longitude" not in body
    assert "<script>" not in body and " style=" not in body


def test_without_javascript_find_address_shows_the_list_and_saves_nothing(
    tmp_path, signed_in, caseworker
):
    gazetteer_loaded(tmp_path)
    response = signed_in(caseworker).post(
        reverse("cases:report_create"),
        report_form(lookup_postcode="ox16 1zz", find_address="1", description=""),
    )
    body = response.content.decode()
    assert response.status_code == 200 and not Report.objects.exists()
    assert "3 addresses found" in body and "2 Imaginary Road, Banbury" in body
    assert "govuk-error-summary" not in body  # nothing judged yet: only the list shown
    assert 'value="ox16 1zz"' in body and 'value="Morgan"' in body  # what was typed is kept


def test_choosing_an_address_stores_its_uprn_and_coordinates(tmp_path, signed_in, caseworker):
    gazetteer_loaded(tmp_path)
    chosen = GazetteerAddress.objects.get(uprn="990000000002")
    response = signed_in(caseworker).post(
        reverse("cases:report_create"),
        # What a browser sends is ignored: the gazetteer says where the address is.
        report_form(
            lookup_postcode="OX16 1ZZ",
            address_choice="990000000002",
            address="Somewhere else",
            uprn="123",
            latitude="51.0",
            longitude="-2.0",
        ),
    )
    report = Report.objects.get()
    assert response.url == reverse("cases:report_detail", args=[report.reference])
    assert report.address == "2 Imaginary Road, Banbury" and report.postcode == "OX16 1ZZ"
    assert report.uprn == "990000000002"
    assert (report.latitude, report.longitude) == (chosen.latitude, chosen.longitude)


def test_a_choice_not_at_the_postcode_is_refused(tmp_path, signed_in, caseworker):
    gazetteer_loaded(tmp_path)
    body = (
        signed_in(caseworker)
        .post(
            reverse("cases:report_create"),
            report_form(lookup_postcode="OX16 1ZZ", address_choice="990000000020"),
        )
        .content.decode()
    )
    assert "Choose an address from the list, or find the address again" in body
    assert not Report.objects.exists()


def test_a_postcode_typed_but_no_address_chosen_asks_for_one(tmp_path, signed_in, caseworker):
    gazetteer_loaded(tmp_path)
    body = (
        signed_in(caseworker)
        .post(reverse("cases:report_create"), report_form(lookup_postcode="OX16 1ZZ"))
        .content.decode()
    )
    assert "Enter where it happened: choose the address from the list" in body
    assert 'href="#id_lookup_postcode"' in body and "3 addresses found" in body


def test_an_unlisted_place_is_typed_and_pinned(tmp_path, signed_in, caseworker):
    gazetteer_loaded(tmp_path)
    client = signed_in(caseworker)
    body = client.post(
        reverse("cases:report_create"),
        report_form(lookup_postcode="OX16 1XX", find_address="1"),
    ).content.decode()
    assert "No addresses at OX16 1XX" in body
    assert '<details class="govuk-details" id="address-manual" open>' in body
    client.post(
        reverse("cases:report_create"),
        report_form(
            lookup_postcode="OX16 1XX",
            address="Play area behind the shops",
            postcode="OX16 1XX",
            uprn="990000000001",  # left over from an earlier choice: not this place's
            latitude="52.061234",
            longitude="-1.341234",
        ),
    )
    report = Report.objects.get()
    assert report.address == "Play area behind the shops" and report.uprn == ""
    assert (report.latitude, report.longitude) == (52.061234, -1.341234)


def test_a_pin_needs_the_place_described(signed_in, caseworker):
    client = signed_in(caseworker)
    body = client.post(
        reverse("cases:report_create"), report_form(latitude="52.06", longitude="-1.34")
    ).content.decode()
    assert "Enter the address, or describe the place where the pin is" in body
    assert 'value="52.06"' in body  # the pin is kept
    client.post(
        reverse("cases:report_create"),
        report_form(address="Bus shelter", latitude="52.06", longitude="-1.34"),
    )
    assert Report.objects.get().latitude == 52.06


@pytest.mark.parametrize(
    ("latitude", "longitude", "message"),
    [
        ("48.85", "2.35", "The pin is outside Great Britain"),  # Paris
        ("95", "-1.3", "The pin is outside Great Britain"),
        ("52.06", "", "Drop the pin again"),
    ],
)
def test_a_pin_outside_great_britain_is_refused(
    signed_in, caseworker, latitude, longitude, message
):
    body = (
        signed_in(caseworker)
        .post(
            reverse("cases:report_create"),
            report_form(address="Somewhere", latitude=latitude, longitude=longitude),
        )
        .content.decode()
    )
    assert message in body and not Report.objects.exists()
    assert '<details class="govuk-details" id="address-manual" open>' in body


def test_correcting_a_report_keeps_its_gazetteer_address_and_can_change_it(
    tmp_path, signed_in, caseworker
):
    gazetteer_loaded(tmp_path)
    client = signed_in(caseworker)
    client.post(
        reverse("cases:report_create"),
        report_form(lookup_postcode="OX16 1ZZ", address_choice="990000000002"),
    )
    report = Report.objects.get()
    url = reverse("cases:report_edit", args=[report.reference])
    page = client.get(url).content.decode()
    assert '<option value="990000000002" selected data-address' in page
    edit = report_form(
        version=report.version,
        lookup_postcode="OX16 1ZZ",
        address_choice="990000000002",
        description="Music until 4am",
        address="2 Imaginary Road, Banbury",
        postcode="OX16 1ZZ",
        uprn="990000000002",
    )
    client.post(url, {**edit, "find_address": "1"})  # shows the list; saves nothing
    report.refresh_from_db()
    assert report.description == "Music until 3am"
    client.post(url, edit)
    report.refresh_from_db()
    assert report.description == "Music until 4am" and report.uprn == "990000000002"
    client.post(
        url,
        {**edit, "version": report.version, "address_choice": "990000000010"},
    )
    report.refresh_from_db()
    assert report.uprn == "990000000010" and report.address == "10 Imaginary Road, Banbury"


def test_a_report_with_a_uprn_from_the_api_keeps_it_while_its_address_is_unchanged(
    signed_in, caseworker
):
    client = signed_in(caseworker)
    client.post(
        "/api/v1/reports",
        {
            "received_via": "phone",
            "occurred_at": (timezone.now() - timedelta(hours=5)).isoformat(),
            "category": "nuisance",
            "type": "noise",
            "description": "Music until 3am",
            "location": {"address": "4 Elsewhere Street", "uprn": "100000000004"},
        },
        content_type="application/json",
    )
    report = Report.objects.get()
    url = reverse("cases:report_edit", args=[report.reference])
    edit = report_form(version=report.version, address="4 Elsewhere Street", uprn="100000000004")
    client.post(url, edit)
    report.refresh_from_db()
    assert report.uprn == "100000000004"
    client.post(url, {**edit, "version": report.version, "address": "5 Elsewhere Street"})
    report.refresh_from_db()
    assert report.address == "5 Elsewhere Street" and report.uprn == ""
