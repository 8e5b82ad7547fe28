"""Who may see and run tasking meetings: decided here and nowhere else.

A series' meetings are seen by its members and chair, and by supervisors of the organisation
that owns the series; they are run (agenda changed, decisions recorded) by the chair and those
supervisors. Everyone needs a role that sees records. The minutes go only to those recorded as
attending (and those who run the group). Each item's case stays behind the cases' own rule: a
member who may not open the case sees the item as withheld (selectors.agenda_for).
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404

from safer.partners.access import has_capability, organisation_of
from safer.partners.roles import Capability
from safer.tasking.models import Meeting, MeetingSeries

NOT_FOUND = "Not found"
CANNOT_RUN = "Only the chair and supervisors of the organisation that runs this group can do this"
MINUTES_FOR_ATTENDEES = (
    "The minutes are shared with the meeting's attendees, and you are not recorded as attending"
)


def series_visible_to(user) -> QuerySet[MeetingSeries]:
    """The series the user may see: theirs as member or chair, or their organisation's if they
    supervise."""
    if not has_capability(user, Capability.VIEW_RECORDS):
        return MeetingSeries.objects.none()
    rule = Q(members=user) | Q(chair=user)
    if has_capability(user, Capability.SUPERVISE):
        rule |= Q(organisation=organisation_of(user))
    return MeetingSeries.objects.filter(
        pk__in=MeetingSeries.objects.filter(rule).values("pk")
    ).select_related("organisation", "chair", "parent")


def can_run(user, series: MeetingSeries) -> bool:
    """The chair, or a supervisor of the owning organisation (who can see records)."""
    if not has_capability(user, Capability.VIEW_RECORDS):
        return False
    if series.chair_id is not None and series.chair_id == user.pk:
        return True
    organisation = organisation_of(user)
    return (
        has_capability(user, Capability.SUPERVISE)
        and organisation is not None
        and series.organisation_id == organisation.pk
    )


def access_series(user, series_id, *, run: bool = False) -> MeetingSeries:
    """The series if the user may see it (else 404); with run=True, only if they may run it
    (else 403)."""
    try:
        series = series_visible_to(user).get(pk=series_id)
    except (MeetingSeries.DoesNotExist, ValueError, TypeError):
        raise Http404(NOT_FOUND) from None
    if run and not can_run(user, series):
        raise PermissionDenied(CANNOT_RUN)
    return series


def access_meeting(user, meeting_id, *, run: bool = False) -> Meeting:
    """The meeting if the user may see its series (else 404); with run=True, only if they may
    run it (else 403)."""
    try:
        meeting = Meeting.objects.select_related(
            "series", "series__organisation", "series__chair", "series__parent"
        ).get(pk=meeting_id, series__in=series_visible_to(user).values("pk"))
    except (Meeting.DoesNotExist, ValueError, TypeError):
        raise Http404(NOT_FOUND) from None
    if run and not can_run(user, meeting.series):
        raise PermissionDenied(CANNOT_RUN)
    return meeting


def can_read_minutes(user, meeting: Meeting) -> bool:
    """The minutes go to those recorded as attending, and to those who run the group."""
    return can_run(user, meeting.series) or meeting.attendees.filter(pk=user.pk).exists()


def access_minutes(user, meeting_id) -> Meeting:
    """The meeting whose minutes the user may read: 404 as access_meeting, 403 for a member
    who is not recorded as attending."""
    meeting = access_meeting(user, meeting_id)
    if not can_read_minutes(user, meeting):
        raise PermissionDenied(MINUTES_FOR_ATTENDEES)
    return meeting
