"""Case-management pages: thin views over cases.access, selectors and services."""

import json
from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from safer.cases import forms, legal, selectors, services
from safer.cases.access import access_case_by_reference, access_report_by_reference
from safer.cases.models import CaseTask, Intervention, RiskQuestionnaire
from safer.cases.repeats import FLAG_LABELS
from safer.cases.services.interventions import may_be_named
from safer.core.forms import add_service_errors
from safer.core.pagination import CappedPaginator
from safer.core.ratelimit import RateLimited
from safer.partners.access import (
    can_change,
    can_contribute,
    can_share,
    has_capability,
    require_capability,
)
from safer.partners.models import Organisation
from safer.partners.roles import Capability
from safer.partners.services import SHARE_NOT_ALLOWED
from safer.people.access import access_person
from safer.people.matching import PersonData, same_people_within
from safer.people.models import Person
from safer.people.selectors import match_details, person_match_candidates
from safer.people.services import match_checks_counted, match_limited_message, people_listed

# --- Caseload ---------------------------------------------------------------------------------


@require_GET
def case_list(request):
    require_capability(request.user, Capability.VIEW_RECORDS)
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
    form = forms.ReportFilterForm(request.GET or None, flags=list(FLAG_LABELS.items()))
    filters = form.cleaned_data if form.is_valid() else {}
    reports = selectors.report_list_visible_to(
        request.user,
        q=filters.get("q", ""),
        flag=filters.get("flag", ""),
        unassessed=filters.get("unassessed", False),
    )
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


# --- Reports ----------------------------------------------------------------------------------


MAX_PEOPLE = 20  # further people on one report, besides the reporter


def _people_count(data) -> int:
    """How many further-person blocks the page has (the add-another pattern; no JavaScript)."""
    try:
        count = int((data or {}).get("people_count", 1))
    except (TypeError, ValueError):
        count = 1
    return min(max(count, 1), MAX_PEOPLE)


def _person_blocks(data=None, count: int = 1) -> list:
    """The reporter's block, then `count` further people; person numbers follow page order."""
    reporter = forms.ReporterForm(data, prefix="reporter", number=1)
    return [
        reporter,
        *(forms.PersonBlockForm(data, prefix=f"people-{i}", number=i + 2) for i in range(count)),
    ]


def _unbound(form):
    """The same form showing what was typed but no errors: after "Add another person"."""
    initial = {name: form[name].data for name in form.fields}
    kwargs = {"number": form.number} if hasattr(form, "number") else {}
    return type(form)(initial=initial, prefix=form.prefix, **kwargs)


def _without_block(data, removed: int, count: int):
    """The posted data with further person `removed` taken out and those after moved up."""
    kept = data.copy()
    for key in list(kept):
        if key.startswith("people-"):
            del kept[key]
    for i in range(count):
        if i == removed:
            continue
        target = i if i < removed else i - 1
        for key in data:
            if key.startswith(f"people-{i}-"):
                kept.setlist(f"people-{target}-{key[len(f'people-{i}-') :]}", data.getlist(key))
    kept["people_count"] = str(max(count - 1, 1))
    return kept


@require_http_methods(["GET", "POST"])
def report_create(request):
    """Record a report with its people; if two people look alike, or one looks like someone
    already held, ask before saving."""
    require_capability(request.user, Capability.EDIT_RECORDS)
    data = request.POST if request.method == "POST" else None
    count = _people_count(data)
    if data is not None and "remove_person" in data:
        try:
            removed = int(data["remove_person"])
        except ValueError:
            removed = -1
        if 0 <= removed < count:
            data, count = _without_block(data, removed, count), max(count - 1, 1)
    editing = data is not None and any(
        button in data for button in ("add_person", "remove_person", "find_address")
    )
    if data is not None and "add_person" in data:
        count = min(count + 1, MAX_PEOPLE)
    form = forms.ReportForm(data)
    blocks = _person_blocks(data, count)
    proposals, distinct_form = {}, None
    if editing:  # re-show what was typed, one block more or less, without judging it yet
        form, blocks = _unbound(form), [_unbound(block) for block in blocks]
    elif data is not None:
        valid = form.is_valid() & all([block.is_valid() for block in blocks])
        if valid:
            distinct_form = _same_people_check(data, blocks)
            try:
                proposals = _match_proposals(request, blocks)
            except RateLimited as refused:  # nothing saved; the form keeps what was typed
                form.add_error(None, f"{match_limited_message(refused)} {MATCH_PAUSED_UNSAVED}")
            unresolved = [
                p for p in proposals.values() if p["form"] is None or not p["form"].is_valid()
            ]
            distinct = distinct_form is None or distinct_form.is_valid()
            if distinct and not unresolved and not form.errors:
                people, owners = _people_inputs(blocks, proposals)
                try:
                    report = services.report_create(
                        recorded_by=request.user, **form.cleaned_data, people=people
                    )
                except ValidationError as error:
                    _add_report_errors(form, owners, error)
                else:
                    messages.success(request, f"Report {report.reference} recorded")
                    return redirect("cases:report_detail", reference=report.reference)
    return render(
        request,
        "cases/report_form.html",
        {
            "form": form,
            "reporter": blocks[0],
            "reporter_proposal": proposals.get(blocks[0].prefix),
            "blocks": [(block, proposals.get(block.prefix)) for block in blocks[1:]],
            "people_count": len(blocks) - 1,
            "can_add_person": len(blocks) - 1 < MAX_PEOPLE,
            "distinct_form": distinct_form,
            "has_proposals": any(p["matches"] for p in proposals.values()),
        },
    )


