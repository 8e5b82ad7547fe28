"""The interventions and enforcement register: tools used against a person on a case."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from safer import audit
from safer.cases import legal
from safer.cases.models import (
    Breach,
    Case,
    Intervention,
    InterventionChange,
    NuisanceAssessment,
    ReportPerson,
)
from safer.cases.selectors import case_people
from safer.cases.services.common import bump_version, require_change, require_contribute, timeline
from safer.partners.access import organisation_of
from safer.people.models import Person

KIND_UNKNOWN = "Choose a type of intervention from the list"
PERSON_NOT_ON_CASE = "Choose a person named in one of this case's reports"
NOT_THE_PERPETRATOR = (
    "{a_label} cannot be recorded against someone named on this case only as a {roles}: choose "
    "the alleged perpetrator (only mediation or a referral to support may name anyone)"
)
BREACH_BEFORE_ISSUE = "The breach date must be on or after the date the intervention was issued"
BREACH_IN_FUTURE = "The breach date must be in the past"
DESCRIPTION_MISSING = "Describe the breach"
NOT_NUISANCE_CASE = "A statutory nuisance assessment belongs to a nuisance service request"

# Changes to an intervention after it was recorded.
ALREADY_FINISHED = "This {label} is {status}: it can no longer be changed"
EFFECTIVE_BEFORE_ISSUE = "The date must be on or after the date it was issued ({issued})"
EFFECTIVE_IN_FUTURE = "The date must be today or in the past: record a change once it is made"
REASON_MISSING = "Say why it was {done}"
NOTHING_VARIED = "Change the conditions, the supervisor, the hours or the expiry date"
NO_EXPIRY_TO_EXTEND = (
    "It has no expiry date, so it runs until it is discharged: there is nothing to extend"
)
EXTEND_NOT_LATER = "Enter an expiry date after the current one ({current})"
EXTEND_NEEDS_DATE = "Enter the new expiry date"
NOT_A_COURT_MATTER = "Only a court grants or discharges {a_label}: record that it ended instead"
OUTCOME_UNKNOWN = "Choose the court's decision"
REVIEW_BEFORE_CHANGE = "The next review must be on or after the date of the change"
ISSUE_IN_FUTURE = "The date granted must be today or in the past"

# The fields a change may alter, as kept in its before/after record.
TRACKED = tuple(InterventionChange.FIELD_LABELS)


class _Unset:
    """A field the caller left out: unchanged (None may mean "clear it")."""

    def __repr__(self) -> str:
        return "UNSET"


UNSET = _Unset()


def _roles_on_case(user, case: Case, person: Person) -> list[str] | None:
    """The person's roles on the case as the user may see them; None if not on it."""
    return dict((p.pk, roles) for p, roles in case_people(user, case)).get(person.pk)


def may_be_named(kind: str, roles: list[str]) -> bool:
    """An intervention names an alleged perpetrator; only support may name anyone else: a
    victim, reporter or witness is never the person an order is against."""
    return legal.tool(kind).support or ReportPerson.Role.ALLEGED_PERPETRATOR.label in roles


