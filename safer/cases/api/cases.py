"""Cases through the API: opening, listing, reading, changing, attaching, sharing, closing."""

from django.core.exceptions import ValidationError
from django.db.models import Count, Window
from django.shortcuts import get_object_or_404
from ninja import Query, Status

from safer.cases import selectors, services
from safer.cases.access import access_case, access_report
from safer.cases.api import router
from safer.cases.api.shapes import (
    AttachIn,
    CaseFilters,
    CaseIn,
    CaseListOut,
    CaseOut,
    CaseSummaryOut,
    CaseUpdateIn,
    CloseIn,
    ShareIn,
    _case_out,
    _case_summary,
)
from safer.core.api_schema import errors
from safer.partners.access import require_capability
from safer.partners.models import Organisation
from safer.partners.roles import Capability


@router.post(
    "/cases",
    response={201: CaseSummaryOut, **errors(400, 403, 413, 422)},
    summary="Open a case from reports",
)
def case_create(request, payload: CaseIn):
    reports = []
    for index, report_id in enumerate(payload.report_ids):
        try:
            reports.append(access_report(request.user, report_id))
        except Exception:
            raise ValidationError(
                {f"report_ids.{index}": "No report with this id that you can see"}
            ) from None
    case = services.case_open(
        opened_by=request.user, reports=reports, title=payload.title, kind=payload.kind
    )
    return Status(201, _case_summary(case))


@router.get(
    "/cases",
    response={200: CaseListOut, **errors(403, 422)},
    summary="Cases the caller may see",
)
def case_list(request, filters: Query[CaseFilters]):
    require_capability(request.user, Capability.VIEW_RECORDS)
    cases = selectors.case_list_visible_to(
        request.user,
        q=filters.q,
        status=filters.status,
        risk=filters.risk,
        kind=filters.kind,
    )
    limit, offset = filters.limit, filters.offset
    # The total rides along on each row (a window count): one query instead of page + count.
    page = list(cases.annotate(total=Window(Count("pk")))[offset : offset + limit])
    total = page[0].total if page else (cases.count() if offset else 0)
    services.records_listed(
        kind="cases",
        listed_by=request.user,
        filters=filters.dict(exclude={"limit", "offset"}),
        shown=[c.pk for c in page],
        via="api",
    )
    return {"items": [_case_summary(c) for c in page], "count": total}


@router.get("/cases/{case_id}", response={200: CaseOut, **errors(404, 422)}, summary="One case")
def case_detail(request, case_id: int):
    case = access_case(request.user, case_id)
    services.case_viewed(case=case, viewed_by=request.user, via="api")
    return _case_out(request.user, case)


@router.patch(
    "/cases/{case_id}",
    response={200: CaseOut, **errors(400, 403, 404, 409, 413, 422)},
    summary="Change status or title (send the version you read)",
)
def case_update(request, case_id: int, payload: CaseUpdateIn):
    case = access_case(request.user, case_id, write=True)
    services.case_update(
        case=case,
        changed_by=request.user,
        expected_version=payload.version,
        status=payload.status,
        title=payload.title,
    )
    return _case_out(request.user, case)


@router.post(
    "/cases/{case_id}/reports",
    response={200: CaseOut, **errors(400, 403, 404, 413, 422)},
    summary="Add a report to a case",
)
def case_attach(request, case_id: int, payload: AttachIn):
    case = access_case(request.user, case_id, write=True)
    try:
        report = access_report(request.user, payload.report_id)
    except Exception:
        raise ValidationError({"report_id": "No report with this id that you can see"}) from None
    services.case_attach_report(case=case, report=report, attached_by=request.user)
    return _case_out(request.user, case)


@router.post(
    "/cases/{case_id}/shares",
    response={200: CaseOut, **errors(400, 403, 404, 413, 422)},
    summary="Share a case with a partner",
)
def case_share(request, case_id: int, payload: ShareIn):
    case = access_case(request.user, case_id)
    organisation = get_object_or_404(Organisation, pk=payload.organisation_id, is_active=True)
    services.case_share(case=case, organisation=organisation, shared_by=request.user)
    return _case_out(request.user, case)


@router.post(
    "/cases/{case_id}/close",
    response={200: CaseOut, **errors(400, 403, 404, 409, 413, 422)},
    summary="Close a case",
)
def case_close(request, case_id: int, payload: CloseIn):
    case = access_case(request.user, case_id, write=True)
    services.case_close(
        case=case,
        closed_by=request.user,
        outcome=payload.outcome,
        reason=payload.reason,
        expected_version=payload.version,
    )
    return _case_out(request.user, case)
