"""Referral pages: thin views over access, forms and one service call each."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from safer.cases.access import access_case, access_case_by_reference
from safer.core.forms import add_service_errors
from safer.partners.access import has_capability, organisation_of, require_capability
from safer.partners.roles import Capability
from safer.referrals import dash, selectors, services
from safer.referrals.access import access_referral, named_referrals, visible_person_ids
from safer.referrals.forms import (
    BudgetForm,
    DecisionForm,
    OutcomeForm,
    ReferralFilterForm,
    ReferralForm,
    RiskChecklistForm,
    TargetHardeningForm,
    WithdrawForm,
)
from safer.referrals.models import RiskChecklist, Scheme

LIST_LIMIT = 200
BUDGET_MANAGERS_ONLY = "Only the provider's co-ordinators set the scheme's budget"


@require_GET
def referral_list(request):
    require_capability(request.user, Capability.VIEW_RECORDS)
    form = ReferralFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    referrals = list(
        selectors.referral_list_visible_to(
            request.user, view=filters.get("view", ""), status=filters.get("status", "")
        )[:LIST_LIMIT]
    )
    named_referrals(request.user, referrals)
    services.referrals_listed(user=request.user, shown=[r.pk for r in referrals], via="page")
    return render(
        request,
        "referrals/referral_list.html",
        {
            "form": form,
            "referrals": referrals,
            "limit": LIST_LIMIT,
            "organisation": organisation_of(request.user),
            "schemes": selectors.scheme_list(),
        },
    )


def _referral_form(request, case, data=None, initial=None):
    return ReferralForm(
        data,
        initial=initial,
        people=selectors.case_people_visible_to(request.user, case),
        schemes=selectors.scheme_list(),
    )


def _proposal(request, case) -> dict:
    """What the form starts with: a scheme and person from the link, or a high-risk
    checklist's proposed MARAC referral."""
    initial = {}
    checklist_id = request.GET.get("checklist")
    if checklist_id:
        checklist = RiskChecklist.objects.filter(
            pk=checklist_id if checklist_id.isdigit() else 0, case=case, high_risk=True
        ).first()
        marac = services.marac_scheme()
        if checklist and marac:
            initial = {
                "checklist": checklist.pk,
                "person_id": checklist.person_id,
                "scheme": marac.code,
                "reason": services.marac_reason(checklist),
            }
    if request.GET.get("scheme"):
        initial.setdefault("scheme", request.GET["scheme"])
    return initial


@require_http_methods(["GET", "POST"])
def referral_create(request, reference: str):
    case = access_case_by_reference(request.user, reference, contribute=True)
    if request.method == "GET":
        form = _referral_form(request, case, initial=_proposal(request, case))
        return render(request, "referrals/referral_form.html", {"case": case, "form": form})
    form = _referral_form(request, case, request.POST)
    if form.is_valid():
        try:
            referral = services.referral_create(
                case=case,
                person=form.cleaned_data["person_id"],
                scheme=form.cleaned_data["scheme"],
                reason=form.cleaned_data["reason"],
                referred_by=request.user,
                checklist=RiskChecklist.objects.filter(
                    pk=form.cleaned_data["checklist"] or 0, case=case
                ).first(),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"Referral sent to {referral.scheme.name}")
            return redirect("referrals:detail", pk=referral.pk)
    return render(request, "referrals/referral_form.html", {"case": case, "form": form}, status=400)


def _detail_context(access, **forms_) -> dict:
    referral = access.referral
    hardening = getattr(referral, "target_hardening", None) if _is_hardening(referral) else None
    context = {
        "access": access,
        "referral": referral,
        "person": referral.person,
        "hardening": hardening,
        "decision_form": DecisionForm(),
        "outcome_form": OutcomeForm(initial={"outcome_on": timezone.localdate()}),
        "withdraw_form": WithdrawForm(),
        "hardening_form": TargetHardeningForm(
            initial={
                "survey_on": hardening.survey_on,
                "measures": hardening.measures,
                "cost": hardening.cost,
                "contribution": hardening.contribution,
            }
            if hardening
            else {"cost": 0, "contribution": 0}
        ),
        "is_hardening": _is_hardening(referral),
    }
    context.update(forms_)
    context["forms_with_errors"] = [form for form in forms_.values() if form.errors]
    return context


def _is_hardening(referral) -> bool:
    return referral.scheme.kind == Scheme.Kind.TARGET_HARDENING


@require_GET
def referral_detail(request, pk: int):
    access = access_referral(request.user, pk)
    services.referral_viewed(referral=access.referral, viewed_by=request.user, via="page")
    return render(request, "referrals/referral_detail.html", _detail_context(access))


def _referral_post(request, pk, form_name, form, action, success, **needs):
    access = access_referral(request.user, pk, **needs)
    if form.is_valid():
        try:
            action(access.referral, form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, success)
            return redirect("referrals:detail", pk=pk)
    access.referral.refresh_from_db()
    return render(
        request,
        "referrals/referral_detail.html",
        _detail_context(access, **{form_name: form}),
        status=400,
    )