def intervention_check(
    *,
    user,
    case: Case,
    kind: str,
    person: Person | None = None,
    issued_on: date | None = None,
    applied_on: date | None = None,
    served_on: date | None = None,
    expires_on: date | None = None,
    hours: int | None = None,
    historical: bool = False,
) -> legal.RuleResult:
    """The rules an intervention must meet before it is recorded, for as much as is known: the
    live check on the form and the record itself ask the same question. Writes nothing."""
    result = legal.RuleResult()
    if kind not in {k.value for k in legal.InterventionKind}:
        result.error("kind", KIND_UNKNOWN)
        return result
    age = None
    if person is not None:
        roles = _roles_on_case(user, case, person)
        if roles is None:
            result.error("person_id", PERSON_NOT_ON_CASE)
        elif not may_be_named(kind, roles):
            a_label = legal.a_label(legal.label(kind), start=True)
            shown = " and ".join(role.lower() for role in roles)
            result.error("person_id", NOT_THE_PERPETRATOR.format(a_label=a_label, roles=shown))
        if issued_on is not None:
            age = person.age_on(issued_on)
    if issued_on is None:
        return result
    prior = (
        list(Intervention.objects.filter(person=person).values_list("kind", flat=True))
        if person is not None
        else []
    )
    found = legal.check(
        kind,
        subject_age=age,
        issued_on=issued_on,
        applied_on=applied_on,
        expires_on=expires_on,
        served_on=served_on,
        hours=hours,
        prior_interventions=prior,
        historical=historical,
    )
    for field_name, message in found.errors.items():
        result.error(field_name, message)
    result.warnings.extend(found.warnings)
    return result


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
    historical: bool = False,
) -> Intervention:
    """Record an intervention, enforcing the limits the law sets and keeping its warnings; the
    case's owner or a partner it is shared with (say, the police's dispersal direction).

    Only against someone the case is about whom the recorder may open, and (support apart) only
    an alleged perpetrator: the form offers no one else, and the API shares this rule. A repealed
    tool is always a historical record; its review date is not set, and it has ended unless its
    expiry date is still to come."""
    require_contribute(recorded_by, case)
    result = intervention_check(
        user=recorded_by,
        case=case,
        kind=kind,
        person=person,
        issued_on=issued_on,
        applied_on=applied_on,
        served_on=served_on,
        expires_on=expires_on,
        hours=hours,
        historical=historical,
    )
    if result.errors:
        raise ValidationError(result.errors)
    kind = legal.InterventionKind(kind)
    historical = historical or legal.tool(kind).repealed
    today = timezone.localdate()
    finished = historical and (expires_on is None or expires_on < today)
    intervention = Intervention.objects.create(
        case=case,
        person=person,
        kind=kind.value,
        status=Intervention.Status.ENDED if finished else Intervention.Status.ACTIVE,
        issuing_organisation=issuing_organisation or organisation_of(recorded_by),
        applied_on=applied_on,
        issued_on=issued_on,
        served_on=served_on,
        expires_on=expires_on,
        ended_on=expires_on if finished else None,
        next_review_on=None
        if historical
        else legal.next_review_due(
            kind, person.age_on(issued_on), issued_on, expires_on=expires_on
        ),
        hours=hours,
        conditions=conditions.strip(),
        supervisor=supervisor.strip(),
        historical=historical,
        warnings=list(result.warnings),
        recorded_by=recorded_by,
        updated_by=recorded_by,
    )
    InterventionChange.objects.create(
        intervention=intervention,
        kind=InterventionChange.Kind.RECORDED,
        effective_on=issued_on,
        after=_snapshot(intervention),
        warnings=list(result.warnings),
        changed_by=recorded_by,
        organisation=organisation_of(recorded_by),
    )
    label = legal.label(kind)
    summary = f"{label} recorded{' (historical record)' if historical else ''}"
    timeline(case, actor=recorded_by, kind="intervention", summary=summary)
    audit.record(
        actor=recorded_by,
        action="intervention.recorded",
        target=case,
        changes={"intervention": intervention.pk, "kind": kind.value, "person": person.pk},
    )
    return intervention


def _json(value):
    return value.isoformat() if isinstance(value, date) else value


def _snapshot(intervention: Intervention, names=TRACKED) -> dict:
    return {name: _json(getattr(intervention, name)) for name in names}


def _fmt(day: date) -> str:
    return f"{day.day} {day:%b %Y}"


@transaction.atomic
def _change(
    intervention: Intervention,
    *,
    change: str,
    by,
    effective_on: date,
    reason: str,
    expected_version: int | None,
    reason_required: bool = True,
    apply,
) -> InterventionChange:
    """The steps every change shares: who may, a fresh locked read, the dates, the reason, the
    version; then `apply(current, errors)` sets the new values (adding field errors) and returns
    the legal warnings; then one history row, a timeline line and an audit row.
    """
    require_contribute(by, intervention.case)
    current = (
        Intervention.objects.select_for_update().select_related("person").get(pk=intervention.pk)
    )
    label = legal.label(current.kind)
    if current.is_finished:
        status = current.get_status_display().lower()
        finished = ALREADY_FINISHED.format(label=label.lower(), status=status)
        raise ValidationError({"change": finished})
    errors: dict[str, str] = {}
    if effective_on < current.issued_on:
        errors["effective_on"] = EFFECTIVE_BEFORE_ISSUE.format(issued=_fmt(current.issued_on))
    elif effective_on > timezone.localdate():
        errors["effective_on"] = EFFECTIVE_IN_FUTURE
    reason = reason.strip()
    if reason_required and not reason:
        errors["reason"] = REASON_MISSING.format(done=InterventionChange.Kind(change).label.lower())
    before = _snapshot(current)
    warnings = apply(current, errors)
    if errors:
        raise ValidationError(errors)
    bump_version(current, by=by, expected_version=expected_version)
    after = _snapshot(current)
    changed = [name for name in TRACKED if before[name] != after[name]]
    current.warnings = list(warnings) if warnings is not None else current.warnings
    current.save(update_fields=[*changed, "warnings", "updated_at"])
    row = InterventionChange.objects.create(
        intervention=current,
        kind=change,
        effective_on=effective_on,
        court_outcome=current.court_outcome if change == "court_outcome" else "",
        before={name: before[name] for name in changed},
        after={name: after[name] for name in changed},
        reason=reason,
        warnings=list(warnings or []),
        changed_by=by,
        organisation=organisation_of(by),
    )
    timeline(current.case, actor=by, kind="intervention", summary=_summary(row, label))
    audit.record(
        actor=by,
        action=f"intervention.{change}",
        target=current.case,
        changes={"intervention": current.pk, "change": row.pk, "fields": changed},
    )
    # The caller's object now shows what was saved.
    for name in (*TRACKED, "warnings", "version", "updated_by_id"):
        setattr(intervention, name, getattr(current, name))
    return row