MATCH_PAUSED_UNSAVED = "The report has not been saved yet: save it again then."


def _entered(blocks) -> list:
    """The blocks that hold someone."""
    return [block for block in blocks if not block.is_blank]


def _named(blocks) -> list:
    return [block for block in _entered(blocks) if block.cleaned_data.get("last_name")]


def _candidate(block) -> PersonData:
    data = block.cleaned_data
    return PersonData(
        date_of_birth=data.get("date_of_birth"),
        **{
            f: data.get(f) or ""
            for f in ("first_name", "last_name", "postcode", "address", "phone")
        },
    )


def _same_people_check(data, blocks):
    """Two people of this report who look like one person typed twice, asked about before
    saving (the typist sees their own entries, so dates of birth count here); None if none."""
    named = _named(blocks)
    pairs = [
        (
            f"{named[i].number}-{named[j].number}",
            named[i].label,
            named[j].label,
            ", ".join(match.reasons),
        )
        for i, j, match in same_people_within([_candidate(block) for block in named])
    ]
    if not pairs:
        return None
    return forms.DistinctPeopleForm(data, prefix="same", pairs=pairs)


def _match_proposals(request, blocks) -> dict:
    """For each named person entered, the people already held who may be the same person, keyed
    by the block's prefix. Raises RateLimited, checking nobody, past the user's match limit.
    Someone who cannot be named is never matched."""
    named = _named(blocks)
    match_checks_counted(user=request.user, people=len(named), via="page")
    found = {
        block.prefix: person_match_candidates(request.user, _candidate(block)) for block in named
    }
    shown = [person for matches in found.values() for person, _ in matches]
    details = match_details(request.user, shown)
    proposals = {}
    for block in named:
        if not found[block.prefix]:
            continue
        matches = [
            MatchOption(person, _match_label(person, details[person.pk]))
            for person, _ in found[block.prefix]
        ]
        answered = f"{block.prefix}-choice" in request.POST
        match_form = forms.MatchChoiceForm(
            request.POST if answered else None,
            prefix=block.prefix,
            matches=matches,
            person_label=block.label,
        )
        proposals[block.prefix] = {
            "matches": matches,
            "form": match_form if answered else None,
            "blank_form": match_form,
        }
    if shown:
        people_listed(
            listed_by=request.user,
            query="(match check)",
            page=1,
            shown=[person.pk for person in shown],
            via="page",
        )
    return proposals


def _match_label(person, details) -> str:
    """Enough to tell two candidates apart: address, date of birth (only for those who may
    see it) and their latest report the user may open."""
    parts = [person.full_name]
    place = ", ".join(p for p in (details.address, details.postcode) if p)
    parts.append(place or "no address recorded")
    if details.date_of_birth:
        parts.append(f"born {details.date_of_birth:%-d %B %Y}")
    if details.last_report_reference:
        when = timezone.localtime(details.last_report_at)
        parts.append(f"last report {details.last_report_reference} on {when:%-d %B %Y}")
    else:
        parts.append("no report you can open")
    return f"{'; '.join(parts)} (person {person.pk})"


@dataclass
class MatchOption:
    person: Person
    label: str


