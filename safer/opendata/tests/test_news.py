"""Partnership news: co-ordinators write, publish and unpublish (audited); the public read
published items only; other roles are refused."""

import pytest
from django.urls import reverse

from safer.audit.models import AuditEvent
from safer.opendata.models import NewsItem, SafetyMessage
from safer.partners.roles import Role
from safer.partners.tests.factories import member

pytestmark = pytest.mark.django_db

STORY = {
    "title": "Fly-tipping cut by half",
    "summary": "Cameras and clean-ups.",
    "body": "One.\n\nTwo.",
}


@pytest.fixture
def as_coordinator(signed_in, council):
    return signed_in(member(Role.COORDINATOR, council, username="coordinator"))


def test_coordinator_writes_publishes_and_unpublishes(as_coordinator, client):
    assert as_coordinator.post(reverse("opendata:news_create"), STORY).status_code == 302
    item = NewsItem.objects.get()
    assert item.slug == "fly-tipping-cut-by-half" and not item.is_published
    public = reverse("opendata:news_detail", args=[item.slug])
    as_coordinator.post(reverse("opendata:news_publish", args=[item.pk]))
    page = as_coordinator.get(public)
    assert page.status_code == 200 and "Cameras and clean-ups." in page.content.decode()
    assert (
        "Fly-tipping cut by half" in as_coordinator.get(reverse("opendata:news")).content.decode()
    )
    as_coordinator.post(reverse("opendata:news_unpublish", args=[item.pk]))
    assert as_coordinator.get(public).status_code == 404
    actions = list(
        AuditEvent.objects.filter(action__startswith="news.").values_list("action", flat=True)
    )
    assert actions == ["news.created", "news.published", "news.unpublished"]


def test_invalid_news_shows_errors_and_stores_nothing(as_coordinator):
    response = as_coordinator.post(
        reverse("opendata:news_create"), {"title": "", "summary": "", "body": ""}
    )
    assert response.status_code == 200
    assert "Enter a title" in response.content.decode()
    assert not NewsItem.objects.exists()


@pytest.mark.parametrize("role", [Role.CASEWORKER, Role.ANALYST, Role.VIEWER, Role.ADMIN])
def test_other_roles_cannot_write_news(signed_in, council, role):
    client = signed_in(member(role, council, username=f"u-{role}"))
    assert client.get(reverse("opendata:news_staff")).status_code == 403
    assert client.post(reverse("opendata:news_create"), STORY).status_code == 403
    assert not NewsItem.objects.exists()


def test_publish_is_post_only(as_coordinator):
    item = NewsItem.objects.create(slug="x", title="X", summary="x", body="x")
    assert as_coordinator.get(reverse("opendata:news_publish", args=[item.pk])).status_code == 405


def test_caseworker_proposes_and_coordinator_approves_a_message(signed_in, council):
    caseworker = signed_in(member(Role.CASEWORKER, council, username="cw"))
    form = {"text": "Lock your shed", "starts_on": "2026-01-01", "ends_on": "2026-01-31"}
    assert caseworker.post(reverse("opendata:safety_messages"), form).status_code == 302
    message = SafetyMessage.objects.get()
    assert message.status == SafetyMessage.Status.PENDING and message.organisation == council
    assert (
        caseworker.post(reverse("opendata:safety_message_approve", args=[message.pk])).status_code
        == 403
    )
    coordinator = signed_in(member(Role.COORDINATOR, council, username="co"))
    coordinator.post(reverse("opendata:safety_message_approve", args=[message.pk]))
    message.refresh_from_db()
    assert message.status == SafetyMessage.Status.APPROVED
    assert AuditEvent.objects.filter(action="safety_message.approved").count() == 1


def test_message_ending_before_it_starts_is_refused(signed_in, council):
    caseworker = signed_in(member(Role.CASEWORKER, council, username="cw"))
    form = {"text": "Lock your shed", "starts_on": "2026-01-31", "ends_on": "2026-01-01"}
    response = caseworker.post(reverse("opendata:safety_messages"), form)
    assert response.status_code == 200
    assert "The last day must be the same as or after the first day" in response.content.decode()
    assert not SafetyMessage.objects.exists()


def test_staff_pages_stay_in_english_for_a_polish_browser(signed_in, council):
    """The staff pages' paths are outside the public pages' prefixes (/news, /screen), so they
    do not follow the visitor's language."""
    caseworker = signed_in(member(Role.CASEWORKER, council, username="cw"))
    caseworker.cookies["safer_language"] = "pl"
    page = caseworker.get(reverse("opendata:safety_messages"))
    assert 'lang="pl"' not in page.content.decode()
    assert "Community screen messages" in page.content.decode()
