"""Tasking meeting pages: series, a meeting's agenda run by its chair, the minutes (HTML, PDF).
Every agenda and minutes is laid out for its viewer: items on cases they may not open are
withheld."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from safer.cases.services import task_owners
from safer.core.forms import add_service_errors
from safer.core.tagged_pdf import PDF_TYPE
from safer.partners.access import has_capability, organisation_of, require_capability
from safer.partners.roles import Capability
from safer.tasking import selectors, services
from safer.tasking.access import (
    access_meeting,
    access_minutes,
    access_series,
    can_read_minutes,
    can_run,
    series_visible_to,
)
from safer.tasking.forms import (
    AttendanceForm,
    DecisionForm,
    ItemAddForm,
    MeetingCreateForm,
    SeriesForm,
)
from safer.tasking.models import AgendaItem, Meeting
from safer.tasking.pdf import minutes_pdf


def _submitted(request, form, call, message: str, to: str, pk: int):
    """Valid form -> one service call -> message -> redirect; else None, with the service's
    errors on the form, for the caller to show the page again."""
    if form.is_valid():
        try:
            call(dict(form.cleaned_data))
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, message)
            return redirect(to, pk=pk) if pk else redirect(to)
    return None


@require_GET
def series_list(request):
    require_capability(request.user, Capability.VIEW_RECORDS)
    return render(
        request,
        "tasking/series_list.html",
        {
            "series_list": series_visible_to(request.user).order_by("name", "pk"),
            "can_set_up": has_capability(request.user, Capability.SUPERVISE),
        },
    )


@require_http_methods(["GET", "POST"])
def series_create(request):
    require_capability(request.user, Capability.SUPERVISE)
    require_capability(request.user, Capability.VIEW_RECORDS)
    form = SeriesForm(
        request.POST or None,
        parents=series_visible_to(request.user).order_by("name", "pk"),
        people=selectors.staff_for_groups(),
    )
    if request.method == "POST":
        created = []
        done = _submitted(
            request,
            form,
            lambda d: created.append(
                services.series_create(
                    created_by=request.user,
                    organisation=organisation_of(request.user),
                    members=list(d.pop("members")),
                    **d,
                )
            ),
            "Group set up",
            "tasking:series_list",
            0,
        )
        if done:
            return redirect("tasking:series", pk=created[0].pk)
    return render(
        request,
        "tasking/series_form.html",
        {"form": form},
        status=400 if form.is_bound else 200,
    )


def _series_page(request, series, form=None, status=200):
    upcoming, past = selectors.meetings_of(series, today=timezone.localdate())
    return render(
        request,
        "tasking/series_detail.html",
        {
            "series": series,
            "members": series.members.select_related("membership__organisation").order_by(
                "membership__organisation__name", "first_name", "last_name"
            ),
            "children": series.children.order_by("name"),
            "upcoming": upcoming,
            "past": past,
            "can_run": can_run(request.user, series),
            "form": form or MeetingCreateForm(),
        },
        status=status,
    )


@require_GET
def series_detail(request, pk: int):
    return _series_page(request, access_series(request.user, pk))


@require_POST
def meeting_create(request, pk: int):
    series = access_series(request.user, pk, run=True)
    form = MeetingCreateForm(request.POST)
    created = []
    done = _submitted(
        request,
        form,
        lambda d: created.append(
            services.meeting_create(series=series, held_on=d["held_on"], created_by=request.user)
        ),
        "Meeting arranged and its agenda proposed",
        "tasking:series",
        series.pk,
    )
    if done:
        return redirect("tasking:meeting", pk=created[0].pk)
    return _series_page(request, series, form, status=400)


def _decision_form(item: AgendaItem, data=None) -> DecisionForm:
    return DecisionForm(
        data,
        prefix=f"item{item.pk}",
        owners=task_owners(item.case) if item.case_id else None,
        targets=selectors.escalation_targets(item.meeting.series),
        has_case=item.case_id is not None,
        initial={"decision": item.decision},
    )


def _meeting_page(request, meeting: Meeting, *, bound=None, status=200):
    """The meeting's agenda for this viewer; a form that failed is shown again in its place."""
    bound = bound or {}
    agenda = selectors.agenda_for(request.user, meeting)
    services.meeting_viewed(
        meeting=meeting,
        viewer=request.user,
        what="agenda",
        withheld=sum(view.withheld for view in agenda),
    )
    runner = can_run(request.user, meeting.series) and (
        meeting.status != Meeting.Status.MINUTES_ISSUED
    )
    if runner:
        for view in agenda:
            if not view.withheld:
                view.form = bound.get(view.pk) or _decision_form(view.item)
    series = meeting.series
    return render(
        request,
        "tasking/meeting_detail.html",
        {
            "meeting": meeting,
            "series": series,
            "agenda": agenda,
            "can_run": runner,
            "can_read_minutes": can_read_minutes(request.user, meeting),
            "add_form": bound.get("add") or ItemAddForm(),
            "attendance_form": bound.get("attendance")
            or AttendanceForm(
                members=selectors.attendable(meeting.series),
                initial={"attendees": meeting.attendees.all()},
            ),
            "attendees": meeting.attendees.order_by("first_name", "last_name"),
            "withheld_text": selectors.WITHHELD,
            "has_errors": status == 400,
        },
        status=status,
    )


