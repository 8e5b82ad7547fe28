"""Writes: referring a case's person to a scheme, the provider's decision and outcome, the
referrer's withdrawal, target-hardening details and budgets, and the domestic abuse risk
checklist. Each validates before writing and audits inside its transaction."""

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from safer import audit
from safer.cases.models import Case, ReportPerson
from safer.cases.services.common import timeline
from safer.partners.access import organisation_of
from safer.people.models import Person
from safer.referrals import dash
from safer.referrals.models import Referral, RiskChecklist, Scheme, SchemeBudget, TargetHardening
from safer.referrals.selectors import financial_year

PERSON_NOT_IN_CASE = "Choose a person involved in this case"
SCHEME_UNKNOWN = "Choose a scheme"
REASON_MISSING = "Enter why you are making the referral"
ALREADY_REFERRED = "This person already has an open referral to this scheme"
CASE_CLOSED = "The case is closed: reopen it to make a referral"
NOT_SENT = "Only a referral waiting for a decision can be accepted or declined"
NOT_ACCEPTED = "Only an accepted referral can be completed"
NOT_OPEN = "Only a referral that is sent or accepted can be withdrawn"
OUTCOME_MISSING = "Enter the outcome"
DATE_IN_FUTURE = "The date must be today or in the past"
NOT_TARGET_HARDENING = "Target-hardening details belong to a target-hardening scheme's referral"
CONTRIBUTION_OVER_COST = "The household's contribution cannot be more than the cost"
ANSWER_MISSING = "Answer question {number}"
STATUS_CHANGES = {
    Referral.Status.ACCEPTED: "accepted",
    Referral.Status.DECLINED: "declined",
    Referral.Status.COMPLETED: "completed",
    Referral.Status.WITHDRAWN: "withdrawn",
}


def people_in_case(case: Case):
    """The people involved in a case's reports, who may be referred from it."""
    involved = ReportPerson.objects.filter(report__case=case).values("person_id")
    return Person.objects.filter(pk__in=involved).order_by("last_name", "first_name", "pk")


def scheme_by_code(code: str) -> Scheme | None:
    return Scheme.objects.filter(code=code, active=True).select_related("provider").first()


@transaction.atomic
def referral_create(
    *,
    case: Case,
    person: Person | None,
    scheme: Scheme | None,
    reason: str,
    referred_by,
    checklist: RiskChecklist | None = None,
) -> Referral:
    """Refer a person involved in the case to a partner scheme; the provider receives it.
    Noted on the case's timeline. A MARAC referral made from a high-risk checklist of the same
    case and person is linked to it."""
    errors = {}
    if person is None or not people_in_case(case).filter(pk=person.pk).exists():
        errors["person_id"] = PERSON_NOT_IN_CASE
    if scheme is None or not scheme.active:
        errors["scheme"] = SCHEME_UNKNOWN
    if not (reason or "").strip():
        errors["reason"] = REASON_MISSING
    if not case.is_open:
        errors["case_id"] = CASE_CLOSED
    if (
        not errors
        and Referral.objects.filter(
            person=person,
            scheme=scheme,
            status__in=[Referral.Status.SENT, Referral.Status.ACCEPTED],
        ).exists()
    ):
        errors["scheme"] = ALREADY_REFERRED
    if errors:
        raise ValidationError(errors)
    referral = Referral(
        case=case,
        person=person,
        scheme=scheme,
        reason=reason.strip(),
        organisation=organisation_of(referred_by),
        referred_by=referred_by,
        referred_on=timezone.localdate(),
    )
    referral.full_clean()
    referral.save()
    if (
        checklist is not None
        and checklist.case_id == case.pk
        and checklist.person_id == person.pk
        and checklist.high_risk
        and scheme.kind == Scheme.Kind.MARAC
    ):
        checklist.marac_referral = referral
        checklist.save(update_fields=["marac_referral", "updated_at"])
    timeline(case, actor=referred_by, kind="referral", summary=f"Referral made to {scheme.name}")
    audit.record(
        actor=referred_by,
        action="referral.created",
        target=referral,
        changes={"case": case.pk, "person": person.pk, "scheme": scheme.code},
    )
    return referral


def _set_status(referral: Referral, *, by, status: str, summary: str, **fields) -> Referral:
    old = referral.status
    referral.status = status
    for name, value in fields.items():
        setattr(referral, name, value)
    referral.full_clean()
    referral.save(update_fields=["status", *fields, "updated_at"])
    timeline(referral.case, actor=by, kind="referral", summary=summary)
    audit.record(
        actor=by,
        action=f"referral.{STATUS_CHANGES[status]}",
        target=referral,
        changes={"status": [old, status]},
    )
    return referral


