"""Finding the addresses at a postcode: the selector, the page, the fragment and the API."""

import pytest
from django.urls import reverse

from safer.partners.roles import Role
from safer.partners.tests.factories import member
from safer.places.postcodes import postcode_normalised
from safer.places.selectors import address_search
from safer.places.tests.factories import gazetteer_loaded

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("ox16 1zz", "OX16 1ZZ"),
        (" OX161ZZ ", "OX16 1ZZ"),
        ("ox5 2zz", "OX5 2ZZ"),
        ("SW1A 1AA", "SW1A 1AA"),
    ],
)
def test_postcodes_are_normalised(typed, stored):
    assert postcode_normalised(typed) == stored


@pytest.mark.parametrize("typed", ["", "OX16", "12345", "OX16 1Z", "banbury", "OX16 1ZZZ"])
def test_text_not_shaped_like_a_postcode_is_not_one(typed):
    assert postcode_normalised(typed) is None


def test_the_addresses_at_a_postcode_come_in_street_order(tmp_path):
    gazetteer_loaded(tmp_path)
    search = address_search("ox16 1zz")
    assert [a.address for a in search.addresses] == [
        "1 Imaginary Road, Banbury",
        "2 Imaginary Road, Banbury",
        "10 Imaginary Road, Banbury",
    ]
    assert search.problem == ""
    assert address_search("OX16 9ZZ").not_found
    assert "No addresses at OX16 9ZZ" in address_search("OX16 9ZZ").problem
    assert address_search("nonsense").problem == "Enter a real postcode, like OX16 1AA"


def test_the_lookup_fragment_lists_the_addresses_to_choose(tmp_path, signed_in, caseworker):
    gazetteer_loaded(tmp_path)
    response = signed_in(caseworker).get(
        reverse("places:lookup"), {"lookup_postcode": "ox16 1zz"}, HTTP_HX_REQUEST="true"
    )
    body = response.content.decode()
    assert "<html" not in body
    assert 'name="address_choice"' in body and "3 addresses found" in body
    assert 'value="990000000001" data-address="1 Imaginary Road, Banbury"' in body
    assert 'data-postcode="OX16 1ZZ"' in body and "data-latitude=" in body


def test_the_fragment_for_an_unlisted_postcode_says_so_with_the_streets_nearby(
    tmp_path, signed_in, caseworker
):
    gazetteer_loaded(tmp_path)
    body = (
        signed_in(caseworker)
        .get(reverse("places:lookup"), {"postcode": "OX16 1XX"}, HTTP_HX_REQUEST="true")
        .content.decode()
    )
    assert 'data-not-found="OX16 1XX"' in body and "type the address and drop a pin" in body
    assert 'id="address-nearby"' in body and "1 Imaginary Road, Banbury" in body
    assert 'name="address_choice"' not in body


def test_the_lookup_page_works_without_javascript(tmp_path, signed_in, caseworker):
    gazetteer_loaded(tmp_path)
    body = (
        signed_in(caseworker)
        .get(reverse("places:lookup"), {"lookup_postcode": "OX16 2ZZ"})
        .content.decode()
    )
    assert "<html" in body and "1 address at OX16 2ZZ" in body
    assert "1 Pretend Close, Banbury" in body and "990000000020" in body


def test_only_signed_in_staff_who_work_with_records_may_look_addresses_up(
    client, signed_in, council
):
    url = reverse("places:lookup") + "?postcode=OX16+1ZZ"
    assert client.get(url).status_code == 302  # to sign in
    analyst = member(Role.ANALYST, council, username="analyst")
    assert signed_in(analyst).get(url).status_code == 403


def test_the_api_lists_the_addresses_at_a_postcode(tmp_path, signed_in, caseworker):
    gazetteer_loaded(tmp_path)
    client = signed_in(caseworker)
    response = client.get("/api/v1/addresses", {"postcode": "ox161zz"})
    assert response.status_code == 200
    found = response.json()
    assert [a["uprn"] for a in found] == ["990000000001", "990000000002", "990000000010"]
    assert set(found[0]) == {"uprn", "address", "postcode", "latitude", "longitude"}
    assert found[0]["postcode"] == "OX16 1ZZ" and 52 < found[0]["latitude"] < 52.1
    assert client.get("/api/v1/addresses", {"postcode": "OX16 9ZZ"}).json() == []


def test_the_api_refuses_what_is_not_a_postcode_naming_it(signed_in, caseworker):
    response = signed_in(caseworker).get("/api/v1/addresses", {"postcode": "banbury"})
    assert response.status_code == 422
    detail = response.json()["detail"][0]
    assert detail["loc"] == ["query", "postcode"]
    assert detail["msg"] == "Enter a real postcode, like OX16 1AA"


def test_the_api_needs_a_signed_in_member_of_staff(client, signed_in, council):
    assert client.get("/api/v1/addresses", {"postcode": "OX16 1ZZ"}).status_code == 401
    analyst = member(Role.ANALYST, council, username="analyst")
    assert signed_in(analyst).get("/api/v1/addresses", {"postcode": "OX16 1ZZ"}).status_code == 403
