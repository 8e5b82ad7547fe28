"""Who may read and change action plans: decided here and nowhere else.

Plans are partnership-wide and hold no personal data, so anyone who may see records or
analytics may read them. Co-ordinators (supervise) edit plans and import them. A task's
progress may also be updated by editing staff of the organisations the task names as partners.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from safer.partners.access import has_capability, organisation_of
from safer.partners.roles import Capability
from safer.plans.models import ActionPlan, Allocation, Indicator, Task

CANNOT_READ = "Your role does not let you see the partnership's action plans"
CANNOT_EDIT = "Only co-ordinators can change action plans"
CANNOT_UPDATE_TASK = "Only co-ordinators and the task's partner organisations can update it"
CANNOT_ENTER_VALUE = "Only co-ordinators, the indicator's owner and its partners can enter figures"
NOT_FOUND = "Not found"


def can_read_plans(user) -> bool:
    """Whether the user may read plans, indicators and reports (records or analytics)."""
    return has_capability(user, Capability.VIEW_RECORDS) or has_capability(
        user, Capability.VIEW_ANALYTICS
    )


CANNOT_READ_DASHBOARD = "Only co-ordinators and analysts can see the partnership dashboard"


def can_read_dashboard(user) -> bool:
    """The co-ordinator's dashboard: partnership-wide aggregates, for co-ordinators (supervise)
    and analysts."""
    return has_capability(user, Capability.SUPERVISE) or has_capability(
        user, Capability.VIEW_ANALYTICS
    )


def require_dashboard_reader(user) -> None:
    if not can_read_dashboard(user):
        raise PermissionDenied(CANNOT_READ_DASHBOARD)


def require_plans_reader(user) -> None:
    """Refuse with 403 unless the user may read the partnership's plans."""
    if not can_read_plans(user):
        raise PermissionDenied(CANNOT_READ)


def can_edit_plans(user) -> bool:
    """Co-ordinators shape plans: import, edit narrative, set targets."""
    return has_capability(user, Capability.SUPERVISE)


def require_plans_editor(user) -> None:
    """Refuse with 403 unless the user may edit plans (co-ordinators)."""
    require_plans_reader(user)
    if not can_edit_plans(user):
        raise PermissionDenied(CANNOT_EDIT)


def can_update_task(user, task: Task) -> bool:
    """Co-ordinators, or editing staff of one of the task's partner organisations."""
    if can_edit_plans(user):
        return True
    if not has_capability(user, Capability.EDIT_RECORDS):
        return False
    organisation = organisation_of(user)
    return organisation is not None and task.partners.filter(pk=organisation.pk).exists()


def can_enter_value(user, indicator: Indicator) -> bool:
    """Co-ordinators, the indicator's owner, or editing staff of its task's partners."""
    if indicator.is_live and not can_edit_plans(user):
        return False
    if can_edit_plans(user):
        return True
    if not has_capability(user, Capability.EDIT_RECORDS):
        return False
    if indicator.owner_id is not None and indicator.owner_id == user.pk:
        return True
    return indicator.task is not None and can_update_task(user, indicator.task)


def access_plan(user, pk: int) -> ActionPlan:
    """Fetch a plan the user may read: 403 without the reading capability, 404 if none."""
    require_plans_reader(user)
    plan = ActionPlan.objects.select_related("key_priority__parent__parent").filter(pk=pk).first()
    if plan is None:
        raise Http404(NOT_FOUND)
    return plan


def access_task(user, pk: int, *, write: bool = False) -> Task:
    """Fetch a task; with write=True, 403 unless the user may update its progress."""
    require_plans_reader(user)
    task = Task.objects.select_related("plan", "heading").filter(pk=pk).first()
    if task is None:
        raise Http404(NOT_FOUND)
    if write and not can_update_task(user, task):
        raise PermissionDenied(CANNOT_UPDATE_TASK)
    return task


def access_indicator(user, pk: int, *, write: bool = False) -> Indicator:
    """Fetch an indicator; with write=True, 403 unless the user may enter its figures."""
    require_plans_reader(user)
    indicator = Indicator.objects.select_related("plan", "task__plan").filter(pk=pk).first()
    if indicator is None:
        raise Http404(NOT_FOUND)
    if write and not can_enter_value(user, indicator):
        raise PermissionDenied(CANNOT_ENTER_VALUE)
    return indicator


def updatable_task_ids(user, plan: ActionPlan) -> set[int] | None:
    """Ids of the plan's tasks the user may update; None means all of them (co-ordinators)."""
    if can_edit_plans(user):
        return None
    organisation = organisation_of(user)
    if organisation is None or not has_capability(user, Capability.EDIT_RECORDS):
        return set()
    return set(Task.objects.filter(plan=plan, partners=organisation).values_list("pk", flat=True))


CANNOT_RECORD_SPEND = "Only co-ordinators and the lead organisation can record spend and outputs"


def can_record_for_allocation(user, allocation: Allocation) -> bool:
    """Co-ordinators, or editing staff of the funded project's lead organisation."""
    if can_edit_plans(user):
        return True
    organisation = organisation_of(user)
    return (
        has_capability(user, Capability.EDIT_RECORDS)
        and organisation is not None
        and allocation.lead_organisation_id == organisation.pk
    )


def access_allocation(user, pk: int, *, write: bool = False) -> Allocation:
    """Fetch a funding allocation; with write=True, 403 unless the user may record spend."""
    require_plans_reader(user)
    allocation = (
        Allocation.objects.select_related("grant", "plan", "lead_organisation")
        .filter(pk=pk)
        .first()
    )
    if allocation is None:
        raise Http404(NOT_FOUND)
    if write and not can_record_for_allocation(user, allocation):
        raise PermissionDenied(CANNOT_RECORD_SPEND)
    return allocation
