"""Cohort pages: the list, a cohort with its measure (and, for those who see records, its
members and a person search to add more)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from safer.cohorts import services
from safer.cohorts.access import (
    NO_COHORT_ACCESS,
    access_cohort,
    cohort_list_visible_to,
    may_see_cohorts,
)
from safer.cohorts.forms import CohortForm, MemberAddForm, MemberLeaveForm, PersonSearchForm
from safer.cohorts.measure import cohort_measure
from safer.cohorts.models import CohortMember
from safer.core.forms import add_service_errors
from safer.partners.access import has_capability, require_capability
from safer.partners.roles import Capability
from safer.people.access import access_person
from safer.people.selectors import person_list_visible_to

SEARCH_LIMIT = 20


@require_GET
def cohort_list(request):
    if not may_see_cohorts(request.user):
        require_capability(request.user, Capability.VIEW_RECORDS)
    cohorts = cohort_list_visible_to(request.user).order_by("name")
    return render(
        request,
        "cohorts/cohort_list.html",
        {
            "cohorts": cohorts,
            "can_create": has_capability(request.user, Capability.EDIT_RECORDS),
            "no_access": NO_COHORT_ACCESS,
        },
    )


@require_http_methods(["GET", "POST"])
def cohort_create(request):
    require_capability(request.user, Capability.EDIT_RECORDS)
    form = CohortForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            cohort = services.cohort_create(created_by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"Cohort {cohort.name} created")
            return redirect("cohorts:detail", pk=cohort.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "cohorts/cohort_form.html", {"form": form}, status=status)


def _detail(request, cohort, *, add_form=None, status=200):
    sees_members = has_capability(request.user, Capability.VIEW_RECORDS)
    can_add = sees_members and has_capability(request.user, Capability.EDIT_RECORDS)
    search = PersonSearchForm(request.GET or None) if can_add else None
    found = []
    if search is not None and search.is_valid():
        members = CohortMember.objects.filter(cohort=cohort).values("person_id")
        found = list(
            person_list_visible_to(request.user, q=search.cleaned_data["q"]).exclude(
                pk__in=members
            )[:SEARCH_LIMIT]
        )
    measure = cohort_measure(cohort)
    services.cohort_viewed(cohort=cohort, viewed_by=request.user, via="page", members=sees_members)
    return render(
        request,
        "cohorts/cohort_detail.html",
        {
            "cohort": cohort,
            "measure": measure,
            "sees_members": sees_members,
            "can_add": can_add,
            "search": search,
            "found": found,
            "add_form": add_form or MemberAddForm(initial={"joined_on": timezone.localdate()}),
            "leave_form": MemberLeaveForm(initial={"left_on": timezone.localdate()}),
        },
        status=status,
    )


@require_GET
def cohort_detail(request, pk: int):
    return _detail(request, access_cohort(request.user, pk))


@require_POST
def member_add(request, pk: int):
    cohort = access_cohort(request.user, pk, write=True)
    form = MemberAddForm(request.POST)
    if form.is_valid():
        try:
            person = access_person(request.user, form.cleaned_data["person_id"])
        except Exception:
            person = None
        try:
            services.cohort_member_add(
                cohort=cohort,
                person=person,
                joined_on=form.cleaned_data["joined_on"],
                added_by=request.user,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"{person.full_name} added to the cohort")
            return redirect("cohorts:detail", pk=cohort.pk)
    return _detail(request, cohort, add_form=form, status=400)


@require_POST
def member_leave(request, pk: int, member_id: int):
    cohort = access_cohort(request.user, pk, write=True)
    member = get_object_or_404(CohortMember, cohort=cohort, pk=member_id)
    form = MemberLeaveForm(request.POST)
    if form.is_valid():
        try:
            services.cohort_member_leave(
                member=member, left_on=form.cleaned_data["left_on"], recorded_by=request.user
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, "Date they left recorded")
    else:
        messages.error(request, " ".join(m for ms in form.errors.values() for m in ms))
    return redirect("cohorts:detail", pk=cohort.pk)
