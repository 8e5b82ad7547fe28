"""Writes for tasking meetings: series, meetings with their proposed agenda, the chair's changes,
decisions with actions (case tasks) and escalation up or down the hierarchy."""

from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone

from safer import audit
from safer.cases.models import Case
from safer.cases.services import case_task_add
from safer.partners.access import can_view, has_capability
from safer.partners.models import Organisation
from safer.partners.roles import Capability
from safer.tasking.access import CANNOT_RUN, can_run
from safer.tasking.models import AgendaItem, Meeting, MeetingAction, MeetingSeries
from safer.tasking.selectors import (
    SOURCE_CHAIR,
    SOURCE_ESCALATION,
    agenda_proposal,
    escalation_targets,
)

NAME_MISSING = "Enter the group's name"
KIND_UNKNOWN = "Select the kind of group"
FREQUENCY_RANGE = "Enter how often the group meets, in days, from 1 to 365"
CHAIR_NOT_MEMBER = "The chair must be able to see records"
HELD_ON_MISSING = "Enter the date of the meeting"
MEETING_EXISTS = "This group already has a meeting on that date"
ITEM_NEEDS_CASE_OR_TITLE = "Enter a case reference or a topic"
CASE_NOT_FOUND = "Enter the reference of a case you can open"
CASE_ALREADY_ON_AGENDA = "That case is already on the agenda"
MINUTES_ISSUED = "The minutes have been issued: the meeting can no longer be changed"
DECISION_MISSING = "Enter the decision"
ACTIONS_NEED_CASE = "Actions go into a case's action plan: this item has no case"
ESCALATION_NOT_ALLOWED = "Escalate only to the group above this one or to one below it"
ITEM_WITHHELD = "You cannot record a decision on a case you are not entitled to see"
ATTENDEE_NOT_MEMBER = "Attendees must be members or the chair of the group"


@dataclass(frozen=True)
class ActionInput:
    description: str
    owner_id: int | None = None
    due_on: date | None = None


def _require_run(user, series: MeetingSeries) -> None:
    if not can_run(user, series):
        raise PermissionDenied(CANNOT_RUN)


def _require_open(meeting: Meeting) -> None:
    if meeting.status == Meeting.Status.MINUTES_ISSUED:
        raise ValidationError(MINUTES_ISSUED)


@transaction.atomic
def series_create(
    *,
    created_by,
    name: str,
    kind: str,
    organisation: Organisation,
    frequency_days: int = 14,
    parent: MeetingSeries | None = None,
    chair=None,
    members=(),
) -> MeetingSeries:
    """Set up a standing group (supervisors of the owning organisation)."""
    if not (
        has_capability(created_by, Capability.SUPERVISE)
        and created_by.membership.organisation_id == organisation.pk
    ):
        raise PermissionDenied(CANNOT_RUN)
    errors = {}
    if not name.strip():
        errors["name"] = NAME_MISSING
    if kind not in MeetingSeries.Kind.values:
        errors["kind"] = KIND_UNKNOWN
    if not 1 <= int(frequency_days or 0) <= 365:
        errors["frequency_days"] = FREQUENCY_RANGE
    if chair is not None and not has_capability(chair, Capability.VIEW_RECORDS):
        errors["chair"] = CHAIR_NOT_MEMBER
    if errors:
        raise ValidationError(errors)
    series = MeetingSeries(
        name=name.strip(),
        kind=kind,
        organisation=organisation,
        frequency_days=frequency_days,
        parent=parent,
        chair=chair,
    )
    series.full_clean()
    series.save()
    series.members.set(members)
    audit.record(
        actor=created_by,
        action="tasking.series_created",
        target=series,
        changes={"members": sorted(m.pk for m in members), "parent": parent and parent.pk},
    )
    return series


def _next_order(meeting: Meeting) -> int:
    return (meeting.items.aggregate(n=Max("order"))["n"] or 0) + 1


