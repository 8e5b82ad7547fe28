"""Tasking meetings: the proposed agenda, withheld items, decisions with actions, escalation."""

from datetime import date, timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from safer.audit.models import AuditEvent
from safer.cases.models import CaseTask, Report
from safer.cases.repeats import REPEAT_CALLER, REPEAT_LOCATION
from safer.cases.selectors import my_work
from safer.notifications.models import Message
from safer.partners.roles import Role
from safer.partners.tests.factories import member
from safer.tasking import services
from safer.tasking.models import AgendaItem, Meeting, MeetingAction
from safer.tasking.selectors import agenda_for, agenda_proposal, previous_meeting_date
from safer.tasking.tests.factories import a_case, days_ago, partnership

pytestmark = pytest.mark.django_db


@pytest.fixture
def p(council, police, caseworker):
    return partnership(council, police, caseworker)


def today() -> date:
    return timezone.localdate()


def contributed(*, series, held_on, since):
    """A stand-in for another app's agenda source (TASKING_AGENDA_SOURCES)."""
    return [
        {
            "kind": "community_trigger",
            "case": None,
            "title": f"Case review due ({series.name})",
            "reason": f"since {since.isoformat()}",
        }
    ]


def test_the_proposal_finds_each_reason_since_the_last_meeting(p, settings):
    settings.TASKING_AGENDA_SOURCES = ["safer.tasking.tests.test_services.contributed"]
    high = a_case(p.caseworker, title="High", risk="high", opened_at=days_ago(3))
    a_case(p.caseworker, title="Old high", risk="high", opened_at=days_ago(40))
    overdue = a_case(p.caseworker, title="Overdue", next_review_due=today() - timedelta(days=2))
    caller = a_case(p.caseworker, title="Caller", opened_at=days_ago(60))
    Report.objects.filter(case=caller).update(flags=[REPEAT_CALLER])
    place = a_case(p.caseworker, title="Place", opened_at=days_ago(60))
    Report.objects.filter(case=place).update(flags=[REPEAT_LOCATION])
    closed = a_case(p.caseworker, title="Closed", risk="high", status="closed")
    held_on = today() + timedelta(days=1)

    proposal = agenda_proposal(series=p.jatac, held_on=held_on)

    kinds = {(row["kind"], row["case"] and row["case"].pk) for row in proposal}
    assert kinds == {
        ("high_risk", high.pk),
        ("overdue_review", overdue.pk),
        ("repeat_caller", caller.pk),
        ("repeat_location", place.pk),
        ("community_trigger", None),
    }
    assert closed.pk not in {row["case"] and row["case"].pk for row in proposal}
    since = held_on - timedelta(days=14)
    assert proposal[-1]["reason"] == f"since {since.isoformat()}"
    assert "reached 3 reports in 365 days" in next(
        row["reason"] for row in proposal if row["kind"] == "repeat_caller"
    )


def test_the_proposal_looks_back_to_the_previous_meeting(p):
    held_on = today()
    services.meeting_create(series=p.jatac, held_on=held_on - timedelta(days=2), created_by=p.chair)
    assert previous_meeting_date(p.jatac, held_on) == held_on - timedelta(days=2)
    a_case(p.caseworker, title="Before", risk="high", opened_at=days_ago(5))
    assert agenda_proposal(series=p.jatac, held_on=held_on) == []


def test_a_case_found_twice_is_one_item_with_both_reasons(p):
    case = a_case(
        p.caseworker,
        title="Both",
        risk="high",
        opened_at=days_ago(1),
        next_review_due=today() - timedelta(days=1),
    )
    [row] = agenda_proposal(series=p.jatac, held_on=today() + timedelta(days=1))
    assert row["case"] == case and row["kind"] == "high_risk"
    assert "Opened as high risk" in row["reason"] and "Review was due" in row["reason"]


def test_an_agenda_source_not_installed_is_skipped(p, settings):
    settings.TASKING_AGENDA_SOURCES = ["safer.nowhere.agenda_proposals"]
    assert agenda_proposal(series=p.jatac, held_on=today()) == []


def test_creating_a_meeting_stores_the_proposal_and_audits(p):
    case = a_case(p.caseworker, title="High", risk="high", opened_at=days_ago(1))
    meeting = services.meeting_create(series=p.jatac, held_on=today(), created_by=p.chair)
    [item] = meeting.items.all()
    assert (item.case, item.kind, item.order, item.source) == (case, "high_risk", 1, "proposed")
    assert AuditEvent.objects.filter(action="tasking.meeting_created").exists()


