"""Action plans as seed 003 lays them out: objectives, plans, headings, tasks, indicators.

Plans are partnership-wide documents, not personal data: nothing here names a member of the
public. Who may read or change them is decided in plans.access.
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone

from safer.core.models import TimeStampedModel
from safer.partners.models import Organisation


class Rag(models.TextChoices):
    RED = "red", "Red"
    AMBER = "amber", "Amber"
    GREEN = "green", "Green"
    GREY = "grey", "Grey"


class Objective(TimeStampedModel):
    """One level of the hierarchy of top-level objectives: theme > corporate > key priority."""

    class Level(models.TextChoices):
        THEME = "theme", "Community plan theme"
        CORPORATE_PRIORITY = "corporate_priority", "Corporate priority"
        KEY_PRIORITY = "key_priority", "Key priority"

    level = models.CharField(max_length=20, choices=Level.choices)
    title = models.CharField(max_length=300)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )

    class Meta:
        ordering = ["level", "title"]
        constraints = [
            models.UniqueConstraint(
                fields=["level", "title", "parent"], name="plans_objective_unique"
            ),
            models.UniqueConstraint(
                fields=["level", "title"],
                condition=models.Q(parent__isnull=True),
                name="plans_objective_root_unique",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class ActionPlan(TimeStampedModel):
    """One plan for one key priority, e.g. the serious acquisitive crime action plan."""

    title = models.CharField(max_length=300)
    key_priority = models.ForeignKey(Objective, on_delete=models.PROTECT, related_name="plans")
    period = models.CharField(max_length=20, blank=True, help_text="For example 2011-12")
    rolling_to = models.CharField(max_length=20, blank=True, help_text="For example 2013")
    order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["order", "title", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["title", "key_priority"], name="plans_plan_unique")
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("plans:detail", kwargs={"pk": self.pk})

    @property
    def corporate_priority(self) -> Objective | None:
        return self.key_priority.parent

    @property
    def theme(self) -> Objective | None:
        corporate = self.corporate_priority
        return corporate.parent if corporate else None


class Heading(models.Model):
    """A group of tasks within a plan, e.g. "Nominated Neighbour Scheme"."""

    plan = models.ForeignKey(ActionPlan, on_delete=models.CASCADE, related_name="headings")
    title = models.CharField(max_length=300, blank=True)
    order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["plan", "order", "pk"]

    def __str__(self) -> str:
        return self.title or "(no heading)"


class Task(TimeStampedModel):
    """One action with its timescale and partners; indicators hang from it."""

    class TimescaleKind(models.TextChoices):
        DATE = "date", "Date"
        PERIOD = "period", "Period"
        ONGOING = "ongoing", "Ongoing"
        TO_BE_DETERMINED = "tbd", "To be determined"
        NONE = "none", "Not given"

    plan = models.ForeignKey(ActionPlan, on_delete=models.CASCADE, related_name="tasks")
    heading = models.ForeignKey(Heading, on_delete=models.CASCADE, related_name="tasks")
    text = models.TextField()
    timescale = models.CharField(max_length=300, blank=True)
    timescale_kind = models.CharField(
        max_length=10, choices=TimescaleKind.choices, default=TimescaleKind.NONE
    )
    due_on = models.DateField(null=True, blank=True)
    partners_text = models.CharField(
        max_length=500, blank=True, help_text="The partners exactly as the plan names them"
    )
    partners = models.ManyToManyField(Organisation, blank=True, related_name="plan_tasks")
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["plan", "order", "pk"]
        indexes = [models.Index(fields=["due_on"], name="plans_task_due_idx")]

    def __str__(self) -> str:
        return self.text[:80]


class Indicator(TimeStampedModel):
    """How progress is measured: entered by its owner or measured live from intel or cases."""

    class Source(models.TextChoices):
        MANUAL = "manual", "Entered by its owner"
        INTEL = "intel", "Measured from the crime store"
        CASES = "cases", "Measured from the case system"

    class TargetKind(models.TextChoices):
        ABSOLUTE = "absolute", "A value to reach"
        PERCENTAGE_CHANGE = "percentage_change", "A percentage change from the baseline"

    class Direction(models.TextChoices):
        LOWER = "lower", "Lower is better"
        HIGHER = "higher", "Higher is better"

    class Frequency(models.TextChoices):
        MONTHLY = "monthly", "Monthly"
        QUARTERLY = "quarterly", "Quarterly"
        ANNUAL = "annual", "Annual"

    plan = models.ForeignKey(
        ActionPlan, null=True, blank=True, on_delete=models.CASCADE, related_name="indicators"
    )
    task = models.ForeignKey(
        Task, null=True, blank=True, on_delete=models.CASCADE, related_name="indicators"
    )
    name = models.TextField(blank=True)
    definition = models.TextField(blank=True)
    source = models.CharField(max_length=10, choices=Source.choices, default=Source.MANUAL)
    measure_key = models.CharField(max_length=50, blank=True)
    baseline = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    baseline_period = models.CharField(max_length=20, blank=True)
    target_text = models.TextField(blank=True, help_text="The target as the plan words it")
    target_timescale = models.CharField(max_length=300, blank=True)
    target_kind = models.CharField(max_length=20, choices=TargetKind.choices, blank=True)
    target_value = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    direction = models.CharField(max_length=10, choices=Direction.choices, default=Direction.LOWER)
    unit = models.CharField(max_length=20, blank=True, help_text="For example %, £ or crimes")
    period = models.CharField(max_length=20, blank=True, help_text="For example 2011-12")
    frequency = models.CharField(
        max_length=10, choices=Frequency.choices, default=Frequency.QUARTERLY
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["measure_key"],
                condition=models.Q(task__isnull=True, plan__isnull=True)
                & ~models.Q(measure_key=""),
                name="plans_partnership_measure_unique",
            )
        ]

    def __str__(self) -> str:
        return self.name[:80]

    @property
    def is_live(self) -> bool:
        return self.source != self.Source.MANUAL


class IndicatorValue(models.Model):
    """A figure for one period, entered by its owner, with their commentary."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="values")
    period = models.CharField(max_length=10, help_text="A quarter, for example 2011-Q1")
    value = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)
    commentary = models.TextField(blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    entered_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["indicator", "period"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "period"], name="plans_value_unique")
        ]

    def __str__(self) -> str:
        return f"{self.indicator} {self.period}"