@transaction.atomic
def meeting_create(*, series: MeetingSeries, held_on: date | None, created_by) -> Meeting:
    """Arrange a meeting of the series and propose its agenda (selectors.agenda_proposal)."""
    _require_run(created_by, series)
    if held_on is None:
        raise ValidationError({"held_on": HELD_ON_MISSING})
    if Meeting.objects.filter(series=series, held_on=held_on).exists():
        raise ValidationError({"held_on": MEETING_EXISTS})
    meeting = Meeting(series=series, held_on=held_on, created_by=created_by)
    meeting.full_clean()
    try:
        with transaction.atomic():
            meeting.save()
    except IntegrityError:  # the same meeting arranged at the same moment in another tab
        raise ValidationError({"held_on": MEETING_EXISTS}) from None
    proposals = agenda_proposal(series=series, held_on=held_on)
    AgendaItem.objects.bulk_create(
        AgendaItem(
            meeting=meeting,
            kind=p["kind"],
            case=p["case"],
            title=p["title"][:300],
            reason=p["reason"],
            source=p["source"][:200],
            escalated_from=p["escalated_from"],
            order=n,
        )
        for n, p in enumerate(proposals, start=1)
    )
    audit.record(
        actor=created_by,
        action="tasking.meeting_created",
        target=meeting,
        changes={"series": series.pk, "held_on": held_on.isoformat(), "items": len(proposals)},
    )
    return meeting


@transaction.atomic
def agenda_item_add(
    *, meeting: Meeting, added_by, case_reference: str = "", title: str = ""
) -> AgendaItem:
    """The chair adds a case (by a reference they can open) or a free topic."""
    _require_run(added_by, meeting.series)
    _require_open(meeting)
    case_reference, title = case_reference.strip(), title.strip()
    if not case_reference and not title:
        raise ValidationError({"title": ITEM_NEEDS_CASE_OR_TITLE})
    case = None
    if case_reference:
        case = Case.objects.filter(reference__iexact=case_reference).first()
        if case is None or not can_view(added_by, case):
            raise ValidationError({"case_reference": CASE_NOT_FOUND})
        if meeting.items.filter(case=case, dropped=False).exists():
            raise ValidationError({"case_reference": CASE_ALREADY_ON_AGENDA})
    item = AgendaItem(
        meeting=meeting,
        kind=AgendaItem.Kind.CASE if case else AgendaItem.Kind.TOPIC,
        case=case,
        title=(title or f"{case.reference}: {case.title}")[:300],
        source=SOURCE_CHAIR,
        added_by=added_by,
        order=_next_order(meeting),
    )
    item.full_clean()
    item.save()
    audit.record(
        actor=added_by,
        action="tasking.item_added",
        target=meeting,
        changes={"item": item.pk, "case": case and case.pk},
    )
    return item


@transaction.atomic
def agenda_item_drop(*, item: AgendaItem, dropped_by) -> AgendaItem:
    """The chair takes an item off the agenda (it stays on record, marked dropped)."""
    _require_run(dropped_by, item.meeting.series)
    _require_open(item.meeting)
    if not item.dropped:
        item.dropped = True
        item.save(update_fields=["dropped", "updated_at"])
        audit.record(
            actor=dropped_by,
            action="tasking.item_dropped",
            target=item.meeting,
            changes={"item": item.pk},
        )
    return item


def _carry(item: AgendaItem, target: MeetingSeries) -> AgendaItem | None:
    """Put an escalated item on the target series' next planned meeting after this one, if one
    is arranged; otherwise the next meeting's proposal picks it up."""
    following = (
        Meeting.objects.filter(
            series=target, held_on__gte=item.meeting.held_on, status=Meeting.Status.PLANNED
        )
        .order_by("held_on", "pk")
        .first()
    )
    if following is None:
        return None
    return AgendaItem.objects.create(
        meeting=following,
        kind=AgendaItem.Kind.ESCALATED,
        case=item.case,
        title=item.title,
        reason=f"Escalated by {item.meeting.series.name} on {item.meeting.held_on:%-d %B %Y}.",
        source=SOURCE_ESCALATION,
        escalated_from=item,
        order=_next_order(following),
    )


