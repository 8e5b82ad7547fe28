"""My work: an officer's tasks, reviews, cases by risk and reports waiting, on the home page and
at GET /api/v1/me/work (issue 11)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from safer.cases import services
from safer.cases.models import Case
from safer.cases.selectors import my_work
from safer.cases.tests.factories import report, victim
from safer.partners.roles import Role
from safer.partners.tests.factories import member

pytestmark = pytest.mark.django_db


@pytest.fixture
def desk(caseworker, council, police):
    """A caseworker's desk: their own and a colleague's tasks and cases, and reports waiting."""
    today = timezone.localdate()
    colleague = member(Role.CASEWORKER, council, username="colleague")
    led = services.case_open(
        opened_by=caseworker, reports=[report(caseworker, people=[victim()])], title="Noisy flat"
    )
    Case.objects.filter(pk=led.pk).update(
        lead_officer=caseworker, risk="high", next_review_due=today - timedelta(days=2)
    )
    others = services.case_open(
        opened_by=colleague, reports=[report(colleague, people=[victim()])], title="Not mine"
    )
    Case.objects.filter(pk=others.pk).update(lead_officer=colleague)
    overdue = services.case_task_add(
        case=led,
        added_by=caseworker,
        description="Visit the victim",
        owner=caseworker,
        due_on=today - timedelta(days=1),
    )
    later = services.case_task_add(
        case=others,
        added_by=colleague,
        description="Call the landlord",
        owner=caseworker,
        due_on=today + timedelta(days=5),
    )
    services.case_task_add(
        case=others, added_by=colleague, description="Colleague's own task", owner=colleague
    )
    done = services.case_task_add(
        case=led, added_by=caseworker, description="Finished task", owner=caseworker
    )
    services.case_task_complete(task=done, completed_by=caseworker)
    waiting = report(caseworker, people=[victim()], address="3 Waiting Lane, Banbury")
    partners = report(member(Role.PARTNER_OFFICER, police), people=[victim()])
    partners.shared_with.add(council)
    return {"led": led, "others": others, "overdue": overdue, "later": later, "waiting": waiting}


def test_my_work_lists_only_my_open_tasks_soonest_first(caseworker, desk):
    work = my_work(caseworker)
    assert [t.description for t in work.tasks] == ["Visit the victim", "Call the landlord"]
    assert work.counts["tasks"] == 2
    assert work.counts["tasks_overdue"] == 1


def test_my_work_lists_my_cases_and_reviews(caseworker, desk):
    work = my_work(caseworker)
    assert [c.pk for c in work.cases] == [desk["led"].pk]
    assert [c.pk for c in work.reviews] == [desk["led"].pk]
    assert work.counts["cases_high"] == 1
    assert work.counts["reviews_overdue"] == 1


def test_reports_waiting_are_my_organisations_not_yet_assessed(caseworker, desk):
    work = my_work(caseworker)
    assert desk["waiting"].pk in [r.pk for r in work.unassessed]
    # A partner's report shared with us is theirs to assess.
    assert all(r.organisation_id == caseworker.membership.organisation_id for r in work.unassessed)
    assert work.counts["unassessed"] == len(work.unassessed)


def test_a_task_on_a_case_i_can_no_longer_open_is_left_out(caseworker, desk, police):
    Case.objects.filter(pk=desk["others"].pk).update(organisation=police)
    assert [t.description for t in my_work(caseworker).tasks] == ["Visit the victim"]


def test_home_page_shows_my_work(client, caseworker, desk):
    client.force_login(caseworker)
    page = client.get("/").content.decode()
    assert "My work" in page
    assert "Visit the victim" in page and "Call the landlord" in page
    assert "Colleague&#x27;s own task" not in page and "Finished task" not in page
    assert desk["led"].reference in page


def test_api_me_work(client, caseworker, desk):
    client.force_login(caseworker)
    body = client.get("/api/v1/me/work").json()
    assert set(body) >= {"tasks", "reviews", "cases", "unassessed"}
    assert [t["title"] for t in body["tasks"]] == ["Visit the victim", "Call the landlord"]
    assert body["tasks"][0]["overdue"] is True and body["tasks"][1]["overdue"] is False
    assert [c["id"] for c in body["cases"]] == [desk["led"].pk]
    assert [c["id"] for c in body["reviews"]] == [desk["led"].pk]
    assert desk["waiting"].pk in [r["id"] for r in body["unassessed"]]


def test_roles_without_casework_get_no_work(client, council, desk):
    viewer = member(Role.VIEWER, council, username="viewer")
    client.force_login(viewer)
    body = client.get("/api/v1/me/work").json()
    assert body["tasks"] == body["cases"] == body["reviews"] == body["unassessed"] == []
    assert "My work" not in client.get("/").content.decode()
