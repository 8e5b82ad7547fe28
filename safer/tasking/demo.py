"""Demo tasking groups: a fortnightly JATAC chaired by the demo co-ordinator with the police and
the housing association as members, an operations group under it, a meeting held a fortnight
ago with decisions and actions, and the next one arranged with its proposed agenda. Made through
the real services; creates nothing twice."""

from datetime import timedelta

from django.utils import timezone

from safer.accounts.models import User
from safer.cases.services import task_owners
from safer.tasking import services
from safer.tasking.models import MeetingSeries


def seed_tasking() -> int:
    """The groups and their two meetings; the number of meetings made (0 when already there)."""
    if MeetingSeries.objects.filter(name="JATAC").exists():
        return 0
    users = {u.username: u for u in User.objects.filter(username__in=DEMO_MEMBERS)}
    chair = users["coordinator"]
    jatac = services.series_create(
        created_by=chair,
        name="JATAC",
        kind=MeetingSeries.Kind.JATAC,
        organisation=chair.membership.organisation,
        frequency_days=14,
        chair=chair,
        members=[users["caseworker"], users["police"], users["housing"]],
    )
    services.series_create(
        created_by=chair,
        name="Banbury operations group",
        kind=MeetingSeries.Kind.OPERATIONS,
        organisation=chair.membership.organisation,
        parent=jatac,
        frequency_days=7,
        chair=chair,
        members=[users["caseworker"], users["police"]],
    )
    today = timezone.localdate()
    held = services.meeting_create(
        series=jatac, held_on=today - timedelta(days=14), created_by=chair
    )
    services.meeting_attendance_record(
        meeting=held,
        recorded_by=chair,
        attendees=[chair, users["caseworker"], users["police"], users["housing"]],
    )
    for item in held.items.filter(case__isnull=False).select_related("case")[:3]:
        owners = task_owners(item.case)
        owner = users["police"] if owners.filter(pk=users["police"].pk).exists() else None
        services.agenda_item_decide(
            item=item,
            decided_by=chair,
            decision="Joint visit to the victim; police to patrol the area at the times reported.",
            actions=[
                services.ActionInput(
                    description="Patrol at the times reported",
                    owner_id=(owner or users["caseworker"]).pk,
                    due_on=today - timedelta(days=3),
                ),
                services.ActionInput(
                    description="Visit the victim with the tenancy officer",
                    owner_id=users["caseworker"].pk,
                    due_on=today + timedelta(days=5),
                ),
            ],
        )
    services.meeting_create(series=jatac, held_on=today + timedelta(days=1), created_by=chair)
    return 2


DEMO_MEMBERS = ("coordinator", "caseworker", "police", "housing")