@require_POST
def referral_decide(request, pk: int):
    return _referral_post(
        request,
        pk,
        "decision_form",
        DecisionForm(request.POST),
        lambda referral, data: services.referral_decide(
            referral=referral,
            decided_by=request.user,
            accept=data["decision"] == "accept",
            note=data["note"],
        ),
        "Decision recorded",
        decide=True,
    )


@require_POST
def referral_outcome(request, pk: int):
    return _referral_post(
        request,
        pk,
        "outcome_form",
        OutcomeForm(request.POST),
        lambda referral, data: services.referral_complete(
            referral=referral, completed_by=request.user, **data
        ),
        "Outcome recorded",
        decide=True,
    )


@require_POST
def referral_withdraw(request, pk: int):
    return _referral_post(
        request,
        pk,
        "withdraw_form",
        WithdrawForm(request.POST),
        lambda referral, data: services.referral_withdraw(
            referral=referral, withdrawn_by=request.user, note=data["note"]
        ),
        "Referral withdrawn",
        withdraw=True,
    )


@require_POST
def target_hardening(request, pk: int):
    return _referral_post(
        request,
        pk,
        "hardening_form",
        TargetHardeningForm(request.POST),
        lambda referral, data: services.target_hardening_record(
            referral=referral, recorded_by=request.user, **data
        ),
        "Home security details saved",
        decide=True,
    )


@require_http_methods(["GET", "POST"])
def risk_checklist(request, reference: str):
    case = access_case_by_reference(request.user, reference, contribute=True)
    people = selectors.case_people_visible_to(request.user, case)
    form = RiskChecklistForm(request.POST or None, people=people)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            checklist = services.risk_checklist_record(
                case=case,
                person=data["person_id"],
                answers={key: data[key] for key in dash.KEYS},
                professional_judgement=data["professional_judgement"],
                escalation=data["escalation"],
                notes=data["notes"],
                completed_by=request.user,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Risk checklist recorded")
            return redirect("referrals:checklist_detail", pk=checklist.pk)
    status = 400 if request.method == "POST" else 200
    return render(
        request, "referrals/risk_checklist_form.html", {"case": case, "form": form}, status=status
    )


@require_GET
def risk_checklist_detail(request, pk: int):
    checklist = RiskChecklist.objects.filter(pk=pk).select_related("person", "completed_by").first()
    if checklist is None:
        raise Http404
    case = access_case(request.user, checklist.case_id)  # 404 unless the case is visible
    services.risk_checklist_viewed(checklist=checklist, viewed_by=request.user)
    result = dash.score(
        checklist.answers,
        professional_judgement=checklist.professional_judgement,
        escalation=checklist.escalation,
    )
    answers = dict(dash.ANSWERS)
    return render(
        request,
        "referrals/risk_checklist_detail.html",
        {
            "case": case,
            "checklist": checklist,
            "result": result,
            "rows": [
                (number, question, answers[checklist.answers[key]])
                for number, (key, question) in enumerate(
                    zip(dash.KEYS, dash.QUESTIONS, strict=True), start=1
                )
            ],
            "person_visible": checklist.person_id
            in visible_person_ids(request.user, [checklist.person_id]),
            "marac": services.marac_scheme(),
            "can_refer": has_capability(request.user, Capability.EDIT_RECORDS) and case.is_open,
        },
    )


def _budget_scheme(request, code: str) -> Scheme:
    if not (
        has_capability(request.user, Capability.VIEW_RECORDS)
        or has_capability(request.user, Capability.VIEW_ANALYTICS)
    ):
        require_capability(request.user, Capability.VIEW_RECORDS)
    scheme = Scheme.objects.filter(code=code, kind=Scheme.Kind.TARGET_HARDENING).first()
    if scheme is None:
        raise Http404
    return scheme


def _may_set_budget(user, scheme: Scheme) -> bool:
    organisation = organisation_of(user)
    return (
        organisation is not None
        and scheme.provider_id == organisation.pk
        and has_capability(user, Capability.SUPERVISE)
    )


def _budget_page(request, scheme, form, status=200):
    today = timezone.localdate()
    year = selectors.financial_year(today)
    requested = request.GET.get("year", "")
    if requested.isdigit() and 2000 <= int(requested) <= 2100:
        year = int(requested)
    return render(
        request,
        "referrals/budget.html",
        {
            "scheme": scheme,
            "summary": selectors.budget_year(scheme, year),
            "previous": year - 1,
            "next": year + 1,
            "form": form,
            "can_set": _may_set_budget(request.user, scheme),
        },
        status=status,
    )


@require_GET
def budget(request, code: str):
    scheme = _budget_scheme(request, code)
    year = selectors.financial_year(timezone.localdate())
    return _budget_page(request, scheme, BudgetForm(initial={"year": year}))


@require_POST
def budget_set(request, code: str):
    scheme = _budget_scheme(request, code)
    if not _may_set_budget(request.user, scheme):
        raise PermissionDenied(BUDGET_MANAGERS_ONLY)
    form = BudgetForm(request.POST)
    if not form.is_valid():
        return _budget_page(request, scheme, form, status=400)
    services.scheme_budget_set(scheme=scheme, set_by=request.user, **form.cleaned_data)
    messages.success(request, "Budget saved")
    url = reverse("referrals:budget", kwargs={"code": scheme.code})
    return redirect(f"{url}?year={form.cleaned_data['year']}")