def test_only_the_chair_and_supervisors_of_the_owner_arrange_meetings(p):
    with pytest.raises(PermissionDenied):
        services.meeting_create(series=p.jatac, held_on=today(), created_by=p.officer)
    with pytest.raises(ValidationError) as error:
        services.meeting_create(series=p.jatac, held_on=None, created_by=p.chair)
    assert error.value.message_dict == {"held_on": [services.HELD_ON_MISSING]}
    services.meeting_create(series=p.jatac, held_on=today(), created_by=p.chair)
    with pytest.raises(ValidationError) as error:
        services.meeting_create(series=p.jatac, held_on=today(), created_by=p.chair)
    assert error.value.message_dict == {"held_on": [services.MEETING_EXISTS]}
    assert Meeting.objects.count() == 1


def test_an_item_on_a_case_a_member_may_not_open_is_withheld(p):
    shared = a_case(
        p.caseworker, title="Shared", risk="high", opened_at=days_ago(1), share_with=p.police
    )
    private = a_case(p.caseworker, title="Council only", risk="high", opened_at=days_ago(1))
    meeting = services.meeting_create(series=p.jatac, held_on=today(), created_by=p.chair)

    seen_by_officer = {view.item.case_id: view for view in agenda_for(p.officer, meeting)}
    assert not seen_by_officer[shared.pk].withheld
    assert seen_by_officer[shared.pk].case_reference == shared.reference
    withheld = seen_by_officer[private.pk]
    assert withheld.withheld
    assert (withheld.case_id, withheld.case_reference, withheld.title, withheld.reason) == (
        None,
        "",
        "",
        "",
    )
    assert all(view.withheld for view in agenda_for(p.housing_officer, meeting))
    assert not any(view.withheld for view in agenda_for(p.chair, meeting))


def test_the_chair_adds_a_case_and_a_topic_and_drops_an_item(p):
    case = a_case(p.caseworker, title="Added")
    meeting = services.meeting_create(series=p.jatac, held_on=today(), created_by=p.chair)
    add = services.agenda_item_add
    item = add(meeting=meeting, added_by=p.chair, case_reference=case.reference)
    topic = services.agenda_item_add(meeting=meeting, added_by=p.chair, title="Summer plans")
    assert (item.kind, item.case, topic.kind, topic.case) == ("case", case, "topic", None)
    with pytest.raises(ValidationError) as error:
        services.agenda_item_add(meeting=meeting, added_by=p.chair, case_reference=case.reference)
    assert error.value.message_dict == {"case_reference": [services.CASE_ALREADY_ON_AGENDA]}
    with pytest.raises(ValidationError) as error:
        services.agenda_item_add(meeting=meeting, added_by=p.chair, case_reference="NOPE-1")
    assert error.value.message_dict == {"case_reference": [services.CASE_NOT_FOUND]}
    with pytest.raises(ValidationError):
        services.agenda_item_add(meeting=meeting, added_by=p.chair)
    with pytest.raises(PermissionDenied):
        services.agenda_item_add(meeting=meeting, added_by=p.officer, title="Not mine")
    services.agenda_item_drop(item=item, dropped_by=p.chair)
    assert [view.item for view in agenda_for(p.chair, meeting)] == [topic]


def test_a_decision_with_an_action_reaches_the_case_plan_and_the_owners_work(p):
    case = a_case(
        p.caseworker, title="Shared", risk="high", opened_at=days_ago(1), share_with=p.police
    )
    meeting = services.meeting_create(series=p.jatac, held_on=today(), created_by=p.chair)
    item = meeting.items.get()
    due = today() + timedelta(days=7)
    services.agenda_item_decide(
        item=item,
        decided_by=p.chair,
        decision="Police to patrol the park",
        actions=[services.ActionInput(description="Patrol", owner_id=p.officer.pk, due_on=due)],
    )
    task = CaseTask.objects.get(case=case)
    assert (task.description, task.owner, task.due_on) == ("Patrol", p.officer, due)
    assert MeetingAction.objects.get().task == task
    assert task in my_work(p.officer).tasks
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.HELD
    [view] = agenda_for(p.officer, meeting)
    assert view.decision == "Police to patrol the park" and view.actions[0].owner == "Pat Cop"


