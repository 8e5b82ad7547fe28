"""Administrators' pages: the scheme's dashboard and measures, members and approvals,
exclusions (with their letter and appeals) and alerts. Licensed premises are in premises.py."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from safer import audit
from safer.core.forms import add_service_errors
from safer.core.tagged_pdf import PDF_TYPE
from safer.partners.access import NOT_FOUND
from safer.people.access import access_person
from safer.people.selectors import person_list_visible_to
from safer.schemes import selectors, services
from safer.schemes.access import access_scheme
from safer.schemes.forms import (
    AlertForm,
    AppealDecideForm,
    AppealForm,
    BusinessForm,
    DecideForm,
    EndForm,
    ExclusionForm,
    PersonSearchForm,
    SchemeUserForm,
)
from safer.schemes.letter import exclusion_letter_pdf
from safer.schemes.measures import HUB_NOTE, hub_figures, scheme_figures
from safer.schemes.models import (
    Appeal,
    Approval,
    Exclusion,
    MemberBusiness,
    SchemeUser,
)

SEARCH_LIMIT = 20


def staff_dashboard(request, access):
    today = timezone.localdate()
    businesses, users = selectors.pending_approvals(access) if access.can_manage else ([], [])
    return render(
        request,
        "schemes/staff_dashboard.html",
        {
            "access": access,
            "scheme": access.scheme,
            "figures": scheme_figures(access.scheme, today=today),
            "hub": hub_figures(access.scheme.area),
            "hub_note": HUB_NOTE,
            "pending_businesses": businesses,
            "pending_users": users,
            "excluded_now": selectors.exclusions_in_force(access.scheme, today).count(),
            "incidents": selectors.incidents_for_table(
                access, selectors.incidents_visible(access)[:10]
            ),
        },
    )


@require_http_methods(["GET", "POST"])
def members(request, pk: int):
    """Member businesses and their users: add, approve or refuse."""
    access = access_scheme(request.user, pk, manage=True)
    approved = MemberBusiness.objects.filter(scheme=access.scheme, status=Approval.APPROVED)
    business_form = BusinessForm(prefix="business")
    user_form = SchemeUserForm(prefix="user", premises=approved)
    status = 200
    if request.method == "POST":
        which = request.POST.get("form")
        status = 400
        if which == "business":
            business_form = BusinessForm(request.POST, prefix="business")
            if business_form.is_valid():
                try:
                    business = services.business_add(
                        access=access, added_by=request.user, **business_form.cleaned_data
                    )
                except ValidationError as error:
                    add_service_errors(business_form, error)
                else:
                    messages.success(request, f"{business.name} added as a member")
                    return redirect("schemes:members", pk=pk)
        elif which == "user":
            user_form = SchemeUserForm(request.POST, prefix="user", premises=approved)
            if user_form.is_valid():
                data = dict(user_form.cleaned_data)
                business = approved.get(pk=data.pop("business_id"))
                try:
                    place = services.scheme_user_add(
                        access=access, business=business, requested_by=request.user, **data
                    )
                except ValidationError as error:
                    add_service_errors(user_form, error)
                else:
                    messages.success(request, f"{place.user.username} added to {business.name}")
                    return redirect("schemes:members", pk=pk)
    pending_businesses, pending_users = selectors.pending_approvals(access)
    return render(
        request,
        "schemes/members.html",
        {
            "access": access,
            "scheme": access.scheme,
            "businesses": selectors.businesses_of(access),
            "pending_businesses": pending_businesses,
            "pending_users": pending_users,
            "business_form": business_form,
            "user_form": user_form,
        },
        status=status,
    )


@require_POST
def business_decide(request, pk: int, business_id: int):
    access = access_scheme(request.user, pk, manage=True)
    business = get_object_or_404(MemberBusiness, scheme=access.scheme, pk=business_id)
    form = DecideForm(request.POST)
    if form.is_valid():
        try:
            services.business_decide(
                access=access,
                business=business,
                approve=form.cleaned_data["decision"] == "approve",
                decided_by=request.user,
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, f"{business.name}: {business.get_status_display().lower()}")
    return redirect("schemes:members", pk=pk)


@require_POST
def user_decide(request, pk: int, place_id: int):
    access = access_scheme(request.user, pk, manage=True)
    place = get_object_or_404(SchemeUser, business__scheme=access.scheme, pk=place_id)
    form = DecideForm(request.POST)
    if form.is_valid():
        try:
            services.scheme_user_decide(
                access=access,
                place=place,
                approve=form.cleaned_data["decision"] == "approve",
                decided_by=request.user,
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request, f"{place.user.username}: {place.get_status_display().lower()}"
            )
    return redirect("schemes:members", pk=pk)


@require_GET
def exclusions(request, pk: int):
    access = access_scheme(request.user, pk, manage=True)
    rows = list(selectors.exclusions_of(access)[:200])
    services.excluded_list_viewed(
        access=access,
        profiles=sorted({e.profile_id for e in rows if e.profile.person_id}),
        via="exclusions page",
    )
    return render(
        request,
        "schemes/exclusion_list.html",
        {
            "access": access,
            "scheme": access.scheme,
            "exclusions": rows,
            "today": timezone.localdate(),
        },
    )


@require_http_methods(["GET", "POST"])
def exclusion_new(request, pk: int):
    """Find the person on the partnership's records, then exclude them, with a photograph."""
    access = access_scheme(request.user, pk, manage=True)
    premises = MemberBusiness.objects.filter(scheme=access.scheme, status=Approval.APPROVED)
    search = PersonSearchForm(request.GET or None)
    found, person = [], None
    if search.is_valid():
        found = list(
            person_list_visible_to(request.user, q=search.cleaned_data["q"])[:SEARCH_LIMIT]
        )
    chosen = request.POST.get("person_id") or request.GET.get("person_id")
    if chosen:
        try:
            person = access_person(request.user, chosen)
        except Http404:
            person = None
    form = ExclusionForm(
        request.POST or None,
        request.FILES or None,
        premises=premises,
        initial={"person_id": person.pk if person else None, "starts_on": timezone.localdate()},
    )
    status = 200
    if request.method == "POST":
        status = 400
        if person is None:
            form.add_error(None, "Choose the person to exclude from the partnership's records")
        elif form.is_valid():
            data = dict(form.cleaned_data)
            data.pop("person_id")
            try:
                exclusion = services.exclusion_issue(
                    access=access, person=person, issued_by=request.user, **data
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, "Exclusion issued: print the letter from its page")
                return redirect("schemes:exclusion", pk=pk, exclusion_id=exclusion.pk)
    return render(
        request,
        "schemes/exclusion_form.html",
        {
            "access": access,
            "scheme": access.scheme,
            "search": search,
            "found": found,
            "person": person,
            "form": form,
        },
        status=status,
    )