class TaskUpdate(models.Model):
    """A progress update on a task: its RAG status and what has happened."""

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="updates")
    rag = models.CharField(max_length=10, choices=Rag.choices)
    complete = models.BooleanField(default=False)
    commentary = models.TextField()
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["task", "-updated_at", "-pk"]
        indexes = [models.Index(fields=["task", "-updated_at"], name="plans_update_latest_idx")]

    def __str__(self) -> str:
        return f"{self.task} {self.rag}"


class ReportNarrative(TimeStampedModel):
    """The editable words of one section of one year's report and rolling plan."""

    class Section(models.TextChoices):
        CONTEXT = "context", "Context"
        ACHIEVEMENTS = "achievements", "Achievements to date"
        PRIORITIES = "priorities", "Priorities"
        PLACE = "place", "The place"
        VICTIM = "victim", "The victim"
        OFFENDER = "offender", "The offender"
        GAUGE = "gauge", "How we will gauge our success"

    year = models.CharField(max_length=7, help_text="For example 2011-12")
    section = models.CharField(max_length=20, choices=Section.choices)
    text = models.TextField(blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["year", "section"]
        constraints = [
            models.UniqueConstraint(fields=["year", "section"], name="plans_narrative_unique")
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.get_section_display()}"


class Grant(TimeStampedModel):
    """Money the partnership receives for a financial year, e.g. the county council's grant."""

    name = models.CharField(max_length=200)
    funder = models.CharField(max_length=200)
    year = models.CharField(max_length=7, help_text="Financial year, for example 2011-12")
    amount = models.DecimalField(max_digits=12, decimal_places=2)
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["-year", "name"]

    def __str__(self) -> str:
        return f"{self.name} {self.year}"


class Allocation(TimeStampedModel):
    """The funding panel's decision to fund a project under a priority from a grant."""

    grant = models.ForeignKey(Grant, on_delete=models.PROTECT, related_name="allocations")
    project = models.CharField(max_length=200)
    plan = models.ForeignKey(
        ActionPlan, null=True, blank=True, on_delete=models.SET_NULL, related_name="allocations"
    )
    lead_organisation = models.ForeignKey(
        Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    amount = models.DecimalField(max_digits=12, decimal_places=2)
    decided_on = models.DateField(default=timezone.localdate)
    indicators = models.ManyToManyField(Indicator, blank=True, related_name="allocations")

    class Meta:
        ordering = ["grant", "project", "pk"]

    def __str__(self) -> str:
        return self.project


class Spend(models.Model):
    """Money spent from an allocation."""

    allocation = models.ForeignKey(Allocation, on_delete=models.CASCADE, related_name="spends")
    spent_on = models.DateField()
    amount = models.DecimalField(max_digits=12, decimal_places=2)
    description = models.CharField(max_length=300)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    entered_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["allocation", "spent_on", "pk"]

    def __str__(self) -> str:
        return f"{self.allocation} {self.amount}"


class Output(models.Model):
    """What a funded project delivered in a quarter, optionally counted towards an indicator."""

    allocation = models.ForeignKey(Allocation, on_delete=models.CASCADE, related_name="outputs")
    period = models.CharField(max_length=10, help_text="A quarter, for example 2011-Q1")
    description = models.CharField(max_length=300)
    quantity = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    indicator = models.ForeignKey(
        Indicator, null=True, blank=True, on_delete=models.SET_NULL, related_name="outputs"
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    entered_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["allocation", "period", "pk"]

    def __str__(self) -> str:
        return f"{self.allocation} {self.period}"
