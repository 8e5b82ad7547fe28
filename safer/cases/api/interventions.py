"""Interventions through the API: recording them, changing them, the register of kinds."""

from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404
from ninja import Status

from safer.cases import legal, selectors, services
from safer.cases.access import access_case
from safer.cases.api import router
from safer.cases.api.shapes import (
    ChoiceOut,
    InterventionChangeIn,
    InterventionIn,
    InterventionOut,
    _intervention_out,
)
from safer.cases.models import Intervention
from safer.core.api_schema import errors
from safer.people.access import access_person


@router.post(
    "/cases/{case_id}/interventions",
    response={201: InterventionOut, **errors(400, 403, 404, 413, 422)},
    summary="Record an intervention against a person",
)
def intervention_create(request, case_id: int, payload: InterventionIn):
    case = access_case(request.user, case_id, contribute=True)
    try:
        person = access_person(request.user, payload.person_id)
    except Exception:
        raise ValidationError({"person_id": "No person with this id that you can see"}) from None
    data = payload.dict(exclude={"person_id"})
    intervention = services.intervention_record(
        case=case, person=person, recorded_by=request.user, **data
    )
    return Status(201, _intervention_out(intervention, person_visible=True))


@router.post(
    "/cases/{case_id}/interventions/{intervention_id}/changes",
    response={201: InterventionOut, **errors(400, 403, 404, 409, 413, 422)},
    summary="Vary, extend, discharge or end an intervention, or record a court outcome",
)
def intervention_change(request, case_id: int, intervention_id: int, payload: InterventionChangeIn):
    """The same services, rules and history as the case page's forms; left-out terms stay as
    they are, and the next review follows the tool's rules unless given."""
    case = access_case(request.user, case_id, contribute=True)
    intervention = get_object_or_404(Intervention, case=case, pk=intervention_id)
    sent = payload.model_fields_set
    given = {f: getattr(payload, f) if f in sent else services.UNSET for f in CHANGE_TERMS}
    for name in ("conditions", "supervisor"):  # null: as if left out (they cannot be null)
        given[name] = services.UNSET if given[name] is None else given[name]
    review = payload.next_review_on or services.UNSET
    common = {
        "intervention": intervention,
        "effective_on": payload.effective_on,
        "expected_version": payload.version,
    }
    user, reason = request.user, payload.reason
    if payload.change == "varied":
        services.intervention_vary(
            varied_by=user, reason=reason, next_review_on=review, **common, **given
        )
    elif payload.change == "extended":
        services.intervention_extend(
            extended_by=user,
            reason=reason,
            expires_on=payload.expires_on,
            next_review_on=review,
            **common,
        )
    elif payload.change == "discharged":
        services.intervention_discharge(discharged_by=user, reason=reason, **common)
    elif payload.change == "ended":
        services.intervention_end(ended_by=user, reason=reason, **common)
    else:
        services.intervention_court_outcome(
            intervention=intervention,
            recorded_by=user,
            outcome=payload.court_outcome or "",
            hearing_on=payload.effective_on,
            notes=reason,
            issued_on=payload.issued_on or services.UNSET,
            expires_on=given["expires_on"],
            next_review_on=review,
            expected_version=payload.version,
        )
    (intervention,) = selectors.case_interventions(request.user, case, pk=intervention.pk)
    return Status(201, _intervention_out(intervention, person_visible=intervention.person_visible))


CHANGE_TERMS = ("conditions", "supervisor", "expires_on", "hours")


@router.get(
    "/intervention-kinds",
    response={200: list[ChoiceOut], **errors()},
    summary="The interventions register",
)
def intervention_kinds(request):
    return [{"value": k.value, "label": legal.label(k)} for k in legal.InterventionKind]
