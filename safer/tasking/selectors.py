"""Reads for tasking meetings: the proposed agenda, and each agenda as one viewer may see it."""

import logging
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Q, QuerySet
from django.utils.module_loading import import_string

from safer.cases.models import Case, Report
from safer.cases.repeats import FLAG_LABELS, REPEAT_CALLER, REPEAT_LOCATION, RepeatThresholds
from safer.partners.access import visible_to
from safer.tasking.models import AgendaItem, Meeting, MeetingAction, MeetingSeries, kind_label

logger = logging.getLogger(__name__)

WITHHELD = "Withheld: you are not entitled to see this case"
SOURCE_PROPOSED = "proposed"
SOURCE_ESCALATION = "escalation"
SOURCE_CHAIR = "chair"


def previous_meeting_date(series: MeetingSeries, held_on: date) -> date:
    """The date the proposal looks back to: the series' last meeting before `held_on`, else
    one interval before it."""
    previous = (
        Meeting.objects.filter(series=series, held_on__lt=held_on)
        .order_by("-held_on")
        .values_list("held_on", flat=True)
        .first()
    )
    return previous or held_on - timedelta(days=series.frequency_days)


def _case_title(case: Case) -> str:
    return f"{case.reference}: {case.title}"[:300]


def _flagged_cases(flag: str, since: date, held_on: date) -> dict[int, date]:
    """Cases with a report recorded since `since` whose intake flagged `flag` (repeats.py
    decides at intake, against the REPEAT_* thresholds), with the first such report's date."""
    found: dict[int, date] = {}
    rows = (
        Report.objects.filter(
            case__isnull=False,
            case__status__in=[s for s in Case.Status.values if s != Case.Status.CLOSED],
            reported_at__date__gte=since,
            reported_at__date__lte=held_on,
            flags__icontains=f'"{flag}"',
        )
        .order_by("reported_at", "pk")
        .values_list("case_id", "reported_at")
    )
    for case_id, reported_at in rows:
        found.setdefault(case_id, reported_at.date())
    return found


def agenda_proposal(*, series: MeetingSeries, held_on: date) -> list[dict]:
    """What the system proposes for a meeting of `series` on `held_on`, across every partner's
    cases (it is a partnership meeting: each viewer later sees only what they may open).

    Each proposal is a dict: kind, case (or None), title, reason, source, and escalated_from
    (the item carried from another series, or None). One item per case: a case found for
    several reasons keeps the first kind (the order below) and lists every reason.
    """
    since = previous_meeting_date(series, held_on)
    thresholds = RepeatThresholds.from_settings()
    proposals: list[dict] = []
    by_case: dict[int, dict] = {}

    def propose(*, kind, case, title, reason, source, escalated_from=None):
        if case is not None and case.pk in by_case:
            by_case[case.pk]["reason"] += f" {reason}"
            return
        entry = {
            "kind": kind,
            "case": case,
            "title": title,
            "reason": reason,
            "source": source,
            "escalated_from": escalated_from,
        }
        proposals.append(entry)
        if case is not None:
            by_case[case.pk] = entry

    escalated = (
        AgendaItem.objects.filter(escalated_to=series, carried_as__isnull=True)
        .exclude(meeting__series=series, meeting__held_on=held_on)
        .select_related("case", "meeting__series")
        .order_by("meeting__held_on", "pk")
    )
    for item in escalated:
        propose(
            kind=AgendaItem.Kind.ESCALATED,
            case=item.case,
            title=item.title,
            reason=f"Escalated by {item.meeting.series.name} on {item.meeting.held_on:%-d %B %Y}.",
            source=SOURCE_ESCALATION,
            escalated_from=item,
        )
    open_cases = Case.objects.exclude(status=Case.Status.CLOSED)
    for case in open_cases.filter(
        risk="high", opened_at__date__gte=since, opened_at__date__lte=held_on
    ).order_by("opened_at", "pk"):
        propose(
            kind=AgendaItem.Kind.HIGH_RISK,
            case=case,
            title=_case_title(case),
            reason=f"Opened as high risk on {case.opened_at:%-d %B %Y}.",
            source=SOURCE_PROPOSED,
        )
    for flag, kind, minimum, days in (
        (
            REPEAT_CALLER,
            AgendaItem.Kind.REPEAT_CALLER,
            thresholds.caller_min,
            thresholds.caller_days,
        ),
        (
            REPEAT_LOCATION,
            AgendaItem.Kind.REPEAT_LOCATION,
            thresholds.location_min,
            thresholds.location_days,
        ),
    ):
        flagged = _flagged_cases(flag, since, held_on)
        for case in open_cases.filter(pk__in=flagged).order_by("opened_at", "pk"):
            propose(
                kind=kind,
                case=case,
                title=_case_title(case),
                reason=(
                    f"{FLAG_LABELS[flag]}: a report on {flagged[case.pk]:%-d %B %Y} reached "
                    f"{minimum} reports in {days} days."
                ),
                source=SOURCE_PROPOSED,
            )
    for case in open_cases.filter(next_review_due__lt=held_on).order_by("next_review_due", "pk"):
        propose(
            kind=AgendaItem.Kind.OVERDUE_REVIEW,
            case=case,
            title=_case_title(case),
            reason=f"Review was due on {case.next_review_due:%-d %B %Y}.",
            source=SOURCE_PROPOSED,
        )
    for path in getattr(settings, "TASKING_AGENDA_SOURCES", []):
        try:
            source = import_string(path)
        except ImportError:  # an app not installed here: the rest of the agenda still stands
            logger.error("Tasking agenda source %s cannot be imported; skipped", path)
            continue
        for contribution in source(series=series, held_on=held_on, since=since):
            propose(
                kind=contribution["kind"],
                case=contribution.get("case"),
                title=contribution["title"],
                reason=contribution.get("reason", ""),
                source=path,
            )
    return proposals