def _not_future(day: date | None, field: str) -> None:
    if day and day > timezone.localdate():
        raise ValidationError({field: DATE_IN_FUTURE})


@transaction.atomic
def referral_decide(
    *, referral: Referral, decided_by, accept: bool, note: str = "", decided_on: date | None = None
) -> Referral:
    """The provider accepts or declines a referral waiting for a decision."""
    if referral.status != Referral.Status.SENT:
        raise ValidationError({"status": NOT_SENT})
    decided_on = decided_on or timezone.localdate()
    _not_future(decided_on, "decided_on")
    status = Referral.Status.ACCEPTED if accept else Referral.Status.DECLINED
    return _set_status(
        referral,
        by=decided_by,
        status=status,
        summary=f"Referral to {referral.scheme.name} {STATUS_CHANGES[status]}",
        decided_on=decided_on,
        decided_by=decided_by,
        decision_note=(note or "").strip(),
    )


@transaction.atomic
def referral_complete(
    *, referral: Referral, completed_by, outcome: str, outcome_on: date | None = None
) -> Referral:
    """The provider records how an accepted referral ended."""
    if referral.status != Referral.Status.ACCEPTED:
        raise ValidationError({"status": NOT_ACCEPTED})
    if not (outcome or "").strip():
        raise ValidationError({"outcome": OUTCOME_MISSING})
    outcome_on = outcome_on or timezone.localdate()
    _not_future(outcome_on, "outcome_on")
    return _set_status(
        referral,
        by=completed_by,
        status=Referral.Status.COMPLETED,
        summary=f"Referral to {referral.scheme.name} completed",
        outcome=outcome.strip(),
        outcome_on=outcome_on,
    )


@transaction.atomic
def referral_withdraw(*, referral: Referral, withdrawn_by, note: str = "") -> Referral:
    """The referrer withdraws a referral that is sent or accepted."""
    if not referral.is_open:
        raise ValidationError({"status": NOT_OPEN})
    return _set_status(
        referral,
        by=withdrawn_by,
        status=Referral.Status.WITHDRAWN,
        summary=f"Referral to {referral.scheme.name} withdrawn",
        outcome_on=timezone.localdate(),
        outcome=(note or "").strip(),
    )


def referral_viewed(*, referral: Referral, viewed_by, via: str) -> None:
    """Record that someone opened a referral (it names a person)."""
    audit.record(actor=viewed_by, action="referral.viewed", target=referral, changes={"via": via})


def risk_checklist_viewed(*, checklist: RiskChecklist, viewed_by) -> None:
    """Record that someone opened a risk checklist (a victim's answers)."""
    audit.record(actor=viewed_by, action="referral.risk_checklist_viewed", target=checklist)


def referrals_listed(*, user, shown: list[int], via: str) -> None:
    """Record who saw which referrals in a list (each names a person)."""
    if shown:
        audit.record(actor=user, action="referral.listed", changes={"shown": shown, "via": via})


@transaction.atomic
def target_hardening_record(
    *,
    referral: Referral,
    recorded_by,
    survey_on: date | None,
    measures: str,
    cost: Decimal,
    contribution: Decimal,
) -> TargetHardening:
    """Record (or correct) the home security survey and the work for a target-hardening
    referral; charged to the financial year of the survey, else of the referral."""
    if referral.scheme.kind != referral.scheme.Kind.TARGET_HARDENING:
        raise ValidationError(NOT_TARGET_HARDENING)
    _not_future(survey_on, "survey_on")
    if contribution > cost:
        raise ValidationError({"contribution": CONTRIBUTION_OVER_COST})
    details = TargetHardening.objects.filter(referral=referral).first() or TargetHardening(
        referral=referral, recorded_by=recorded_by
    )
    details.survey_on, details.measures = survey_on, (measures or "").strip()
    details.cost, details.contribution = cost, contribution
    details.year = financial_year(survey_on or referral.referred_on)
    details.recorded_by = recorded_by
    details.full_clean()
    details.save()
    audit.record(
        actor=recorded_by,
        action="referral.target_hardening_recorded",
        target=referral,
        changes={"cost": str(cost), "contribution": str(contribution), "year": details.year},
    )
    return details


