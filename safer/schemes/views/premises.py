"""Administrators' pages for licensed premises: a premises' details and map point, incidents
there, test purchases, licensing reviews and licence conditions, and a review's decision."""

from datetime import timedelta

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from safer.core.forms import add_service_errors
from safer.schemes import licensing, selectors, services
from safer.schemes.access import access_scheme
from safer.schemes.forms import (
    BusinessForm,
    ConditionForm,
    DecisionForm,
    LocateForm,
    ReviewForm,
    TestPurchaseForm,
)
from safer.schemes.models import LicensingReview, MemberBusiness


def _premises_writes(access, business, user, *, recent, addresses) -> dict:
    """Each form of the premises page: (form class, its extra arguments, the service that
    saves it). The services hold every rule; the page only routes."""
    mine = {"access": access, "business": business, "changed_by": user}
    here = {"access": access, "business_id": business.pk, "recorded_by": user}
    return {
        "details": (BusinessForm, {}, lambda data: services.business_update(**mine, **data)),
        "locate": (
            LocateForm,
            {"addresses": addresses},
            lambda data: services.business_locate(**mine, **data),
        ),
        "purchase": (
            TestPurchaseForm,
            {},
            lambda data: licensing.test_purchase_record(**here, **data),
        ),
        "review": (
            ReviewForm,
            {"incidents": recent},
            lambda data: licensing.review_open(**here, **data),
        ),
        "condition": (ConditionForm, {}, lambda data: licensing.condition_add(**here, **data)),
    }


@require_http_methods(["GET", "POST"])
def premises(request, pk: int, business_id: int):
    """A member's premises: incidents there, test purchases, licensing reviews, conditions."""
    access = access_scheme(request.user, pk, manage=True)
    business = get_object_or_404(MemberBusiness, scheme=access.scheme, pk=business_id)
    today = timezone.localdate()
    recent = business.incidents.filter(occurred_at__date__gte=today - timedelta(days=365))
    writes = _premises_writes(
        access,
        business,
        request.user,
        recent=recent,
        addresses=selectors.addresses_at_postcode(business.postcode),
    )
    initial = {
        "details": {f: getattr(business, f) for f in BusinessForm.base_fields},
        "purchase": {"conducted_on": today},
        "review": {"applied_on": today},
        "condition": {"imposed_on": today},
    }
    forms = {
        which: form_class(prefix=which, initial=initial.get(which), **extra)
        for which, (form_class, extra, _) in writes.items()
    }
    status = 200
    which = request.POST.get("form") if request.method == "POST" else None
    if which in writes:
        status = 400
        form_class, extra, save = writes[which]
        form = forms[which] = form_class(request.POST, prefix=which, **extra)
        if form.is_valid():
            try:
                save(form.cleaned_data)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, "Saved")
                return redirect("schemes:premises", pk=pk, business_id=business.pk)
    elif request.method == "POST":
        status = 400
    return render(
        request,
        "schemes/premises.html",
        {
            "access": access,
            "scheme": access.scheme,
            "business": business,
            "incidents": selectors.incidents_for_table(
                access, business.incidents.select_related("business", "offender__person")[:50]
            ),
            "purchases": business.test_purchases.all(),
            "reviews": business.reviews.all(),
            "conditions": business.conditions.all(),
            **{f"{k}_form": f for k, f in forms.items()},
            "since": today - timedelta(days=365),
        },
        status=status,
    )


@require_http_methods(["GET", "POST"])
def review(request, pk: int, business_id: int, review_id: int):
    """A licensing review: its grounds and supporting incidents, and the committee's decision
    (recorded once, with its reasons and the conditions it added to or removed from the
    licence)."""
    access = access_scheme(request.user, pk, manage=True)
    found = get_object_or_404(
        LicensingReview.objects.select_related("business", "decided_by"),
        business__scheme=access.scheme,
        business_id=business_id,
        pk=review_id,
    )
    current = selectors.conditions_current(found.business)
    form = DecisionForm(
        request.POST or None, initial={"decided_on": timezone.localdate()}, current=current
    )
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                licensing.review_decide(
                    access=access, review=found, decided_by=request.user, **form.cleaned_data
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, "Decision recorded")
                return redirect(
                    "schemes:review", pk=pk, business_id=business_id, review_id=found.pk
                )
    return render(
        request,
        "schemes/review.html",
        {
            "access": access,
            "scheme": access.scheme,
            "business": found.business,
            "review": found,
            "incidents": selectors.incidents_for_table(
                access, found.incidents.select_related("business", "offender__person")
            ),
            "conditions": found.conditions.all(),
            "conditions_removed": found.conditions_removed.all(),
            "form": form,
            "open": found.status == LicensingReview.Status.OPEN,
        },
        status=status,
    )
