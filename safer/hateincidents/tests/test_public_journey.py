"""The public journey: answers kept in the session until sent, errors named, the reference and
the organisations' names shown and nothing else, rate limit and honeypot."""

import pytest
from django.urls import reverse

from safer.audit.models import AuditEvent
from safer.hateincidents.models import HateIncident, Routing
from safer.hateincidents.tests.factories import incident, rule
from safer.partners.tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db

ANSWERS = [
    ("who", {"reporter_role": "witness"}),
    ("what-happened", {"what_happened": "Ein Mann hat geschrien"}),
    ("where", {"postcode": "ox16 5qa", "place": "Bus stop"}),
    (
        "when",
        {
            "happened_day": "1",
            "happened_month": "11",
            "happened_year": "2026",
            "happened_time": "about 6pm",
        },
    ),
    ("why", {"motivations": ["race", "other"], "other_motivation": "My job"}),
    ("contact-details", {"give_contact": "yes", "contact_name": "Sam", "contact_email": "s@x.org"}),
    ("consent", {"consent_contact": "yes", "consent_referral": "yes", "consent_police": "no"}),
]


@pytest.fixture
def support(council, police):
    organisation = OrganisationFactory(
        name="Hate Crime Support Service", short_name="HCSS", kind="voluntary"
    )
    rule(organisation)
    return organisation


def answer_all(client, answers=ANSWERS):
    for step, data in answers:
        response = client.post(reverse("hateincidents:step", args=[step]), data)
        assert response.status_code == 302, (step, response.content.decode()[:2000])
    return response


def test_start_page_has_the_999_warning(client):
    response = client.get(reverse("hateincidents:start"))
    assert response.status_code == 200
    assert "call 999" in response.content.decode()


def test_journey_stores_nothing_until_sent_then_routes(client, support):
    answer_all(client)
    assert HateIncident.objects.count() == 0
    check = client.get(reverse("hateincidents:check"))
    assert "Ein Mann hat geschrien" in check.content.decode()
    response = client.post(reverse("hateincidents:check"), {"website": ""})
    assert response.status_code == 302
    stored = HateIncident.objects.get()
    assert stored.what_happened == "Ein Mann hat geschrien"
    assert stored.postcode == "OX16 5QA"
    assert stored.motivations == ["race", "other"]
    assert stored.recorded_by is None and stored.received_via == "web"
    assert (stored.consent_contact, stored.consent_referral, stored.consent_police) == (
        True,
        True,
        False,
    )
    done = client.get(response.url).content.decode()
    assert stored.reference in done
    assert "Hate Crime Support Service" in done
    assert "Test Police" not in done


def test_confirmation_shows_nothing_beyond_the_submission(client, support, caseworker):
    # Another incident, and the rule's details, must never reach the reporter's pages.
    other, _ = incident(what_happened="SECRET other incident")
    answer_all(client)
    pages = [client.get(reverse("hateincidents:check")).content.decode()]
    response = client.post(reverse("hateincidents:check"), {"website": ""})
    pages.append(client.get(response.url).content.decode())
    mine = HateIncident.objects.exclude(pk=other.pk).get()
    for html in pages:
        assert other.reference not in html
        assert "SECRET" not in html
        assert "hours" not in html.lower()
        assert "first contact" not in html.lower()
    allowed = {"Hate Crime Support Service"}
    names = set(Routing.objects.filter(incident=mine).values_list("organisation__name", flat=True))
    assert names == allowed


def test_without_referral_consent_the_reporter_is_told_plainly(client, support):
    answers = [
        *ANSWERS[:-1],
        ("consent", {"consent_contact": "no", "consent_referral": "no", "consent_police": "no"}),
    ]
    answer_all(client, answers)
    response = client.post(reverse("hateincidents:check"), {"website": ""})
    done = client.get(response.url).content.decode()
    assert "not passed your report to any support organisation" in done
    assert not Routing.objects.exists()


def test_bad_answers_are_named_and_nothing_stored(client):
    response = client.post(reverse("hateincidents:step", args=["why"]), {"motivations": ["other"]})
    assert response.status_code == 400
    html = response.content.decode()
    assert "govuk-error-summary" in html and "Describe the other reason" in html
    response = client.post(
        reverse("hateincidents:step", args=["when"]),
        {"happened_day": "1", "happened_month": "1", "happened_year": "2999"},
    )
    assert "must be today or in the past" in response.content.decode()
    response = client.post(reverse("hateincidents:step", args=["where"]), {})
    assert "Enter a postcode or describe where it happened" in response.content.decode()
    response = client.post(
        reverse("hateincidents:step", args=["contact-details"]), {"give_contact": "yes"}
    )
    assert "Enter your name" in response.content.decode()
    assert HateIncident.objects.count() == 0


def test_check_before_all_answers_goes_to_the_first_missing(client):
    response = client.get(reverse("hateincidents:check"))
    assert response.url == reverse("hateincidents:step", args=["who"])


def test_honeypot_answers_as_success_and_stores_nothing(client, support):
    answer_all(client)
    response = client.post(reverse("hateincidents:check"), {"website": "http://spam"})
    assert response.status_code == 302
    assert client.get(response.url).status_code == 200
    assert HateIncident.objects.count() == 0


def test_rate_limit_429_keeps_the_answers(client, support, settings):
    settings.PUBLIC_SUBMISSIONS_PER_HOUR = 1
    answer_all(client)
    assert client.post(reverse("hateincidents:check"), {"website": ""}).status_code == 302
    answer_all(client)
    refused = client.post(reverse("hateincidents:check"), {"website": ""})
    assert refused.status_code == 429
    assert HateIncident.objects.count() == 1  # the first one is kept
    check = client.get(reverse("hateincidents:check"))
    assert check.status_code == 200  # the refused answers are still there to send later
    assert "Ein Mann hat geschrien" in check.content.decode()


def test_language_of_the_page_is_kept_and_named_to_staff(client, support, signed_in):
    client.cookies["safer_language"] = "ur"
    answer_all(client)
    client.post(reverse("hateincidents:check"), {"website": ""})
    stored = HateIncident.objects.get()
    assert stored.language == "ur"
    assert stored.language_name == "Urdu"
    assert AuditEvent.objects.filter(action="hate_incident.reported").exists()