def test_a_bad_action_names_its_field_and_stores_nothing(p):
    a_case(p.caseworker, title="Private", risk="high", opened_at=days_ago(1))
    meeting = services.meeting_create(series=p.jatac, held_on=today(), created_by=p.chair)
    item = meeting.items.get()
    with pytest.raises(ValidationError) as error:
        services.agenda_item_decide(
            item=item,
            decided_by=p.chair,
            decision="Patrol",
            actions=[
                services.ActionInput(description="Visit"),
                # The case is not shared with the police: their officer cannot own a task on it.
                services.ActionInput(description="Patrol", owner_id=p.officer.pk),
            ],
        )
    assert list(error.value.message_dict) == ["actions.1.owner"]
    item.refresh_from_db()
    assert (item.decision, CaseTask.objects.count(), MeetingAction.objects.count()) == ("", 0, 0)
    with pytest.raises(ValidationError) as error:
        services.agenda_item_decide(item=item, decided_by=p.chair, decision=" ")
    assert error.value.message_dict == {"decision": [services.DECISION_MISSING]}


def test_escalation_goes_up_or_down_and_reaches_the_next_meeting(p):
    case = a_case(p.caseworker, title="Rising", risk="high", opened_at=days_ago(1))
    ops = services.meeting_create(series=p.operations, held_on=today(), created_by=p.chair)
    item = ops.items.get()
    with pytest.raises(ValidationError) as error:
        services.agenda_item_decide(
            item=item, decided_by=p.chair, decision="Up", escalate_to=p.operations
        )
    assert error.value.message_dict == {"escalate_to": [services.ESCALATION_NOT_ALLOWED]}
    services.agenda_item_decide(item=item, decided_by=p.chair, decision="Up", escalate_to=p.jatac)
    jatac = services.meeting_create(
        series=p.jatac, held_on=today() + timedelta(days=3), created_by=p.chair
    )
    [carried] = jatac.items.all()
    assert (carried.kind, carried.case, carried.escalated_from) == ("escalated", case, item)
    # Carried once: a later meeting does not propose it again.
    assert not AgendaItem.objects.filter(kind="escalated").exclude(pk=carried.pk).exists()
    # Down again, to a meeting already arranged: it is added there at once.
    later_ops = services.meeting_create(
        series=p.operations, held_on=today() + timedelta(days=5), created_by=p.chair
    )
    services.agenda_item_decide(
        item=carried, decided_by=p.chair, decision="Down", escalate_to=p.operations
    )
    assert later_ops.items.filter(kind="escalated", escalated_from=carried).exists()


def test_issued_minutes_close_the_meeting(p, django_capture_on_commit_callbacks):
    a_case(p.caseworker, title="High", risk="high", opened_at=days_ago(1))
    meeting = services.meeting_create(series=p.jatac, held_on=today(), created_by=p.chair)
    services.meeting_attendance_record(
        meeting=meeting, recorded_by=p.chair, attendees=[p.chair, p.officer]
    )
    outsider = member(Role.CASEWORKER, p.council, username="outsider")
    with pytest.raises(ValidationError):
        services.meeting_attendance_record(
            meeting=meeting, recorded_by=p.chair, attendees=[p.caseworker, outsider]
        )
    assert set(meeting.attendees.all()) == {p.chair, p.officer}
    p.chair.email, p.officer.email = "chair@example.org", "pat@example.org"
    p.chair.save(update_fields=["email"])
    p.officer.save(update_fields=["email"])
    with django_capture_on_commit_callbacks(execute=True):
        services.minutes_issue(meeting=meeting, issued_by=p.chair)
    # Each attendee is told, by a message that names the group and the day but no case.
    notices = {m.to[0]: m for m in mail.outbox}
    assert set(notices) == {"chair@example.org", "pat@example.org"}
    notice = notices["pat@example.org"]
    assert notice.subject.startswith("Minutes issued: JATAC on ")
    assert reverse("tasking:minutes", args=[meeting.pk]) in notice.body
    assert Message.objects.filter(kind="minutes", recipient=p.officer, status="sent").exists()
    with pytest.raises(ValidationError):
        services.agenda_item_decide(item=meeting.items.get(), decided_by=p.chair, decision="Late")
