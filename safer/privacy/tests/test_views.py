import zipfile
from io import BytesIO

import pytest
from django.urls import reverse
from django.utils.html import escape

from safer.audit.models import AuditEvent
from safer.people.models import Person
from safer.privacy.forms import REASON_MISSING
from safer.privacy.models import DataRequest, Restriction
from safer.privacy.services import ALREADY_RESTRICTED, ANONYMISED

pytestmark = pytest.mark.django_db


def decide(client, person, kind, outcome="done", reason="Asked by letter of 1 May", **extra):
    return client.post(
        reverse("privacy:request", args=[person.pk]),
        {"kind": kind, "outcome": outcome, "reason": reason, **extra},
    )


def test_every_signed_in_user_sees_the_records_of_processing(signed_in, caseworker, settings):
    settings.RETENTION_YEARS = {"closed_cases": 7, "reports_without_case": 3}
    response = signed_in(caseworker).get(reverse("privacy:processing"))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Crime and Disorder Act 1998 s.17" in page and "Art. 6(1)(e)" in page
    assert "Schedule 1" in page and "Anti-social Behaviour, Crime and Policing Act 2014" in page
    assert "7 years from closure" in page and "Never made into a case: 3 years" in page
    assert "Person record number" not in page  # the look-up is the officer's
    home = signed_in(caseworker).get("/").content.decode()
    assert f'href="{reverse("privacy:processing")}"' in home  # linked from every page's footer


def test_signed_out_visitors_are_sent_to_sign_in(client):
    response = client.get(reverse("privacy:processing"))
    assert response.status_code == 302 and "sign-in" in response["Location"]


def test_the_officer_finds_a_person_by_number(signed_in, officer, partnership):
    client = signed_in(officer)
    assert "Person record number" in client.get(reverse("privacy:processing")).content.decode()
    response = client.get(reverse("privacy:lookup"), {"person_id": partnership.victim.pk})
    assert response["Location"] == reverse("privacy:person", args=[partnership.victim.pk])
    wrong = client.get(reverse("privacy:lookup"), {"person_id": "x"})
    assert wrong.status_code == 400 and "There is a problem" in wrong.content.decode()


def test_the_person_page_is_the_officers_only_and_audited(
    signed_in, caseworker, officer, partnership
):
    url = reverse("privacy:person", args=[partnership.victim.pk])
    assert signed_in(caseworker).get(url).status_code == 403
    response = signed_in(officer).get(url)
    assert response.status_code == 200 and "Vera Victim" in response.content.decode()
    assert AuditEvent.objects.filter(
        action="person.viewed", actor=officer, target_id=str(partnership.victim.pk)
    ).exists()
    assert signed_in(officer).get(reverse("privacy:person", args=[999999])).status_code == 404


def test_a_restriction_warns_on_the_person_page_until_lifted(
    signed_in, officer, caseworker, partnership
):
    victim = partnership.victim
    response = decide(signed_in(officer), victim, "restriction")
    assert response.status_code == 302
    assert Restriction.objects.filter(person=victim).exists()
    assert decide(signed_in(officer), victim, "restriction").status_code == 400
    page = signed_in(caseworker).get(reverse("people:detail", args=[victim.pk])).content.decode()
    assert "Processing of this person's data is restricted" in page
    assert page.index("is restricted") < page.index("Date of birth")

    decide(signed_in(officer), victim, "restriction_lifted", reason="Accuracy confirmed")
    assert not Restriction.objects.filter(person=victim).exists()
    page = signed_in(caseworker).get(reverse("people:detail", args=[victim.pk])).content.decode()
    assert "is restricted" not in page
    kinds = list(DataRequest.objects.filter(person=victim).values_list("kind", flat=True))
    assert sorted(kinds) == ["restriction", "restriction_lifted"]


def test_a_second_restriction_is_refused_with_a_reason(signed_in, officer, partnership):
    decide(signed_in(officer), partnership.victim, "restriction")
    response = decide(signed_in(officer), partnership.victim, "restriction")
    assert escape(ALREADY_RESTRICTED) in response.content.decode()


def test_erasure_anonymises_the_person_and_is_recorded_with_its_reason(
    signed_in, officer, partnership
):
    decide(signed_in(officer), partnership.witness, "erasure", reason="Witness withdrew consent")
    witness = Person.objects.get(pk=partnership.witness.pk)
    assert witness.first_name == "" and witness.description == ANONYMISED
    request = DataRequest.objects.get(kind="erasure")
    assert request.reason == "Witness withdrew consent" and request.decided_by == officer
    assert AuditEvent.objects.filter(action="person.erasure_request").exists()
    assert AuditEvent.objects.filter(action="person.anonymised", target_id=str(witness.pk)).exists()


def test_a_refused_erasure_changes_nothing(signed_in, officer, partnership):
    decide(
        signed_in(officer),
        partnership.witness,
        "erasure",
        outcome="refused",
        outcome_note="Needed for the injunction hearing",
    )
    assert Person.objects.get(pk=partnership.witness.pk).first_name == "Will"
    assert DataRequest.objects.get().outcome == "refused"


def test_a_request_without_a_reason_is_refused(signed_in, officer, partnership):
    response = decide(signed_in(officer), partnership.victim, "rectification", reason="")
    assert response.status_code == 400 and REASON_MISSING in response.content.decode()
    assert not DataRequest.objects.exists()


def test_the_officer_downloads_the_subject_access_zip(signed_in, officer, caseworker, partnership):
    url = reverse("privacy:subject_access", args=[partnership.victim.pk])
    assert signed_in(caseworker).post(url).status_code == 403
    response = signed_in(officer).post(url)
    assert response["Content-Type"] == "application/zip"
    names = zipfile.ZipFile(BytesIO(response.content)).namelist()
    assert "subject-access.json" in names and "subject-access.pdf" in names


@pytest.mark.parametrize("name", ["privacy:request", "privacy:subject_access"])
def test_changes_refuse_get(signed_in, officer, partnership, name):
    response = signed_in(officer).get(reverse(name, args=[partnership.victim.pk]))
    assert response.status_code == 405