def _people_inputs(blocks, proposals) -> tuple[list[services.PersonInput], list]:
    """The service's people, and for each the block it came from (to place its errors)."""
    people, owners = [], []
    for block in _entered(blocks):
        proposal = proposals.get(block.prefix)
        choice = proposal["form"].cleaned_data["choice"] if proposal else "new"
        data = block.cleaned_data
        role = "reporter" if isinstance(block, forms.ReporterForm) else data["role"]
        if choice != "new":
            people.append(services.PersonInput(role=role, person_id=int(choice)))
        else:
            details = {k: v for k, v in data.items() if k in block.DETAILS and v}
            if role != "reporter" and data.get("description"):
                details["description"] = data["description"]
            people.append(services.PersonInput(role=role, **details))
        owners.append(block)
        for also in data.get("also") or []:  # the reporter again, typed once
            people.append(services.PersonInput(role=also, same_as="reporter"))
            owners.append(block)
    return people, owners


def _add_report_errors(form, owners, error: ValidationError) -> None:
    """A service's errors on the page: "people.N.field" at person N's own field."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error.messages)
        return
    for key, messages_ in error.message_dict.items():
        parts = key.split(".")
        if parts[0] == "people" and len(parts) == 3 and parts[1].isdigit():
            block = owners[int(parts[1])]
            field = parts[2] if parts[2] in block.fields else None
            # The service numbers people as listed; the page's own number is the one to show.
            block.add_error(field, [_renumbered(m, block.label) for m in messages_])
        else:
            add_service_errors(form, ValidationError({key: messages_}))


def _renumbered(message: str, label: str) -> str:
    head, sep, rest = message.partition(": ")
    return f"{label}: {rest}" if sep and head.startswith("Person ") else f"{label}: {message}"


@require_http_methods(["GET", "POST"])
def report_edit(request, reference: str):
    """Correct a report; a save based on a stale read is refused, naming who changed it."""
    report = access_report_by_reference(request.user, reference, write=True)
    initial = {name: getattr(report, name) for name in services.reports.REPORT_EDITABLE}
    initial["occurred_at"] = timezone.localtime(report.occurred_at)
    form = forms.ReportEditForm(
        request.POST if request.method == "POST" else None,
        initial={**initial, "version": report.version},
    )
    finding = "find_address" in request.POST  # no JavaScript: show the addresses found
    if request.method == "POST" and not finding and form.is_valid():
        data = dict(form.cleaned_data)
        version = data.pop("version")
        try:
            services.report_update(
                report=report, changed_by=request.user, expected_version=version, **data
            )
        except services.Conflict as conflict:
            form.add_error(None, str(conflict))
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"Report {report.reference} saved")
            return redirect("cases:report_detail", reference=report.reference)
    return render(request, "cases/report_edit.html", {"report": report, "form": form})


@require_GET
def report_detail(request, reference: str):
    report = access_report_by_reference(request.user, reference)
    services.report_viewed(report=report, viewed_by=request.user, via="page")
    assessments = selectors.report_assessments(report)
    return render(
        request,
        "cases/report_detail.html",
        {
            "report": report,
            "people": selectors.report_people(request.user, report),
            "case_visible": bool(selectors.visible_case_ids(request.user, [report.case_id])),
            "assessments": assessments,
            "flags": [FLAG_LABELS.get(f, f) for f in report.flags],
            "suggested_cases": selectors.report_suggested_cases(request.user, report),
            "can_change": can_change(request.user, report),
            "can_supervise": has_capability(request.user, Capability.SUPERVISE),
            "raise_form": forms.RaiseBandForm(),
            "today": timezone.localdate(),
        },
    )


@require_http_methods(["GET", "POST"])
def risk_assessment_create(request, reference: str):
    report = access_report_by_reference(request.user, reference, write=True)
    questionnaire = services.questionnaire_current()
    data = request.POST if request.method == "POST" else None
    stage = "review" if report.assessments.exists() else "initial"
    form = forms.RiskAssessmentForm(
        data, definition=questionnaire.definition, initial={"stage": stage}
    )
    if data is not None and form.is_valid():
        answers = {key: form.cleaned_data[key] for key in form.question_keys}
        try:
            assessment = services.risk_assessment_record(
                report=report,
                assessed_by=request.user,
                answers=answers,
                stage=form.cleaned_data["stage"],
                assessed_on=form.cleaned_data["assessed_on"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            band = assessment.get_band_display().lower()
            messages.success(
                request, f"Risk assessment recorded: score {assessment.score}, {band} risk"
            )
            return redirect("cases:report_detail", reference=report.reference)
    return render(
        request,
        "cases/risk_assessment_form.html",
        {
            "report": report,
            "form": form,
            "questionnaire": questionnaire,
        },
    )


@require_POST
def risk_band_raise(request, reference: str, assessment_id: int):
    report = access_report_by_reference(request.user, reference, write=True)
    assessment = get_object_or_404(report.assessments, pk=assessment_id)
    form = forms.RaiseBandForm(request.POST)
    if form.is_valid():
        try:
            services.risk_band_raise(
                assessment=assessment, raised_by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"Risk band raised to {form.cleaned_data['band']}")
            return redirect("cases:report_detail", reference=report.reference)
    return render(
        request,
        "cases/raise_band.html",
        {"report": report, "assessment": assessment, "form": form},
        status=400,
    )


@require_POST
def report_open_case(request, reference: str):
    report = access_report_by_reference(request.user, reference, write=True)
    kind = request.POST.get("kind", "asb")
    try:
        case = services.case_open(opened_by=request.user, reports=[report], kind=kind)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("cases:report_detail", reference=report.reference)
    messages.success(request, f"Case {case.reference} opened")
    return redirect("cases:detail", reference=case.reference)


@require_POST
def report_attach(request, reference: str):
    report = access_report_by_reference(request.user, reference)
    case = access_case_by_reference(request.user, request.POST.get("case", ""), write=True)
    try:
        services.case_attach_report(case=case, report=report, attached_by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("cases:report_detail", reference=report.reference)
    messages.success(request, f"Report {report.reference} added to case {case.reference}")
    return redirect("cases:detail", reference=case.reference)


# --- Cases ------------------------------------------------------------------------------------


def _case_context(request, case, **forms_):
    context = {
        "case": case,
        "reports": selectors.case_reports(request.user, case),
        "people": selectors.case_people(request.user, case),
        "tasks": case.tasks.select_related("owner", "organisation"),
        "notes": case.notes.select_related("author", "organisation").order_by(
            "-contacted_at", "-pk"
        )[:20],
        "documents": case.documents.select_related("uploaded_by", "organisation"),
        "interventions": _with_publicity(request.user, case),
        "events": selectors.case_timeline(request.user, case),
        "can_change": can_change(request.user, case),
        "can_contribute": can_contribute(request.user, case),
        "can_share": can_share(request.user, case),
        "today": timezone.localdate(),
        "shared_with": case.shared_with.order_by("name"),
        "status_form": forms.CaseStatusForm(
            initial={
                "status": case.status,
                "lead_officer": case.lead_officer_id,
                "version": case.version,
            },
            officers=_officers(case),
        ),
        "close_form": forms.CloseCaseForm(initial={"version": case.version}),
        "task_form": forms.TaskForm(owners=services.task_owners(case)),
        "note_form": forms.NoteForm(initial={"contacted_on": timezone.localdate()}),
        "document_form": forms.DocumentForm(),
        "share_form": forms.ShareCaseForm(organisations=_share_candidates(case)),
        "handover_form": forms.HandoverForm(organisations=_handover_candidates(case)),
    }
    context.update(forms_)
    context["forms_with_errors"] = [form for form in forms_.values() if form.errors]
    return context


def _with_publicity(user, case) -> list[Intervention]:
    """The case's interventions, each marked with whether the user may see who it is against
    and whether a publicity sheet may be produced."""
    today = timezone.localdate()
    interventions = selectors.case_interventions(user, case)
    for intervention in interventions:
        intervention.publicity_allowed = (
            intervention.person_visible
            and (legal.publicity_allowed(intervention.kind, intervention.person.age_on(today))[0])
        )
    return interventions


@require_GET
def case_detail(request, reference: str):
    case = access_case_by_reference(request.user, reference)
    services.case_viewed(case=case, viewed_by=request.user, via="page")
    return render(request, "cases/case_detail.html", _case_context(request, case))


def _case_post(request, reference, form_name, form, action, success, *, contribute=False):
    """Shared shape of the small forms on the case page: validate, call, message, redirect.
    `contribute`: adding to the case (notes, documents), which partners may do too."""
    if contribute:
        case = access_case_by_reference(request.user, reference, contribute=True)
    else:
        case = access_case_by_reference(request.user, reference, write=True)
    if form.is_valid():
        try:
            with transaction.atomic():
                action(case, form.cleaned_data)
        except services.Conflict as conflict:
            form.add_error(None, str(conflict))
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, success)
            return redirect("cases:detail", reference=case.reference)
    case.refresh_from_db()
    return render(
        request,
        "cases/case_detail.html",
        _case_context(request, case, **{form_name: form}),
        status=400,
    )


def _officers(case):
    """Who may lead the case: staff of the organisation that owns it who work on cases."""
    return services.task_owners(case).filter(membership__organisation=case.organisation_id)


def _share_candidates(case):
    """Organisations the case may still be shared with: active, not the owner, not yet."""
    return (
        Organisation.objects.filter(is_active=True)
        .exclude(pk=case.organisation_id)
        .exclude(pk__in=case.shared_with.values("pk"))
        .order_by("name")
    )


def _handover_candidates(case):
    return case.shared_with.filter(is_active=True).order_by("name")


@require_POST
def case_status(request, reference: str):
    case = access_case_by_reference(request.user, reference, write=True)
    return _case_post(
        request,
        reference,
        "status_form",
        forms.CaseStatusForm(request.POST, officers=_officers(case)),
        lambda case, d: services.case_update(
            case=case,
            changed_by=request.user,
            expected_version=d["version"],
            status=d["status"],
            lead_officer=d["lead_officer"],
        ),
        "Case updated",
    )


@require_POST
def case_close(request, reference: str):
    return _case_post(
        request,
        reference,
        "close_form",
        forms.CloseCaseForm(request.POST),
        lambda case, d: services.case_close(
            case=case,
            closed_by=request.user,
            outcome=d["outcome"],
            reason=d["reason"],
            expected_version=d["version"],
        ),
        "Case closed",
    )


@require_POST
def case_task_add(request, reference: str):
    case = access_case_by_reference(request.user, reference, contribute=True)
    return _case_post(
        request,
        reference,
        "task_form",
        forms.TaskForm(request.POST, owners=services.task_owners(case)),
        lambda case, d: services.case_task_add(case=case, added_by=request.user, **d),
        "Task added",
        contribute=True,
    )


@require_POST
def case_task_done(request, reference: str, task_id: int):
    case = access_case_by_reference(request.user, reference, contribute=True)
    task = get_object_or_404(CaseTask, case=case, pk=task_id)
    services.case_task_complete(task=task, completed_by=request.user)
    messages.success(request, "Task marked as done")
    return redirect("cases:detail", reference=case.reference)


@require_POST
def case_note_add(request, reference: str):
    return _case_post(
        request,
        reference,
        "note_form",
        form := forms.NoteForm(request.POST),
        lambda case, d: services.case_note_add(
            case=case,
            author=request.user,
            text=d["text"],
            contact_type=d["contact_type"],
            contacted_at=form.contacted_at(),
        ),
        "Note added",
        contribute=True,
    )


@require_POST
def case_document_add(request, reference: str):
    return _case_post(
        request,
        reference,
        "document_form",
        forms.DocumentForm(request.POST, request.FILES),
        lambda case, d: services.case_document_add(
            case=case, uploaded_by=request.user, upload=d["file"], description=d["description"]
        ),
        "Document uploaded",
        contribute=True,
    )


@require_GET
def case_document_download(request, reference: str, document_id: int):
    case = access_case_by_reference(request.user, reference)
    document = get_object_or_404(case.documents, pk=document_id)
    services.case_document_viewed(document=document, viewed_by=request.user)
    return FileResponse(
        document.file.open("rb"),
        as_attachment=True,
        filename=document.original_name,
        content_type=document.content_type,
    )


@require_POST
def case_share(request, reference: str):
    case = access_case_by_reference(request.user, reference)
    if not can_share(request.user, case):
        raise PermissionDenied("You cannot share this case")
    return _case_post_share(request, case)


def _case_post_share(request, case):
    form = forms.ShareCaseForm(request.POST, organisations=_share_candidates(case))
    if form.is_valid():
        organisation = form.cleaned_data["organisation"]
        services.case_share(case=case, organisation=organisation, shared_by=request.user)
        messages.success(request, f"Case shared with {organisation.name}")
        return redirect("cases:detail", reference=case.reference)
    return render(
        request, "cases/case_detail.html", _case_context(request, case, share_form=form), status=400
    )


@require_http_methods(["GET", "POST"])
def case_unshare(request, reference: str, organisation_id: int):
    """Withdraw a share, after a page that says what it does (the partner loses the case; its
    own notes, tasks and documents stay with the case)."""
    case = access_case_by_reference(request.user, reference)
    if not can_share(request.user, case):
        raise PermissionDenied(SHARE_NOT_ALLOWED)
    organisation = get_object_or_404(case.shared_with, pk=organisation_id)
    if request.method == "GET":
        return render(
            request, "cases/unshare_confirm.html", {"case": case, "organisation": organisation}
        )
    services.case_unshare(case=case, organisation=organisation, unshared_by=request.user)
    messages.success(request, f"Case no longer shared with {organisation.name}")
    return redirect("cases:detail", reference=case.reference)


@require_POST
def case_handover(request, reference: str):
    case = access_case_by_reference(request.user, reference)
    if not can_share(request.user, case):
        raise PermissionDenied("Only the organisation that leads the case can hand it over")
    return _case_post(
        request,
        reference,
        "handover_form",
        forms.HandoverForm(request.POST, organisations=_handover_candidates(case)),
        lambda case, d: services.case_lead_handover(
            case=case, organisation=d["organisation"], handed_over_by=request.user
        ),
        "Lead agency handed over",
    )


# --- Interventions ----------------------------------------------------------------------------


@dataclass(frozen=True)
class CaseFormPage:
    """The words of one of the case's form pages (they share one template)."""

    title: str
    button: str
    intro: str = ""
    caption: str = ""
    template: str = "cases/case_form.html"