@dataclass
class ActionView:
    description: str
    owner: str
    due_on: date | None
    done: bool


@dataclass
class ItemView:
    """One agenda item as one viewer may see it: a withheld item carries only its place and
    kind, never the case's reference, title, reasons, decision or actions."""

    item: AgendaItem
    withheld: bool
    kind: str
    kind_label: str
    case_id: int | None = None
    case_reference: str = ""
    title: str = ""
    reason: str = ""
    decision: str = ""
    escalated_to: str = ""
    actions: list[ActionView] = field(default_factory=list)

    @property
    def pk(self) -> int:
        return self.item.pk


def cases_openable_by(user, case_ids) -> set[int]:
    """Which of these cases the user may open (the cases' own rule, safer/partners/access)."""
    ids = {pk for pk in case_ids if pk is not None}
    if not ids:
        return set()
    return set(visible_to(user, Case.objects.filter(pk__in=ids)).values_list("pk", flat=True))


def agenda_for(user, meeting: Meeting, *, include_dropped: bool = False) -> list[ItemView]:
    """The meeting's agenda as `user` may see it, in order: items on cases they may not open
    are withheld."""
    items = list(
        meeting.items.filter(Q(dropped=False) | Q(dropped=include_dropped))
        .select_related("case", "escalated_to")
        .order_by("order", "pk")
    )
    openable = cases_openable_by(user, [item.case_id for item in items])
    actions: dict[int, list[ActionView]] = {}
    for action in (
        MeetingAction.objects.filter(item__in=items)
        .select_related("task", "task__owner")
        .order_by("pk")
    ):
        owner = action.task.owner
        actions.setdefault(action.item_id, []).append(
            ActionView(
                description=action.task.description,
                owner=owner.display_name if owner else "Not assigned",
                due_on=action.task.due_on,
                done=action.task.done_at is not None,
            )
        )
    views = []
    for item in items:
        if item.case_id is not None and item.case_id not in openable:
            views.append(
                ItemView(item=item, withheld=True, kind=item.kind, kind_label=kind_label(item.kind))
            )
            continue
        views.append(
            ItemView(
                item=item,
                withheld=False,
                kind=item.kind,
                kind_label=kind_label(item.kind),
                case_id=item.case_id,
                case_reference=item.case.reference if item.case else "",
                title=item.title,
                reason=item.reason,
                decision=item.decision,
                escalated_to=item.escalated_to.name if item.escalated_to else "",
                actions=actions.get(item.pk, []),
            )
        )
    return views


def escalation_targets(series: MeetingSeries) -> QuerySet[MeetingSeries]:
    """Where an item may go: up to the parent, down to a child."""
    rule = Q(parent=series)
    if series.parent_id:
        rule |= Q(pk=series.parent_id)
    return MeetingSeries.objects.filter(rule).order_by("name", "pk")


def meetings_of(series: MeetingSeries, *, today: date) -> tuple[list[Meeting], list[Meeting]]:
    """The series' upcoming meetings (soonest first) and past ones (latest first)."""
    meetings = series.meetings.all()
    upcoming = list(meetings.filter(held_on__gte=today).order_by("held_on", "pk"))
    past = list(meetings.filter(held_on__lt=today).order_by("-held_on", "-pk")[:50])
    return upcoming, past


def attendable(series: MeetingSeries):
    """Who may be recorded as attending: the series' members and its chair."""
    return (
        get_user_model()
        .objects.filter(Q(pk__in=series.members.values("pk")) | Q(pk=series.chair_id))
        .order_by("first_name", "last_name", "username")
    )


def staff_for_groups():
    """Who may chair or sit on a group: approved staff of active organisations whose role
    sees records."""
    from safer.partners.models import Membership
    from safer.partners.roles import ROLE_CAPABILITIES, Capability

    roles = [r for r, caps in ROLE_CAPABILITIES.items() if Capability.VIEW_RECORDS in caps]
    return (
        get_user_model()
        .objects.filter(
            is_active=True,
            membership__role__in=roles,
            membership__approval=Membership.Approval.APPROVED,
            membership__organisation__is_active=True,
        )
        .select_related("membership__organisation")
        .order_by("membership__organisation__name", "first_name", "last_name", "username")
    )
