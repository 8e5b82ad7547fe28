"""The co-ordinator's dashboard: live partnership-wide measures by quarter, counts only."""

from datetime import datetime, timedelta

import pytest
from django.utils import timezone

from safer.cases import services as case_services
from safer.cases.models import ReportPerson
from safer.cases.tests.factories import report, victim
from safer.partners.roles import Role
from safer.partners.tests.factories import member
from safer.plans import measures
from safer.plans.dashboard import coordinator_dashboard
from safer.surveys.models import SatisfactionSurvey

pytestmark = pytest.mark.django_db


def at(day: str) -> datetime:
    return timezone.make_aware(datetime.fromisoformat(day + " 12:00"))


def surveys(case, when: datetime, answers: list[str | None]) -> None:
    """One survey per answer (None: sent, never answered), offered at `when`."""
    for index, satisfied in enumerate(answers):
        survey = SatisfactionSurvey.objects.create(
            case=case,
            organisation=case.organisation,
            case_kind=case.kind,
            channel="email",
            sent=True,
            token_digest=f"{when:%Y%m%d}-{index}-{satisfied}",
            expires_at=when + timedelta(days=28),
            answered_at=when if satisfied else None,
            satisfied=satisfied or "",
            kept_informed="yes" if satisfied == "satisfied" else ("no" if satisfied else ""),
        )
        SatisfactionSurvey.objects.filter(pk=survey.pk).update(created_at=when)


@pytest.fixture
def case(caseworker):
    first = report(caseworker)
    return case_services.case_open(opened_by=caseworker, reports=[first], title="Noise")


def test_satisfaction_is_a_share_of_the_answers_and_hidden_below_the_minimum(settings, case):
    settings.SURVEY_MIN_ANSWERS = 5
    # 2026-Q1: five answers, four satisfied; one more sent and never answered.
    surveys(case, at("2026-02-10"), ["satisfied"] * 3 + ["very_satisfied", "dissatisfied", None])
    # 2026-Q2: four answers only: shares are withheld, the response rate is not.
    surveys(case, at("2026-05-10"), ["satisfied"] * 4)
    satisfied = measures.MEASURES["satisfied_with_handling"].compute
    informed = measures.MEASURES["kept_informed"].compute
    rate = measures.MEASURES["survey_response_rate"].compute
    assert satisfied("2026-Q1").value == 80.0
    assert informed("2026-Q1").value == 60.0  # the three "satisfied" said they were informed
    assert rate("2026-Q1").value == round(100 * 5 / 6, 1)
    assert satisfied("2026-Q2").value is None
    assert rate("2026-Q2").value == 100.0
    assert satisfied("2026-Q3").value is None  # nothing offered


def test_the_dashboard_gives_five_quarters_and_their_changes(settings, caseworker, case):
    settings.REPEAT_CALLER_MIN_REPORTS = 2
    settings.REPEAT_CALLER_WINDOW_DAYS = 365
    someone = victim()
    first = report(caseworker, people=[someone])
    person = first.involvements.get().person
    ReportPerson.objects.filter(report=first).update(reported_at=at("2025-11-01"))
    second = report(caseworker, people=[victim(person=person)])
    ReportPerson.objects.filter(report=second).update(reported_at=at("2026-01-15"))

    sections = coordinator_dashboard(period="2026-Q2")
    headings = [s.heading for s in sections]
    assert headings[:3] == [
        "Repeat callers",
        "Satisfaction",
        "The victim-led risk assessment",
    ]
    callers = sections[0].measures[0]
    assert callers.key == "repeat_callers"
    assert [f.period for f in callers.figures] == [
        "2025-Q2",
        "2025-Q3",
        "2025-Q4",
        "2026-Q1",
        "2026-Q2",
    ]
    # A repeat caller from the second report (January 2026) while both lie in the 365 days.
    assert [f.value for f in callers.figures] == [0.0, 0.0, 0.0, 1.0, 1.0]
    assert callers.change_on_last_quarter == 0.0
    assert callers.last_year == 0.0
    assert callers.change_on_last_year is None  # no percentage change from nothing