INTERVENTION_PAGE = CaseFormPage(
    "Record an intervention",
    "Save intervention",
    "The limits the law sets are checked as you fill in the form, and again when you save: for "
    "example, a civil injunction against someone under 18 lasts at most 12 months.",
    template="cases/intervention_form.html",
)
BREACH_PAGE = CaseFormPage("Record a breach", "Save breach")
NUISANCE_PAGE = CaseFormPage(
    "Statutory nuisance assessment",
    "Save assessment",
    "Is the nuisance frequent, long-lasting or at unreasonable times, and does it materially "
    "interfere with the use of a home? If so, an abatement notice must be served "
    "(Environmental Protection Act 1990 s80).",
)


def _case_form_page(request, case, form, page: CaseFormPage, save, **context) -> HttpResponse:
    """GET shows the form; a valid POST calls `save` (a service) and returns to the case."""
    if request.method == "POST" and form.is_valid():
        try:
            success = save(form.cleaned_data)
        except services.Conflict as conflict:
            form.add_error(None, str(conflict))
        except ValidationError as error:
            add_service_errors(form, _form_named(error))
        else:
            for level, text in success:
                messages.add_message(request, level, text)
            return redirect("cases:detail", reference=case.reference)
    return render(request, page.template, {"case": case, "form": form, "page": page, **context})


