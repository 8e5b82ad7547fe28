"""Tasking meetings: series of partnership meetings (JATAC, operations group, tasking and
co-ordinating group) in a hierarchy, their meetings, agenda items, decisions and actions.

Cases are linked, never copied: an item names its case, and an action is a case task
(safer.cases.models.CaseTask), so it sits in the case's action plan and its owner's work list.
"""

from django.conf import settings
from django.db import models

from safer.cases.models import Case, CaseTask
from safer.core.models import TimeStampedModel
from safer.partners.models import Organisation


class MeetingSeries(TimeStampedModel):
    """A standing group that meets regularly; escalation goes up to its parent or down to one
    of its children."""

    class Kind(models.TextChoices):
        JATAC = "jatac", "Joint action group (JATAC)"
        OPERATIONS = "operations", "Operations group"
        TCG = "tcg", "Tasking and co-ordinating group"

    name = models.CharField(max_length=120)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    frequency_days = models.PositiveSmallIntegerField(default=14)
    chair = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    members = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="+")

    class Meta:
        ordering = ["name", "pk"]
        verbose_name_plural = "meeting series"

    def __str__(self) -> str:
        return self.name


class Meeting(TimeStampedModel):
    """One sitting of a series."""

    class Status(models.TextChoices):
        PLANNED = "planned", "Planned"
        HELD = "held", "Held"
        MINUTES_ISSUED = "minutes_issued", "Minutes issued"

    series = models.ForeignKey(MeetingSeries, on_delete=models.PROTECT, related_name="meetings")
    held_on = models.DateField()
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PLANNED)
    attendees = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="+")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-held_on", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["series", "held_on"], name="tasking_meeting_once_a_day")
        ]

    def __str__(self) -> str:
        return f"{self.series.name} on {self.held_on:%-d %B %Y}"


class AgendaItem(TimeStampedModel):
    """One item of a meeting's agenda: proposed by the system, added by the chair, or escalated
    from another series. `kind` is open: other apps contribute kinds of their own."""

    class Kind(models.TextChoices):
        HIGH_RISK = "high_risk", "New high-risk case"
        ESCALATED = "escalated", "Escalated to this group"
        REPEAT_CALLER = "repeat_caller", "Repeat caller"
        REPEAT_LOCATION = "repeat_location", "Repeat location"
        OVERDUE_REVIEW = "overdue_review", "Overdue review"
        CASE = "case", "Case added by the chair"
        TOPIC = "topic", "Topic"

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="items")
    kind = models.CharField(max_length=40)
    case = models.ForeignKey(
        Case, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(max_length=300)
    reason = models.TextField(blank=True)
    source = models.CharField(max_length=200, blank=True)
    dropped = models.BooleanField(default=False)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decision = models.TextField(blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    escalated_to = models.ForeignKey(
        MeetingSeries, null=True, blank=True, on_delete=models.PROTECT, related_name="escalations"
    )
    # The item this one carries from another series' meeting (escalation up or down).
    escalated_from = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="carried_as"
    )
    order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return f"Agenda item {self.pk}"

    @property
    def kind_label(self) -> str:
        return kind_label(self.kind)


def kind_label(kind: str) -> str:
    """The words for a kind, ours or another app's (its own words, made readable)."""
    try:
        return AgendaItem.Kind(kind).label
    except ValueError:
        return kind.replace("_", " ").capitalize()


class MeetingAction(TimeStampedModel):
    """An action agreed on an item: a task in the case's action plan."""

    item = models.ForeignKey(AgendaItem, on_delete=models.CASCADE, related_name="actions")
    task = models.OneToOneField(CaseTask, on_delete=models.CASCADE, related_name="+")

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"Meeting action {self.pk}"
