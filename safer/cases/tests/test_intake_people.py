"""People at intake (issue 11): the reporter as victim or witness typed once, any number of
people, someone who cannot be named, errors that say whom they are about, and matching that
catches one person typed twice, short forms of names, and shows enough to tell people apart."""

from datetime import date

import pytest
from django.urls import reverse
from django.utils import timezone

from safer.cases.models import Report, ReportPerson
from safer.cases.services import PersonInput
from safer.cases.tests.factories import report
from safer.cases.tests.test_views import report_form
from safer.people.models import Person
from safer.people.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db

URL = reverse("cases:report_create")


def intake(**changes):
    """The report form with no further person filled in; changes add people."""
    data = report_form(**changes)
    for key in ("people-0-role", "people-0-first_name", "people-0-last_name"):
        if key not in changes:
            data.pop(key)
    return data


def roles_of(report_):
    return sorted((i.role, i.person_id) for i in report_.involvements.all())


def test_reporter_is_also_the_victim_and_a_witness_typed_once(signed_in, caseworker):
    client = signed_in(caseworker)
    response = client.post(
        URL,
        {
            **intake(),
            "reporter-first_name": "Sam",
            "reporter-last_name": "Caller",
            "reporter-also": ["victim", "witness"],
        },
    )
    report_ = Report.objects.get()
    assert response.url == reverse("cases:report_detail", args=[report_.reference])
    person = Person.objects.get()
    assert roles_of(report_) == [
        ("reporter", person.pk),
        ("victim", person.pk),
        ("witness", person.pk),
    ]


def test_several_people_added_without_javascript(signed_in, caseworker):
    client = signed_in(caseworker)
    first = {
        **intake(),
        "people_count": "1",
        "people-0-role": "victim",
        "people-0-first_name": "Vic",
        "people-0-last_name": "Tim",
    }
    more = client.post(URL, {**first, "add_person": "1"})
    body = more.content.decode()
    assert more.status_code == 200 and not Report.objects.exists()
    assert 'name="people-1-first_name"' in body and 'value="Vic"' in body  # kept, one more
    assert "govuk-error-summary" not in body  # adding a block judges nothing yet
    data = {
        **first,
        "people_count": "3",
        "people-1-role": "witness",
        "people-1-first_name": "Wendy",
        "people-1-last_name": "Watcher",
        "people-2-role": "alleged_perpetrator",
        "people-2-first_name": "Percy",
        "people-2-last_name": "Trator",
    }
    client.post(URL, data)
    report_ = Report.objects.get()
    assert sorted(i.role for i in report_.involvements.all()) == [
        "alleged_perpetrator",
        "victim",
        "witness",
    ]


def test_remove_a_person_keeps_the_others(signed_in, caseworker):
    client = signed_in(caseworker)
    data = {
        **intake(),
        "people_count": "2",
        "people-0-first_name": "Gone",
        "people-0-last_name": "Away",
        "people-1-first_name": "Still",
        "people-1-last_name": "Here",
        "remove_person": "0",
    }
    body = client.post(URL, data).content.decode()
    assert 'value="Still"' in body and 'value="Gone"' not in body
    assert 'name="people_count" value="1"' in body


def test_someone_who_cannot_be_named_is_recorded_as_a_description(signed_in, caseworker):
    client = signed_in(caseworker)
    client.post(
        URL,
        {
            **intake(),
            "people-0-role": "alleged_perpetrator",
            "people-0-unnamed": "on",
            "people-0-description": "Unknown youths, about five, aged 14 to 16",
        },
    )
    involvement = Report.objects.get().involvements.get()
    assert involvement.role == "alleged_perpetrator"
    person = involvement.person
    assert (person.first_name, person.last_name) == ("", "")
    assert person.description == "Unknown youths, about five, aged 14 to 16"
    assert "Unknown youths" in person.full_name


def test_half_a_name_is_refused_naming_the_person(signed_in, caseworker):
    client = signed_in(caseworker)
    response = client.post(
        URL,
        {
            **intake(),
            "people_count": "2",
            "people-0-role": "victim",
            "people-0-first_name": "Vic",
            "people-0-last_name": "Tim",
            "people-1-role": "alleged_perpetrator",
            "people-1-first_name": "Jay",
        },
    )
    body = response.content.decode()
    message = (
        "Person 3 (alleged perpetrator): enter a last name, or choose &#x27;cannot be named&#x27;"
    )
    assert body.count(message) == 2  # in the error summary and at the field
    assert 'href="#id_people-1-last_name"' in body
    assert not Report.objects.exists() and not Person.objects.exists()


def test_cannot_be_named_without_a_description_is_refused(signed_in, caseworker):
    response = signed_in(caseworker).post(
        URL, {**intake(), "people-0-role": "alleged_perpetrator", "people-0-unnamed": "on"}
    )
    assert "Person 2 (alleged perpetrator): describe the person who cannot be named" in (
        response.content.decode()
    )
    assert not Report.objects.exists()