def _form_named(error: ValidationError) -> ValidationError:
    """The service names the person as the API does (person_id); the form's field is person,
    and an age rule is about the person too."""
    if not hasattr(error, "error_dict"):
        return error
    renamed = {"person_id": "person", "subject_age": "person"}
    return ValidationError({renamed.get(k, k): v for k, v in error.message_dict.items()})


def _nameable_people(user, case, kind: str) -> list[tuple[str, str]]:
    """Whom the record form offers for a kind: the alleged perpetrators, or anyone on the case
    for support; never a victim, reporter or witness as the person an order is against."""
    if kind not in legal.TOOLS:
        kind = legal.InterventionKind.WARNING_LETTER  # no kind yet: as for an order
    return [
        (str(person.pk), f"{person.full_name} ({', '.join(roles)})")
        for person, roles in selectors.case_people(user, case)
        if may_be_named(kind, roles)
    ]


def _people_for(kind: str) -> str:
    """Which list of people the form shows for a kind (the live check swaps it when it moves)."""
    return "anyone" if kind in legal.TOOLS and legal.tool(kind).support else "perpetrators"


def _intervention_form(request, case, data=None, *, kind="", **kwargs) -> forms.InterventionForm:
    kind = (data or {}).get("kind", kind)
    people = _nameable_people(request.user, case, kind)
    form = forms.InterventionForm(data, people=people, **kwargs)
    form.fields["person"].error_messages["invalid_choice"] = PERSON_NOT_OFFERED
    return form