@transaction.atomic
def scheme_budget_set(*, scheme: Scheme, year: int, amount: Decimal, set_by) -> SchemeBudget:
    """Set a target-hardening scheme's budget for a financial year."""
    budget = SchemeBudget.objects.filter(scheme=scheme, year=year).first() or SchemeBudget(
        scheme=scheme, year=year
    )
    old = str(budget.amount) if budget.pk else None
    budget.amount = amount
    budget.full_clean()
    budget.save()
    audit.record(
        actor=set_by,
        action="referral.scheme_budget_set",
        target=scheme,
        changes={"year": year, "amount": [old, str(amount)]},
    )
    return budget


@transaction.atomic
def risk_checklist_record(
    *,
    case: Case,
    person: Person | None,
    answers: dict[str, str],
    professional_judgement: bool,
    escalation: bool,
    notes: str,
    completed_by,
) -> RiskChecklist:
    """Record a domestic abuse risk checklist (DASH RIC) with a victim on a case and score it.
    A high-risk result proposes a MARAC referral; it does not make one."""
    errors = {}
    if person is None or not people_in_case(case).filter(pk=person.pk).exists():
        errors["person_id"] = PERSON_NOT_IN_CASE
    allowed = {value for value, _ in dash.ANSWERS}
    for number, key in enumerate(dash.KEYS, start=1):
        if answers.get(key) not in allowed:
            errors[key] = ANSWER_MISSING.format(number=number)
    if errors:
        raise ValidationError(errors)
    result = dash.score(
        answers, professional_judgement=professional_judgement, escalation=escalation
    )
    checklist = RiskChecklist(
        case=case,
        person=person,
        answers={key: answers[key] for key in dash.KEYS},
        yes_count=result.yes_count,
        professional_judgement=professional_judgement,
        escalation=escalation,
        high_risk=result.high_risk,
        notes=(notes or "").strip(),
        completed_by=completed_by,
    )
    checklist.full_clean()
    checklist.save()
    timeline(
        case,
        actor=completed_by,
        kind="referral",
        summary="Domestic abuse risk checklist: "
        + ("high risk, MARAC referral proposed" if result.high_risk else "not high risk"),
    )
    audit.record(
        actor=completed_by,
        action="referral.risk_checklist_recorded",
        target=checklist,
        changes={"yes": result.yes_count, "high_risk": result.high_risk},
    )
    return checklist


def marac_scheme() -> Scheme | None:
    """The MARAC a high-risk checklist proposes a referral to (the first active one)."""
    return Scheme.objects.filter(kind=Scheme.Kind.MARAC, active=True).order_by("pk").first()


def marac_reason(checklist: RiskChecklist) -> str:
    """The proposed referral's reason, from the checklist's result."""
    result = dash.score(
        checklist.answers,
        professional_judgement=checklist.professional_judgement,
        escalation=checklist.escalation,
    )
    return (
        f"High risk on the domestic abuse risk checklist of {checklist.completed_on:%d %B %Y}: "
        f"{result.because}."
    )


# (code, name, kind, the kind of organisation that usually provides it)
DEFAULT_SCHEMES = [
    ("victim-support", "Support for vulnerable victims", Scheme.Kind.VICTIM_SUPPORT, "voluntary"),
    ("mediation", "Community mediation", Scheme.Kind.MEDIATION, "social_landlord"),
    (
        "target-hardening",
        "Home security (target hardening)",
        Scheme.Kind.TARGET_HARDENING,
        "police",
    ),
    (
        "youth-diversion",
        "Youth diversion and positive activities",
        Scheme.Kind.YOUTH_DIVERSION,
        "youth",
    ),
    ("drug-alcohol", "Drug and alcohol service", Scheme.Kind.DRUG_ALCOHOL, "health"),
    ("domestic-abuse", "Domestic abuse service (IDVA)", Scheme.Kind.DOMESTIC_ABUSE, "voluntary"),
    ("marac", "MARAC", Scheme.Kind.MARAC, "police"),
]


@transaction.atomic
def schemes_ensure(*, organisations, actor=None) -> list[Scheme]:
    """Create the default schemes that are missing, each provided by the first organisation
    whose kind contains the hint (else the first organisation). Safe to run again."""
    organisations = list(organisations)
    made = []
    if not organisations:
        return made
    for code, name, kind, hint in DEFAULT_SCHEMES:
        if Scheme.objects.filter(code=code).exists():
            continue
        provider = next(
            (o for o in organisations if o.kind == hint),
            next((o for o in organisations if o.kind.startswith(hint)), organisations[0]),
        )
        scheme = Scheme(code=code, name=name, kind=kind, provider=provider)
        scheme.full_clean()
        scheme.save()
        audit.record(actor=actor, action="referral.scheme_created", target=scheme)
        made.append(scheme)
    return made