def _summary(row: InterventionChange, label: str) -> str:
    if row.kind == InterventionChange.Kind.EXTENDED:
        return f"{label} extended to {_fmt(row.intervention.expires_on)}"
    if row.kind == InterventionChange.Kind.COURT_OUTCOME:
        return f"{label}: court outcome {row.get_court_outcome_display().lower()}"
    return f"{label} {row.get_kind_display().lower()} from {_fmt(row.effective_on)}"


def _recheck(
    current: Intervention,
    errors: dict,
    *,
    effective_on: date,
    next_review_on,
    extended: bool = False,
) -> list[str]:
    """The limits the law sets, checked again on the intervention as it will stand, and the
    review date moved on by the tool's rule unless the officer gave one."""
    age = current.person.age_on(current.issued_on)
    prior = Intervention.objects.filter(person=current.person_id).exclude(pk=current.pk)
    extended = extended or current.changes.filter(kind=InterventionChange.Kind.EXTENDED).exists()
    result = legal.check(
        current.kind,
        issued_on=current.issued_on,
        subject_age=age,
        expires_on=current.expires_on,
        served_on=current.served_on,
        applied_on=current.applied_on,
        hours=current.hours,
        prior_interventions=prior.values_list("kind", flat=True),
        extended=extended,
        historical=current.historical,
    )
    for field_name, message in result.errors.items():
        errors.setdefault(field_name, message)
    if next_review_on is not UNSET and next_review_on is not None:
        if next_review_on < effective_on:
            errors.setdefault("next_review_on", REVIEW_BEFORE_CHANGE)
        current.next_review_on = next_review_on
    elif not current.historical and not errors:
        current.next_review_on = legal.next_review_due(
            current.kind, age, current.issued_on, after=effective_on, expires_on=current.expires_on
        )
    return result.warnings


def _clean_text(value, limit: int | None = None):
    if value is UNSET or value is None:
        return UNSET
    value = str(value).strip()
    return value[:limit] if limit else value


def intervention_vary(
    *,
    intervention: Intervention,
    varied_by,
    effective_on: date,
    reason: str,
    conditions=UNSET,
    supervisor=UNSET,
    expires_on=UNSET,
    hours=UNSET,
    next_review_on=UNSET,
    expected_version: int | None = None,
) -> InterventionChange:
    """Vary the terms (conditions, supervisor, hours, end date) from a date; the limits are
    checked again on the terms as varied. Left-out values stay as they are."""
    new = {
        "conditions": _clean_text(conditions),
        "supervisor": _clean_text(supervisor, 200),
        "expires_on": expires_on,
        "hours": hours,
    }

    def apply(current, errors):
        new_values = {k: v for k, v in new.items() if v is not UNSET and getattr(current, k) != v}
        if not new_values:
            errors.setdefault("change", NOTHING_VARIED)
            return None
        for name, value in new_values.items():
            setattr(current, name, value)
        return _recheck(current, errors, effective_on=effective_on, next_review_on=next_review_on)

    return _change(
        intervention,
        change=InterventionChange.Kind.VARIED,
        by=varied_by,
        effective_on=effective_on,
        reason=reason,
        expected_version=expected_version,
        apply=apply,
    )