@require_GET
def meeting_detail(request, pk: int):
    return _meeting_page(request, access_meeting(request.user, pk))


@require_POST
def item_add(request, pk: int):
    meeting = access_meeting(request.user, pk, run=True)
    form = ItemAddForm(request.POST)
    done = _submitted(
        request,
        form,
        lambda d: services.agenda_item_add(meeting=meeting, added_by=request.user, **d),
        "Item added to the agenda",
        "tasking:meeting",
        meeting.pk,
    )
    if done:
        return done
    return _meeting_page(request, meeting, bound={"add": form}, status=400)


@require_POST
def item_drop(request, pk: int, item_id: int):
    meeting = access_meeting(request.user, pk, run=True)
    item = get_object_or_404(AgendaItem, meeting=meeting, pk=item_id)
    try:
        services.agenda_item_drop(item=item, dropped_by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "Item dropped from the agenda")
    return redirect("tasking:meeting", pk=meeting.pk)


@require_POST
def item_decide(request, pk: int, item_id: int):
    meeting = access_meeting(request.user, pk, run=True)
    item = get_object_or_404(
        AgendaItem.objects.select_related("case", "meeting__series"), meeting=meeting, pk=item_id
    )
    form = _decision_form(item, request.POST)
    done = _submitted(
        request,
        form,
        lambda d: _decide(request, item, d),
        "Decision recorded",
        "tasking:meeting",
        meeting.pk,
    )
    if done:
        return done
    return _meeting_page(request, meeting, bound={item.pk: form}, status=400)


def _decide(request, item: AgendaItem, d: dict) -> None:
    """The page's one action a time, with the service's field names as the form's."""
    actions = []
    if d.get("action"):
        owner = d.get("owner")
        actions.append(
            services.ActionInput(
                description=d["action"],
                owner_id=owner.pk if owner else None,
                due_on=d.get("due_on"),
            )
        )
    try:
        services.agenda_item_decide(
            item=item,
            decided_by=request.user,
            decision=d["decision"],
            actions=actions,
            escalate_to=d.get("escalate_to"),
        )
    except ValidationError as error:
        if not hasattr(error, "error_dict"):
            raise
        names = {"actions.0.description": "action", "actions.0.owner": "owner"}
        raise ValidationError(
            {names.get(f, f.split(".")[-1]): m for f, m in error.message_dict.items()}
        ) from None


@require_POST
def attendance(request, pk: int):
    meeting = access_meeting(request.user, pk, run=True)
    form = AttendanceForm(request.POST, members=selectors.attendable(meeting.series))
    done = _submitted(
        request,
        form,
        lambda d: services.meeting_attendance_record(
            meeting=meeting, recorded_by=request.user, attendees=list(d["attendees"])
        ),
        "Attendance recorded",
        "tasking:meeting",
        meeting.pk,
    )
    if done:
        return done
    return _meeting_page(request, meeting, bound={"attendance": form}, status=400)


@require_POST
def minutes_issue(request, pk: int):
    meeting = access_meeting(request.user, pk, run=True)
    try:
        services.minutes_issue(meeting=meeting, issued_by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "Minutes issued")
    return redirect("tasking:minutes", pk=meeting.pk)


def _minutes_context(request, meeting: Meeting, what: str) -> dict:
    agenda = selectors.agenda_for(request.user, meeting)
    services.meeting_viewed(
        meeting=meeting,
        viewer=request.user,
        what=what,
        withheld=sum(view.withheld for view in agenda),
    )
    return {
        "meeting": meeting,
        "series": meeting.series,
        "agenda": agenda,
        "attendees": meeting.attendees.select_related("membership__organisation").order_by(
            "first_name", "last_name"
        ),
        "withheld_text": selectors.WITHHELD,
        "can_run": can_run(request.user, meeting.series),
    }


@require_GET
def minutes(request, pk: int):
    meeting = access_minutes(request.user, pk)
    return render(request, "tasking/minutes.html", _minutes_context(request, meeting, "minutes"))


@require_GET
def minutes_download(request, pk: int):
    meeting = access_minutes(request.user, pk)
    content = minutes_pdf(_minutes_context(request, meeting, "minutes_pdf"))
    response = HttpResponse(content, content_type=PDF_TYPE)
    response["Content-Disposition"] = (
        f'attachment; filename="minutes-{meeting.series.kind}-{meeting.held_on.isoformat()}.pdf"'
    )
    return response
