"""The caseload: cases and reports to find, the queues waiting for work, repeats."""

from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from safer.cases import forms, selectors, services
from safer.cases.repeats import FLAG_LABELS
from safer.core.pagination import CappedPaginator
from safer.partners.access import require_capability
from safer.partners.roles import Capability
from safer.people.services import people_listed


def cases_filtered(request):
    """The case list's filter form, its valid filters and the visible cases they match (the
    page and its downloads list the same cases)."""
    form = forms.CaseFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    cases = selectors.case_list_visible_to(
        request.user,
        q=filters.get("q", ""),
        status=filters.get("status", ""),
        risk=filters.get("risk", ""),
        kind=filters.get("kind", ""),
        lead_officer=request.user if filters.get("mine") else None,
        review_overdue=filters.get("review_overdue", False),
    )
    return form, filters, cases


def reports_filtered(request):
    """The report list's filter form, its valid filters and the visible reports they match."""
    form = forms.ReportFilterForm(request.GET or None, flags=list(FLAG_LABELS.items()))
    filters = form.cleaned_data if form.is_valid() else {}
    reports = selectors.report_list_visible_to(
        request.user,
        q=filters.get("q", ""),
        flag=filters.get("flag", ""),
        unassessed=filters.get("unassessed", False),
    )
    return form, filters, reports


@require_GET
def case_list(request):
    require_capability(request.user, Capability.VIEW_RECORDS)
    form, filters, cases = cases_filtered(request)
    page = Paginator(cases, 25).get_page(request.GET.get("page"))
    services.records_listed(
        kind="cases",
        listed_by=request.user,
        filters=filters,
        shown=[c.pk for c in page],
        via="page",
    )
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "cases/case_list.html",
        {"form": form, "page": page, "query": query.urlencode(), "today": timezone.localdate()},
    )


@require_GET
def report_list(request):
    """Find a report: search, flags, and the ones still waiting for a risk assessment."""
    require_capability(request.user, Capability.VIEW_RECORDS)
    form, filters, reports = reports_filtered(request)
    page = CappedPaginator(reports, 25).get_page(request.GET.get("page"))
    page.object_list = selectors.with_case_visibility(request.user, page)
    services.records_listed(
        kind="reports",
        listed_by=request.user,
        filters=filters,
        shown=[r.pk for r in page],
        via="page",
    )
    return render(
        request,
        "cases/report_list.html",
        {"form": form, "page": page, "today": timezone.localdate()},
    )


@require_GET
def queues(request):
    """Reports waiting for a risk assessment, overdue first, and cases due a review."""
    require_capability(request.user, Capability.VIEW_RECORDS)
    unassessed = (
        selectors.report_list_visible_to(request.user, unassessed=True)
        .select_related("recorded_by")
        .order_by("assessment_due", "reported_at")
    )
    return render(
        request,
        "cases/queues.html",
        {
            "unassessed": Paginator(unassessed, 50).get_page(request.GET.get("page")),
            "reviews": selectors.case_list_visible_to(request.user, review_overdue=True)[:50],
            "interventions": selectors.interventions_due(request.user)[:50],
            "today": timezone.localdate(),
        },
    )


@require_GET
def repeats(request):
    require_capability(request.user, Capability.VIEW_RECORDS)
    callers = selectors.repeat_callers(request.user)
    people_listed(
        listed_by=request.user,
        query="repeat callers",
        page=1,
        shown=[p.pk for p in callers],
        via="page",
    )
    return render(
        request,
        "cases/repeats.html",
        {
            "callers": callers,
            "locations": selectors.repeat_locations(request.user),
            "by_type_and_area": selectors.cases_by_type_and_area(request.user)[:50],
        },
    )