PERSON_NOT_OFFERED = (
    "Choose an alleged perpetrator from the list: only mediation or a referral to support may "
    "name anyone else on the case"
)


@require_http_methods(["GET", "POST"])
def intervention_create(request, reference: str):
    case = access_case_by_reference(request.user, reference, contribute=True)
    data = request.POST if request.method == "POST" else None
    form = _intervention_form(request, case, data)

    def save(data):
        data = dict(data)
        person = Person.objects.get(pk=data.pop("person"))
        intervention = services.intervention_record(
            case=case, person=person, recorded_by=request.user, **data
        )
        return [
            (messages.SUCCESS, f"{legal.label(intervention.kind)} recorded"),
            *[(messages.WARNING, warning) for warning in intervention.warnings],
        ]

    people_for = _people_for((data or {}).get("kind", ""))
    return _case_form_page(request, case, form, INTERVENTION_PAGE, save, people_for=people_for)


@require_POST
def intervention_check(request, reference: str):
    """The live check (htmx): the legal limits and warnings for what the form holds so far, as
    a fragment for the panel beside it; and, when the chosen kind changes whom it may name, the
    person list again. Saves nothing; the full check runs again on save."""
    case = access_case_by_reference(request.user, reference, contribute=True)
    form = _intervention_form(request, case, request.POST)
    form.is_valid()
    values = {
        name: form.cleaned_data.get(name)
        for name in ("issued_on", "applied_on", "served_on", "expires_on", "hours", "historical")
    }
    # Only what was entered: an empty required field is not a problem yet.
    problems = {
        name: errors[0]
        for name, errors in form.errors.items()
        if name in form.fields and request.POST.get(name, "").strip()
    }
    kind = request.POST.get("kind", "")
    person = None
    if "person" in form.cleaned_data:
        person = Person.objects.filter(pk=form.cleaned_data["person"]).first()
    result = None
    if kind:
        result = services.intervention_check(
            user=request.user, case=case, kind=kind, person=person, **values
        )
        for name, message in _form_named(ValidationError(result.errors or {})).message_dict.items():
            problems.setdefault(name, message[0])
    labels = {name: field.label for name, field in form.fields.items()}
    people_for = _people_for(kind)
    person_form = None
    if request.POST.get("people_for") != people_for:
        chosen = request.POST.get("person", "")
        person_form = _intervention_form(request, case, kind=kind, initial={"person": chosen})
    return render(
        request,
        "cases/intervention_check.html",
        {
            "tool": legal.TOOLS.get(kind) if kind in legal.TOOLS else None,
            "problems": [(labels.get(name, "Intervention"), m) for name, m in problems.items()],
            "warnings": result.warnings if result else [],
            "complete": bool(kind and values["issued_on"] and person),
            "person_form": person_form,
            "people_for": people_for,
        },
    )


