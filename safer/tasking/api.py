"""Tasking meetings through the API: the same access, selectors and services as the pages; every
agenda is the caller's, with items on cases they may not open withheld."""

from datetime import date

from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404
from ninja import Router, Schema
from ninja.responses import Status
from pydantic import Field

from safer.core.api_schema import InputSchema, errors
from safer.tasking import selectors, services
from safer.tasking.access import access_meeting, access_series, series_visible_to
from safer.tasking.models import AgendaItem, Meeting, MeetingSeries

router = Router(tags=["tasking"])

SERIES_NOT_FOUND = "Select a group you belong to"
ESCALATION_NOT_FOUND = "Select the group above this one or one below it"


class MeetingIn(InputSchema):
    series: int = Field(description="The id of the meeting series (the group)")
    held_on: date


class AgendaItemIn(InputSchema):
    case_reference: str = Field("", max_length=20)
    title: str = Field("", max_length=300)


class ActionIn(InputSchema):
    description: str = Field(max_length=300)
    owner_id: int | None = None
    due_on: date | None = None


class DecisionIn(InputSchema):
    decision: str = Field(max_length=5000)
    actions: list[ActionIn] = Field(default_factory=list, max_length=20)
    escalate_to: int | None = Field(None, description="A series id: the parent or a child")


class ProposedItemOut(Schema):
    id: int
    kind: str
    case_id: int | None
    withheld: bool


class MeetingCreatedOut(Schema):
    id: int
    agenda: list[ProposedItemOut]


class ActionOut(Schema):
    description: str
    owner: str
    due_on: date | None
    done: bool


class AgendaItemOut(Schema):
    id: int
    kind: str
    case_id: int | None
    withheld: bool
    case_reference: str
    title: str
    reason: str
    decision: str
    escalated_to: str
    dropped: bool
    actions: list[ActionOut]


class MeetingOut(Schema):
    id: int
    series: int
    series_name: str
    held_on: date
    status: str
    agenda: list[AgendaItemOut]


def _item_out(view: selectors.ItemView) -> dict:
    return {
        "id": view.pk,
        "kind": view.kind,
        "case_id": view.case_id,
        "withheld": view.withheld,
        "case_reference": view.case_reference,
        "title": view.title,
        "reason": view.reason,
        "decision": view.decision,
        "escalated_to": view.escalated_to,
        "dropped": view.item.dropped,
        "actions": [action.__dict__ for action in view.actions],
    }


def _agenda(request, meeting: Meeting, *, include_dropped: bool = False):
    agenda = selectors.agenda_for(request.user, meeting, include_dropped=include_dropped)
    services.meeting_viewed(
        meeting=meeting,
        viewer=request.user,
        what="agenda",
        withheld=sum(view.withheld for view in agenda),
    )
    return agenda


def _view_of(request, meeting: Meeting, item: AgendaItem) -> dict:
    [view] = [
        v
        for v in selectors.agenda_for(request.user, meeting, include_dropped=True)
        if v.pk == item.pk
    ]
    return _item_out(view)


@router.post(
    "/meetings",
    response={201: MeetingCreatedOut, **errors(400, 403, 413, 422)},
    summary="Arrange a meeting of a series and propose its agenda (as the caller may see it)",
)
def meeting_create(request, payload: MeetingIn):
    series = series_visible_to(request.user).filter(pk=payload.series).first()
    if series is None:
        raise ValidationError({"series": SERIES_NOT_FOUND})
    series = access_series(request.user, series.pk, run=True)
    meeting = services.meeting_create(
        series=series, held_on=payload.held_on, created_by=request.user
    )
    agenda = _agenda(request, meeting)
    return Status(
        201,
        {
            "id": meeting.pk,
            "agenda": [
                {"id": v.pk, "kind": v.kind, "case_id": v.case_id, "withheld": v.withheld}
                for v in agenda
            ],
        },
    )


@router.get(
    "/meetings/{meeting_id}",
    response={200: MeetingOut, **errors(404, 422)},
    summary="A meeting and its agenda with decisions and actions, as the caller may see it",
)
def meeting_detail(request, meeting_id: int):
    meeting = access_meeting(request.user, meeting_id)
    agenda = _agenda(request, meeting, include_dropped=True)
    return {
        "id": meeting.pk,
        "series": meeting.series_id,
        "series_name": meeting.series.name,
        "held_on": meeting.held_on,
        "status": meeting.status,
        "agenda": [_item_out(view) for view in agenda],
    }


@router.post(
    "/meetings/{meeting_id}/items",
    response={201: AgendaItemOut, **errors(400, 403, 404, 413, 422)},
    summary="Add a case (by reference) or a topic to the agenda (the chair or a supervisor)",
)
def item_add(request, meeting_id: int, payload: AgendaItemIn):
    meeting = access_meeting(request.user, meeting_id, run=True)
    item = services.agenda_item_add(
        meeting=meeting,
        added_by=request.user,
        case_reference=payload.case_reference,
        title=payload.title,
    )
    return Status(201, _view_of(request, meeting, item))


@router.post(
    "/meetings/{meeting_id}/items/{item_id}/drop",
    response={200: AgendaItemOut, **errors(403, 404, 422)},
    summary="Drop an item from the agenda (the chair or a supervisor)",
)
def item_drop(request, meeting_id: int, item_id: int):
    meeting = access_meeting(request.user, meeting_id, run=True)
    item = get_object_or_404(AgendaItem, meeting=meeting, pk=item_id)
    services.agenda_item_drop(item=item, dropped_by=request.user)
    return _view_of(request, meeting, item)


@router.post(
    "/meetings/{meeting_id}/items/{item_id}/decision",
    response={200: AgendaItemOut, **errors(400, 403, 404, 413, 422)},
    summary="Record the decision on an item, its actions (case tasks) and any escalation",
)
def item_decide(request, meeting_id: int, item_id: int, payload: DecisionIn):
    meeting = access_meeting(request.user, meeting_id, run=True)
    item = get_object_or_404(
        AgendaItem.objects.select_related("case", "meeting__series"), meeting=meeting, pk=item_id
    )
    escalate_to = None
    if payload.escalate_to is not None:
        escalate_to = MeetingSeries.objects.filter(pk=payload.escalate_to).first()
        if escalate_to is None:
            raise ValidationError({"escalate_to": ESCALATION_NOT_FOUND})
    services.agenda_item_decide(
        item=item,
        decided_by=request.user,
        decision=payload.decision,
        actions=[
            services.ActionInput(
                description=action.description, owner_id=action.owner_id, due_on=action.due_on
            )
            for action in payload.actions
        ],
        escalate_to=escalate_to,
    )
    item.refresh_from_db()
    return _view_of(request, meeting, item)
