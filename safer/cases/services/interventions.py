"""The interventions and enforcement register: tools used against a person on a case."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from safer import audit
from safer.cases import legal
from safer.cases.models import Breach, Case, Intervention, NuisanceAssessment
from safer.cases.selectors import case_people
from safer.cases.services.common import require_change, require_contribute, timeline
from safer.partners.access import organisation_of
from safer.people.models import Person

KIND_UNKNOWN = "Choose a type of intervention from the list"
PERSON_NOT_ON_CASE = "Choose a person named in one of this case's reports"
BREACH_BEFORE_ISSUE = "The breach date must be on or after the date the intervention was issued"
BREACH_IN_FUTURE = "The breach date must be in the past"
DESCRIPTION_MISSING = "Describe the breach"
NOT_NUISANCE_CASE = "A statutory nuisance assessment belongs to a nuisance service request"


@transaction.atomic
def intervention_record(
    *,
    case: Case,
    person: Person,
    kind: str,
    recorded_by,
    issued_on: date,
    applied_on: date | None = None,
    served_on: date | None = None,
    expires_on: date | None = None,
    conditions: str = "",
    supervisor: str = "",
    issuing_organisation=None,
    hours: int | None = None,
) -> Intervention:
    """Record an intervention, enforcing the limits the law sets and keeping its warnings; the
    case's owner or a partner it is shared with (say, the police's dispersal direction)."""
    require_contribute(recorded_by, case)
    if kind not in {k.value for k in legal.InterventionKind}:
        raise ValidationError({"kind": KIND_UNKNOWN})
    # Only someone the case is about, and whom the recorder may open: the form offers no one
    # else, and the API and anything later share this rule.
    if person.pk not in {p.pk for p, _roles in case_people(recorded_by, case)}:
        raise ValidationError({"person_id": PERSON_NOT_ON_CASE})
    kind = legal.InterventionKind(kind)
    age = person.age_on(issued_on)
    prior = list(Intervention.objects.filter(person=person).values_list("kind", flat=True))
    result = legal.check(
        kind,
        subject_age=age,
        issued_on=issued_on,
        expires_on=expires_on,
        served_on=served_on,
        hours=hours,
        prior_interventions=prior,
    )
    if result.errors:
        raise ValidationError(result.errors)
    intervention = Intervention.objects.create(
        case=case,
        person=person,
        kind=kind.value,
        issuing_organisation=issuing_organisation or organisation_of(recorded_by),
        applied_on=applied_on,
        issued_on=issued_on,
        served_on=served_on,
        expires_on=expires_on,
        next_review_on=legal.next_review_due(kind, age, issued_on),
        conditions=conditions.strip(),
        supervisor=supervisor.strip(),
        warnings=list(result.warnings),
        recorded_by=recorded_by,
    )
    label = legal.label(kind)
    timeline(case, actor=recorded_by, kind="intervention", summary=f"{label} recorded")
    audit.record(
        actor=recorded_by,
        action="intervention.recorded",
        target=case,
        changes={"intervention": intervention.pk, "kind": kind.value, "person": person.pk},
    )
    return intervention


@transaction.atomic
def breach_record(
    *,
    intervention: Intervention,
    recorded_by,
    occurred_on: date,
    description: str,
    action_taken: str = "",
) -> Breach:
    """Record a breach of an intervention; the intervention is marked breached."""
    require_contribute(recorded_by, intervention.case)
    errors = {}
    if occurred_on < intervention.issued_on:
        errors["occurred_on"] = BREACH_BEFORE_ISSUE
    elif occurred_on > timezone.localdate():
        errors["occurred_on"] = BREACH_IN_FUTURE
    if not description.strip():
        errors["description"] = DESCRIPTION_MISSING
    if errors:
        raise ValidationError(errors)
    breach = Breach.objects.create(
        intervention=intervention,
        occurred_on=occurred_on,
        description=description.strip(),
        action_taken=action_taken.strip()[:200],
        recorded_by=recorded_by,
    )
    Intervention.objects.filter(pk=intervention.pk).update(status=Intervention.Status.BREACHED)
    intervention.status = Intervention.Status.BREACHED
    timeline(
        intervention.case,
        actor=recorded_by,
        kind="breach",
        summary=f"Breach of {legal.label(intervention.kind)} on {occurred_on:%d %b %Y}",
    )
    audit.record(
        actor=recorded_by,
        action="intervention.breached",
        target=intervention.case,
        changes={"intervention": intervention.pk, "breach": breach.pk},
    )
    return breach


@transaction.atomic
def nuisance_assessment_record(*, case: Case, assessed_by, **fields) -> NuisanceAssessment:
    """Record whether a nuisance is a statutory nuisance (the step before an abatement notice)."""
    require_change(assessed_by, case)
    if case.kind != Case.Kind.NUISANCE:
        raise ValidationError(NOT_NUISANCE_CASE)
    assessment = NuisanceAssessment(case=case, assessed_by=assessed_by, **fields)
    assessment.full_clean(exclude=["case", "assessed_by"])
    assessment.save()
    timeline(
        case,
        actor=assessed_by,
        kind="nuisance",
        summary=f"Statutory nuisance assessment: {assessment.get_conclusion_display()}",
    )
    audit.record(
        actor=assessed_by,
        action="case.nuisance_assessed",
        target=case,
        changes={"conclusion": assessment.conclusion},
    )
    return assessment