@dataclass(frozen=True)
class ChangePage:
    """One of the changes a recorded intervention can go through, and its form page."""

    form: type
    page: CaseFormPage
    court_only: bool = False


CHANGE_PAGES = {
    "vary": ChangePage(
        forms.InterventionVaryForm,
        CaseFormPage(
            "Vary the intervention",
            "Save variation",
            "Change the terms as varied; the limits the law sets are checked on the new terms.",
        ),
    ),
    "extend": ChangePage(
        forms.InterventionExtendForm,
        CaseFormPage(
            "Extend the intervention",
            "Save extension",
            "A closure order lasts at most 6 months in all, with extensions; a civil injunction "
            "against someone under 18 at most 12 months.",
        ),
    ),
    "discharge": ChangePage(
        forms.InterventionEndForm,
        CaseFormPage("Record that the court discharged it", "Save discharge"),
        court_only=True,
    ),
    "end": ChangePage(
        forms.InterventionEndForm,
        CaseFormPage(
            "End the intervention",
            "Save end",
            "For example: the contract was completed, the notice withdrawn or the person moved.",
        ),
    ),
    "court-outcome": ChangePage(
        forms.InterventionCourtOutcomeForm,
        CaseFormPage("Record the court outcome", "Save court outcome"),
        court_only=True,
    ),
}


TERMS = ("conditions", "supervisor", "hours", "expires_on")


def _change(request, intervention, change: str, data: dict):
    """Call the change's service with the form's values; blank optional dates mean "leave it"
    (the review then follows the tool's rules)."""
    common = {
        "intervention": intervention,
        "effective_on": data["effective_on"],
        "expected_version": data["version"],
    }
    review = data.get("next_review_on") or services.UNSET
    by = request.user
    reason = data.get("reason", "")
    if change == "vary":
        fields = TERMS
        return services.intervention_vary(
            varied_by=by,
            reason=reason,
            next_review_on=review,
            **common,
            **{f: data[f] for f in fields},
        )
    if change == "extend":
        return services.intervention_extend(
            extended_by=by,
            reason=reason,
            expires_on=data["expires_on"],
            next_review_on=review,
            **common,
        )
    if change == "discharge":
        return services.intervention_discharge(discharged_by=by, reason=reason, **common)
    if change == "end":
        return services.intervention_end(ended_by=by, reason=reason, **common)
    return services.intervention_court_outcome(
        intervention=intervention,
        recorded_by=by,
        outcome=data["court_outcome"],
        hearing_on=data["effective_on"],
        notes=reason,
        issued_on=data.get("issued_on") or services.UNSET,
        expires_on=data.get("expires_on") or services.UNSET,
        next_review_on=review,
        expected_version=data["version"],
    )