def _exclusion(access, exclusion_id) -> Exclusion:
    try:
        return Exclusion.objects.select_related("profile__person").get(
            scheme=access.scheme, pk=exclusion_id
        )
    except (Exclusion.DoesNotExist, ValueError):
        raise Http404(NOT_FOUND) from None


@require_http_methods(["GET", "POST"])
def exclusion(request, pk: int, exclusion_id: int):
    """One exclusion: end it early, record an appeal, decide it."""
    access = access_scheme(request.user, pk, manage=True)
    found = _exclusion(access, exclusion_id)
    end_form = EndForm(prefix="end", initial={"ended_on": timezone.localdate()})
    appeal_form = AppealForm(prefix="appeal", initial={"received_on": timezone.localdate()})
    decide_form = AppealDecideForm(prefix="decide", initial={"decided_on": timezone.localdate()})
    status = 200
    if request.method == "POST":
        status = 400
        which = request.POST.get("form")
        try:
            if which == "end":
                end_form = EndForm(request.POST, prefix="end")
                if end_form.is_valid():
                    services.exclusion_end(
                        access=access,
                        exclusion=found,
                        ended_by=request.user,
                        **end_form.cleaned_data,
                    )
                    messages.success(request, "Exclusion ended")
                    return redirect("schemes:exclusion", pk=pk, exclusion_id=found.pk)
            elif which == "appeal":
                appeal_form = AppealForm(request.POST, prefix="appeal")
                if appeal_form.is_valid():
                    services.appeal_record(
                        access=access,
                        exclusion=found,
                        recorded_by=request.user,
                        **appeal_form.cleaned_data,
                    )
                    messages.success(request, "Appeal recorded")
                    return redirect("schemes:exclusion", pk=pk, exclusion_id=found.pk)
            elif which == "decide":
                decide_form = AppealDecideForm(request.POST, prefix="decide")
                appeal = get_object_or_404(
                    Appeal, exclusion=found, pk=request.POST.get("appeal_id") or 0
                )
                if decide_form.is_valid():
                    services.appeal_decide(
                        access=access,
                        appeal=appeal,
                        decided_by=request.user,
                        **decide_form.cleaned_data,
                    )
                    messages.success(request, f"Appeal {appeal.get_outcome_display().lower()}")
                    return redirect("schemes:exclusion", pk=pk, exclusion_id=found.pk)
        except ValidationError as error:
            target = {"end": end_form, "appeal": appeal_form, "decide": decide_form}.get(which)
            if target is not None:
                add_service_errors(target, error)
    if found.profile.person_id:
        services.profile_viewed(access=access, profile=found.profile, via="exclusion page")
    return render(
        request,
        "schemes/exclusion_detail.html",
        {
            "access": access,
            "scheme": access.scheme,
            "exclusion": found,
            "premises": found.premises.order_by("name"),
            "appeals": found.appeals.all(),
            "end_form": end_form,
            "appeal_form": appeal_form,
            "decide_form": decide_form,
            "today": timezone.localdate(),
        },
        status=status,
    )


@require_GET
def exclusion_letter(request, pk: int, exclusion_id: int):
    """The notice of exclusion as a tagged PDF (not once the person's data is removed)."""
    access = access_scheme(request.user, pk, manage=True)
    found = _exclusion(access, exclusion_id)
    if found.profile.person_id is None:
        raise Http404(NOT_FOUND)
    pdf = exclusion_letter_pdf(found)
    audit.record(actor=request.user, action="scheme.exclusion_letter_produced", target=found)
    response = HttpResponse(pdf, content_type=PDF_TYPE)
    response["Content-Disposition"] = f'attachment; filename="exclusion-{found.pk}.pdf"'
    return response


@require_http_methods(["GET", "POST"])
def alert_new(request, pk: int):
    access = access_scheme(request.user, pk, manage=True)
    form = AlertForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            sent = services.alert_send(access=access, sent_by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"Alert sent to {sent.receipts.count()} member users")
            return redirect("schemes:alert", pk=pk, alert_id=sent.pk)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "schemes/alert_form.html",
        {
            "access": access,
            "scheme": access.scheme,
            "form": form,
            "without_location": selectors.premises_without_location(access.scheme),
        },
        status=status,
    )