def test_the_dashboard_is_for_coordinators_and_analysts_only(client, signed_in, council):
    for role, status in [
        (Role.COORDINATOR, 200),
        (Role.ANALYST, 200),
        (Role.CASEWORKER, 403),
        (Role.VIEWER, 403),
    ]:
        user = member(role, council, username=f"dash-{role}")
        signed_in(user)
        response = client.get("/plans/dashboard?period=2026-Q2")
        assert response.status_code == status, role
        if status == 200:
            assert b"Repeat callers" in response.content
            assert b"Satisfied with how their case was dealt with" in response.content
        client.logout()


def test_the_dashboard_api_names_the_bad_quarter(client, council):
    from safer.accounts.services import api_token_create

    analyst = member(Role.ANALYST, council, username="dash-api")
    _, secret = api_token_create(user=analyst, name="dash")
    headers = {"Authorization": f"Bearer {secret}"}
    bad = client.get("/api/v1/dashboard?period=2026-Q5", headers=headers)
    assert bad.status_code == 422
    assert "period" in bad.content.decode()
    good = client.get("/api/v1/dashboard?period=2026-Q2", headers=headers)
    assert good.status_code == 200
    body = good.json()
    assert body["period"] == "2026-Q2"
    first = body["sections"][0]["measures"][0]
    assert first["key"] == "repeat_callers"
    assert [f["period"] for f in first["figures"]][-1] == "2026-Q2"


def test_community_trigger_figures_by_quarter(caseworker):
    from safer.casereviews.models import Application
    from safer.casereviews.services import application_record

    applicant = {"first_name": "Robin", "last_name": "Example", "email": "robin@example.org"}
    for received in ["2026-01-05", "2026-02-10", "2025-02-01"]:
        application_record(
            recorded_by=caseworker,
            applicant=applicant,
            received_on=datetime.fromisoformat(received).date(),
        )
    assert Application.objects.filter(threshold_met=False).count() == 3  # no complaints
    applications = measures.MEASURES["community_trigger_applications"].compute("2026-Q1")
    assert (applications.value, applications.baseline) == (2.0, 1.0)
    not_met = measures.MEASURES["community_trigger_threshold_not_met"].compute("2026-Q1")
    assert not_met.value == 2.0
    assert measures.MEASURES["community_trigger_reviews_held"].compute("2026-Q1").value == 0.0


def test_tasking_actions_overdue_at_the_quarters_end(council, police, caseworker):
    from safer.cases.models import CaseTask
    from safer.tasking import services as tasking
    from safer.tasking.tests.factories import a_case, days_ago, partnership

    p = partnership(council, police, caseworker)
    case = a_case(caseworker, title="Park", risk="high", opened_at=days_ago(1))
    meeting = tasking.meeting_create(
        series=p.jatac, held_on=timezone.localdate(), created_by=p.chair
    )
    today = timezone.localdate()
    tasking.agenda_item_decide(
        item=meeting.items.get(),
        decided_by=p.chair,
        decision="Visit and patrol",
        actions=[
            tasking.ActionInput(description="Visit", due_on=today - timedelta(days=1)),
            tasking.ActionInput(description="Patrol", due_on=today + timedelta(days=400)),
            tasking.ActionInput(description="Letter", due_on=today - timedelta(days=1)),
        ],
    )
    CaseTask.objects.filter(case=case, description="Letter").update(done_at=timezone.now())
    from safer.plans.periods import period_of

    this_quarter = period_of(today)
    agreed = measures.MEASURES["tasking_actions_agreed"].compute(this_quarter)
    assert agreed.value == 3.0
    # Overdue now: the visit (due yesterday, not done); the letter was done, the patrol not due.
    overdue = measures.MEASURES["tasking_actions_overdue"].compute(this_quarter)
    assert overdue.value == 1.0


def test_the_plans_pages_link_the_dashboard_only_for_those_who_may_read_it(
    client, signed_in, council
):
    """The link follows plans.access.can_read_dashboard: shown to an analyst, not a caseworker."""
    signed_in(member(Role.ANALYST, council, username="nav-analyst"))
    assert b'href="/plans/dashboard"' in client.get("/plans/").content
    client.logout()
    signed_in(member(Role.CASEWORKER, council, username="nav-caseworker"))
    page = client.get("/plans/")
    assert page.status_code == 200 and b'href="/plans/dashboard"' not in page.content