@transaction.atomic
def agenda_item_decide(
    *,
    item: AgendaItem,
    decided_by,
    decision: str,
    actions: list[ActionInput] = (),
    escalate_to: MeetingSeries | None = None,
) -> AgendaItem:
    """Record the group's decision on an item, its actions (each a task in the case's action
    plan, given to someone case_task_add allows) and, if risk dictates, its escalation to the
    group above or below. Bad input stores nothing, naming the field (actions.N.field)."""
    meeting = item.meeting
    _require_run(decided_by, meeting.series)
    _require_open(meeting)
    if item.case_id is not None and not can_view(decided_by, item.case):
        raise PermissionDenied(ITEM_WITHHELD)
    errors: dict[str, str] = {}
    if not decision.strip():
        errors["decision"] = DECISION_MISSING
    if actions and item.case_id is None:
        errors["actions"] = ACTIONS_NEED_CASE
    if (
        escalate_to is not None
        and not escalation_targets(meeting.series).filter(pk=escalate_to.pk).exists()
    ):
        errors["escalate_to"] = ESCALATION_NOT_ALLOWED
    if errors:
        raise ValidationError(errors)
    old = item.decision
    item.decision = decision.strip()
    item.decided_by, item.decided_at = decided_by, timezone.now()
    item.escalated_to = escalate_to or item.escalated_to
    item.full_clean()
    item.save()
    users = get_user_model().objects
    tasks = []
    for n, action in enumerate(actions):
        owner = users.filter(pk=action.owner_id).first() if action.owner_id else None
        if action.owner_id and owner is None:
            raise ValidationError({f"actions.{n}.owner": "Select who will do this"})
        try:
            task = case_task_add(
                case=item.case,
                added_by=decided_by,
                description=action.description,
                owner=owner,
                due_on=action.due_on,
            )
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                raise ValidationError(
                    {f"actions.{n}.{f}": m for f, m in error.message_dict.items()}
                ) from None
            raise ValidationError({f"actions.{n}": error.messages}) from None
        MeetingAction.objects.create(item=item, task=task)
        tasks.append(task.pk)
    carried = _carry(item, escalate_to) if escalate_to is not None else None
    if meeting.status == Meeting.Status.PLANNED:
        meeting.status = Meeting.Status.HELD
        meeting.save(update_fields=["status", "updated_at"])
    audit.record(
        actor=decided_by,
        action="tasking.item_decided",
        target=meeting,
        changes={
            "item": item.pk,
            "decision": [bool(old), True],
            "tasks": tasks,
            "escalated_to": escalate_to and escalate_to.pk,
            "carried_as": carried and carried.pk,
        },
    )
    return item


@transaction.atomic
def meeting_attendance_record(*, meeting: Meeting, recorded_by, attendees) -> Meeting:
    """Who attended: members or the chair of the group."""
    _require_run(recorded_by, meeting.series)
    _require_open(meeting)
    allowed = set(meeting.series.members.values_list("pk", flat=True)) | {meeting.series.chair_id}
    if any(user.pk not in allowed for user in attendees):
        raise ValidationError({"attendees": ATTENDEE_NOT_MEMBER})
    meeting.attendees.set(attendees)
    audit.record(
        actor=recorded_by,
        action="tasking.attendance_recorded",
        target=meeting,
        changes={"attendees": sorted(user.pk for user in attendees)},
    )
    return meeting


@transaction.atomic
def minutes_issue(*, meeting: Meeting, issued_by) -> Meeting:
    """Issue the minutes: the meeting is closed to changes."""
    _require_run(issued_by, meeting.series)
    _require_open(meeting)
    old = meeting.status
    meeting.status = Meeting.Status.MINUTES_ISSUED
    meeting.save(update_fields=["status", "updated_at"])
    audit.record(
        actor=issued_by,
        action="tasking.minutes_issued",
        target=meeting,
        changes={"status": [old, meeting.status]},
    )
    _minutes_notice(meeting, issued_by)
    return meeting


def _minutes_notice(meeting: Meeting, issued_by) -> None:
    """Each attendee is told by e-mail that the minutes are ready, with a link; the message
    names no case, since each reader sees only the items they are entitled to."""
    from safer.notifications.services import message_send

    link = settings.PUBLIC_BASE_URL.rstrip("/") + reverse("tasking:minutes", args=[meeting.pk])
    name = f"{meeting.series.name} on {meeting.held_on:%-d %B %Y}"
    for attendee in meeting.attendees.all():
        message_send(
            kind="minutes",
            subject=f"Minutes issued: {name}",
            body=f"The minutes of {name} have been issued. Sign in to read them: {link}",
            to_email=attendee.email,
            recipient=attendee,
            sent_by=issued_by,
        )


def meeting_viewed(*, meeting: Meeting, viewer, what: str, withheld: int) -> None:
    """Audit a read of a meeting's agenda or minutes (they name cases and people)."""
    audit.record(
        actor=viewer,
        action=f"tasking.{what}_viewed",
        target=meeting,
        changes={"withheld": withheld},
    )