def test_the_same_person_twice_in_one_form_is_found_before_saving(signed_in, caseworker):
    client = signed_in(caseworker)
    data = {
        **intake(),
        "reporter-first_name": "Charlie",
        "reporter-last_name": "Doubleday",
        "reporter-date_of_birth": "1980-02-03",
        "people_count": "2",
        "people-0-role": "witness",
        "people-0-first_name": "Wendy",
        "people-0-last_name": "Watcher",
        "people-1-role": "victim",
        "people-1-first_name": "Charly",
        "people-1-last_name": "Doubleday",
        "people-1-date_of_birth": "1980-02-03",
    }
    body = client.post(URL, data).content.decode()
    assert "Person 1 (reporter) and person 3 (victim) look like the same person" in body
    assert not Report.objects.exists()
    client.post(URL, {**data, "same-distinct": "1-3"})  # they say: two people
    assert Report.objects.get().involvements.count() == 3


def test_nickname_at_the_same_postcode_is_proposed(signed_in, caseworker, council):
    william = PersonFactory(
        organisation=council,
        first_name="William",
        last_name="Mossbank",
        date_of_birth=None,
        address="12 Orchard Way, Banbury",
        postcode="OX16 9ZZ",
    )
    client = signed_in(caseworker)
    data = {
        **intake(),
        "people-0-role": "victim",
        "people-0-first_name": "Bill",
        "people-0-last_name": "Mossbank",
        "people-0-postcode": "OX16 9ZZ",
    }
    body = client.post(URL, data).content.decode()
    assert "may already be recorded" in body
    assert f'value="{william.pk}"' in body
    client.post(URL, {**data, "people-0-choice": str(william.pk)})
    assert Report.objects.get().involvements.get().person == william


def test_candidates_show_address_birth_date_and_last_report(signed_in, caseworker, council):
    born = date(1975, 6, 7)
    twins = [
        PersonFactory(
            organisation=council,
            first_name="Jon",
            last_name="Ashcombe",
            date_of_birth=born,
            address=address,
            postcode="OX5 7ZZ",
        )
        for address in ("3 Mill Lane, Kidlington", "9 Mill Lane, Kidlington")
    ]
    earlier = report(caseworker, people=[PersonInput(role="victim", person_id=twins[1].pk)])
    body = (
        signed_in(caseworker)
        .post(
            URL,
            {
                **intake(),
                "people-0-role": "victim",
                "people-0-first_name": "John",
                "people-0-last_name": "Ashcombe",
                "people-0-date_of_birth": "1975-06-07",
            },
        )
        .content.decode()
    )
    assert "3 Mill Lane, Kidlington" in body and "9 Mill Lane, Kidlington" in body
    assert "born 7 June 1975" in body
    reported = timezone.localtime(earlier.reported_at).strftime("%-d %B %Y")
    assert f"last report {earlier.reference} on {reported}" in body


def test_candidates_birth_dates_only_for_those_who_may_see_them(council, caseworker):
    """Every role that may record reports may see dates of birth, so the page's details are
    checked through the selector, for a viewer too."""
    from safer.partners.roles import Role
    from safer.partners.tests.factories import member
    from safer.people.selectors import match_details

    person = PersonFactory(organisation=council, date_of_birth=date(1975, 6, 7))
    viewer = member(Role.VIEWER, council)
    assert match_details(caseworker, [person])[person.pk].date_of_birth == date(1975, 6, 7)
    assert match_details(viewer, [person])[person.pk].date_of_birth is None


def test_last_report_shown_is_one_the_user_may_open(council, police, caseworker):
    from safer.partners.roles import Role
    from safer.partners.tests.factories import member
    from safer.people.selectors import match_details

    person = PersonFactory(organisation=council)
    person.shared_with.add(police)
    mine = report(caseworker, people=[PersonInput(role="victim", person_id=person.pk)])
    officer = member(Role.PARTNER_OFFICER, police)
    assert match_details(caseworker, [person])[person.pk].last_report_reference == mine.reference
    assert match_details(officer, [person])[person.pk].last_report_reference is None


def test_someone_who_cannot_be_named_is_never_matched(signed_in, caseworker, council):
    PersonFactory(organisation=council, first_name="", last_name="", description="Unknown youths")
    client = signed_in(caseworker)
    client.post(
        URL,
        {
            **intake(),
            "people-0-role": "alleged_perpetrator",
            "people-0-unnamed": "on",
            "people-0-description": "Unknown youths",
        },
    )
    assert Report.objects.count() == 1  # saved at once: nothing proposed
    assert ReportPerson.objects.get().person.description == "Unknown youths"
    assert Person.objects.count() == 2


def test_intake_page_form_shows_reporter_choices_and_add_another(signed_in, caseworker):
    body = signed_in(caseworker).get(URL).content.decode()
    assert "The reporter is also" in body
    assert "This person cannot be named" in body
    assert "Add another person" in body


def test_service_records_someone_who_cannot_be_named(caseworker):
    report_ = report(
        caseworker,
        people=[PersonInput(role="alleged_perpetrator", description="Two men in a white van")],
    )
    assert report_.involvements.get().person.description == "Two men in a white van"