def intervention_extend(
    *,
    intervention: Intervention,
    extended_by,
    effective_on: date,
    expires_on: date | None,
    reason: str,
    next_review_on=UNSET,
    expected_version: int | None = None,
) -> InterventionChange:
    """Move the end date later; refused beyond the statutory maximum (a closure order, with
    extensions, lasts at most 6 months; an under-18's civil injunction at most 12)."""

    def apply(current, errors):
        if current.expires_on is None:
            errors.setdefault("expires_on", NO_EXPIRY_TO_EXTEND)
            return None
        if expires_on is None:
            errors.setdefault("expires_on", EXTEND_NEEDS_DATE)
            return None
        if expires_on <= current.expires_on:
            later = EXTEND_NOT_LATER.format(current=_fmt(current.expires_on))
            errors.setdefault("expires_on", later)
            return None
        current.expires_on = expires_on
        return _recheck(
            current, errors, effective_on=effective_on, next_review_on=next_review_on, extended=True
        )

    return _change(
        intervention,
        change=InterventionChange.Kind.EXTENDED,
        by=extended_by,
        effective_on=effective_on,
        reason=reason,
        expected_version=expected_version,
        apply=apply,
    )


def intervention_discharge(
    *,
    intervention: Intervention,
    discharged_by,
    effective_on: date,
    reason: str,
    expected_version: int | None = None,
) -> InterventionChange:
    """The court discharged the order from a date: it is no longer in force or reviewed."""

    def apply(current, errors):
        _court_only(current, errors)
        _stop(current, Intervention.Status.DISCHARGED, effective_on)

    return _change(
        intervention,
        change=InterventionChange.Kind.DISCHARGED,
        by=discharged_by,
        effective_on=effective_on,
        reason=reason,
        expected_version=expected_version,
        apply=apply,
    )


def _court_only(current: Intervention, errors: dict) -> bool:
    """Whether a court decides it; if not, the error saying to end it instead."""
    if legal.court_decides(current.kind):
        return True
    a_label = legal.a_label(legal.label(current.kind))
    errors.setdefault("change", NOT_A_COURT_MATTER.format(a_label=a_label))
    return False


def _stop(current: Intervention, status: str, on: date) -> None:
    current.status, current.ended_on, current.next_review_on = status, on, None


def intervention_end(
    *,
    intervention: Intervention,
    ended_by,
    effective_on: date,
    reason: str,
    expected_version: int | None = None,
) -> InterventionChange:
    """It ended from a date (a contract completed, a notice withdrawn, the person moved away)."""

    def apply(current, errors):
        _stop(current, Intervention.Status.ENDED, effective_on)

    return _change(
        intervention,
        change=InterventionChange.Kind.ENDED,
        by=ended_by,
        effective_on=effective_on,
        reason=reason,
        expected_version=expected_version,
        apply=apply,
    )


def intervention_court_outcome(
    *,
    intervention: Intervention,
    recorded_by,
    outcome: str,
    hearing_on: date,
    notes: str = "",
    issued_on=UNSET,
    expires_on=UNSET,
    next_review_on=UNSET,
    expected_version: int | None = None,
) -> InterventionChange:
    """What the court decided at a hearing: granted (the order as made, perhaps with new dates),
    an interim order, refused or withdrawn (no longer in force), or adjourned (unchanged)."""
    Outcome, S = Intervention.CourtOutcome, Intervention.Status

    def apply(current, errors):
        if not _court_only(current, errors):
            return None
        if outcome not in Outcome.values:
            errors.setdefault("court_outcome", OUTCOME_UNKNOWN)
            return None
        current.court_outcome = outcome
        if outcome in (Outcome.REFUSED, Outcome.WITHDRAWN):
            _stop(current, S.REFUSED if outcome == Outcome.REFUSED else S.WITHDRAWN, hearing_on)
            return None
        if outcome == Outcome.ADJOURNED:
            return None
        if issued_on is not UNSET and issued_on is not None:
            if issued_on > timezone.localdate():
                errors.setdefault("issued_on", ISSUE_IN_FUTURE)
                return None
            current.issued_on = issued_on
        if expires_on is not UNSET:
            current.expires_on = expires_on
        if outcome == Outcome.INTERIM_GRANTED:
            current.status = S.INTERIM
        elif current.status == S.INTERIM:
            current.status = S.ACTIVE
        return _recheck(current, errors, effective_on=hearing_on, next_review_on=next_review_on)

    return _change(
        intervention,
        change=InterventionChange.Kind.COURT_OUTCOME,
        by=recorded_by,
        effective_on=hearing_on,
        reason=notes,
        reason_required=False,
        expected_version=expected_version,
        apply=apply,
    )


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
    # A breach moves the version on, so a change based on the earlier read is refused.
    Intervention.objects.filter(pk=intervention.pk).update(
        status=Intervention.Status.BREACHED, version=F("version") + 1
    )
    intervention.refresh_from_db(fields=["status", "version"])
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
