"""Funding: grants, allocations, their spend and outputs."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from safer.core.forms import add_service_errors
from safer.plans import selectors, services
from safer.plans.access import (
    access_allocation,
    can_edit_plans,
    can_record_for_allocation,
    require_plans_editor,
    require_plans_reader,
)
from safer.plans.forms import (
    AllocationForm,
    GrantForm,
    OutputForm,
    SpendForm,
)

BAD_EXPORT_FORMAT = "Choose csv or xlsx"
IMPORTED = "Imported {plans} plans with {tasks} tasks"


def _funding_page(request, *, grant_form=None, allocation_form=None, status=200):
    can_edit = can_edit_plans(request.user)
    return render(
        request,
        "plans/funding.html",
        {
            "grants": selectors.grant_list(),
            "allocations": selectors.allocation_list(),
            "can_edit": can_edit,
            "grant_form": grant_form or (GrantForm() if can_edit else None),
            "allocation_form": allocation_form or (AllocationForm() if can_edit else None),
        },
        status=status,
    )


@require_GET
def funding(request):
    require_plans_reader(request.user)
    return _funding_page(request)


@require_POST
def grant_add(request):
    require_plans_editor(request.user)
    form = GrantForm(request.POST)
    if form.is_valid():
        try:
            grant = services.grant_create(created_by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"Grant {grant.name} added")
            return redirect("plans:funding")
    return _funding_page(request, grant_form=form)


@require_POST
def allocation_add(request):
    require_plans_editor(request.user)
    form = AllocationForm(request.POST)
    if form.is_valid():
        values = dict(form.cleaned_data)
        try:
            allocation = services.allocation_create(
                grant=values.pop("grant"),
                indicators=values.pop("indicators"),
                allocated_by=request.user,
                **values,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"£{allocation.amount:,} allocated to {allocation.project}")
            return redirect("plans:allocation", pk=allocation.pk)
    return _funding_page(request, allocation_form=form)


def _allocation_page(request, allocation, *, spend_form=None, output_form=None):
    can_record = can_record_for_allocation(request.user, allocation)
    return render(
        request,
        "plans/allocation_detail.html",
        {
            "allocation": allocation,
            "spends": allocation.spends.select_related("entered_by"),
            "outputs": allocation.outputs.select_related("entered_by", "indicator"),
            "spent": sum(s.amount for s in allocation.spends.all()),
            "indicators": allocation.indicators.all(),
            "can_record": can_record,
            "spend_form": spend_form or (SpendForm() if can_record else None),
            "output_form": output_form
            or (OutputForm(allocation=allocation) if can_record else None),
        },
    )


@require_GET
def allocation_detail(request, pk: int):
    return _allocation_page(request, access_allocation(request.user, pk))


@require_POST
def spend_add(request, pk: int):
    allocation = access_allocation(request.user, pk, write=True)
    form = SpendForm(request.POST)
    if form.is_valid():
        try:
            services.spend_record(
                allocation=allocation, entered_by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Spend recorded")
            return redirect("plans:allocation", pk=pk)
    return _allocation_page(request, allocation, spend_form=form)


@require_POST
def output_add(request, pk: int):
    allocation = access_allocation(request.user, pk, write=True)
    form = OutputForm(request.POST, allocation=allocation)
    if form.is_valid():
        try:
            services.output_record(
                allocation=allocation, entered_by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Output recorded")
            return redirect("plans:allocation", pk=pk)
    return _allocation_page(request, allocation, output_form=form)