@require_http_methods(["GET", "POST"])
def intervention_change(request, reference: str, intervention_id: int, change: str):
    """Vary, extend, discharge, end or record the court outcome of an intervention: a page each,
    for the case's owner and the partners it is shared with (as recording is)."""
    case = access_case_by_reference(request.user, reference, contribute=True)
    intervention = get_object_or_404(Intervention, case=case, pk=intervention_id)
    config = CHANGE_PAGES.get(change)
    if config is None or (config.court_only and not legal.court_decides(intervention.kind)):
        raise Http404
    initial = {
        "version": intervention.version,
        "effective_on": timezone.localdate(),
        **{
            f: getattr(intervention, f) for f in ("conditions", "supervisor", "hours", "expires_on")
        },
    }
    form = config.form(request.POST if request.method == "POST" else None, initial=initial)

    def save(data):
        row = _change(request, intervention, change, data)
        done = row.get_court_outcome_display() if row.court_outcome else row.get_kind_display()
        return [
            (messages.SUCCESS, f"{intervention.kind_label}: {done.lower()}"),
            *[(messages.WARNING, warning) for warning in row.warnings],
        ]

    page = CaseFormPage(
        config.page.title, config.page.button, config.page.intro, intervention.kind_label
    )
    return _case_form_page(request, case, form, page, save)


@require_http_methods(["GET", "POST"])
def breach_create(request, reference: str, intervention_id: int):
    case = access_case_by_reference(request.user, reference, contribute=True)
    intervention = get_object_or_404(Intervention, case=case, pk=intervention_id)
    form = forms.BreachForm(request.POST if request.method == "POST" else None)

    def save(data):
        services.breach_record(intervention=intervention, recorded_by=request.user, **data)
        return [(messages.SUCCESS, "Breach recorded")]

    page = CaseFormPage(BREACH_PAGE.title, BREACH_PAGE.button, caption=intervention.kind_label)
    return _case_form_page(request, case, form, page, save)


@require_GET
def publicity_sheet(request, reference: str, intervention_id: int):
    """A printable notice for the affected area; refused for anyone under 18."""
    case = access_case_by_reference(request.user, reference)
    intervention = get_object_or_404(
        Intervention.objects.select_related("person", "issuing_organisation"),
        case=case,
        pk=intervention_id,
    )
    # The sheet names the person: only for those who may open the person's record.
    access_person(request.user, intervention.person_id)
    age = intervention.person.age_on(timezone.localdate())
    allowed, reason = legal.publicity_allowed(intervention.kind, age)
    if not allowed:
        raise PermissionDenied(reason)
    services.publicity_sheet_produced(intervention=intervention, produced_by=request.user)
    return render(
        request,
        "cases/publicity_sheet.html",
        {"case": case, "intervention": intervention, "label": legal.label(intervention.kind)},
    )


@require_http_methods(["GET", "POST"])
def nuisance_assessment_create(request, reference: str):
    case = access_case_by_reference(request.user, reference, write=True)
    form = forms.NuisanceAssessmentForm(
        request.POST if request.method == "POST" else None,
        initial={"assessed_on": timezone.localdate()},
    )

    def save(data):
        services.nuisance_assessment_record(case=case, assessed_by=request.user, **data)
        return [(messages.SUCCESS, "Statutory nuisance assessment recorded")]

    return _case_form_page(request, case, form, NUISANCE_PAGE, save)


@require_http_methods(["GET", "POST"])
def questionnaire(request):
    """Co-ordinators publish a new risk questionnaire version; old assessments keep theirs."""
    require_capability(request.user, Capability.SUPERVISE)
    current = services.questionnaire_current()
    data = request.POST if request.method == "POST" else None
    form = forms.QuestionnaireForm(
        data, initial={"definition": json.dumps(current.definition, indent=2)}
    )
    if data is not None and form.is_valid():
        try:
            published = services.questionnaire_publish(
                definition=form.cleaned_data["definition"],
                published_by=request.user,
                notes=form.cleaned_data["notes"],
            )
        except ValidationError as error:
            for message in error.messages:
                form.add_error("definition", message)
        else:
            messages.success(request, f"Risk questionnaire version {published.version} published")
            return redirect("cases:questionnaire")
    return render(
        request,
        "cases/questionnaire.html",
        {
            "form": form,
            "current": current,
            "versions": RiskQuestionnaire.objects.select_related("published_by"),
        },
    )
