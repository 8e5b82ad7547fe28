"""Reads: referral lists as each user may see them, and a target-hardening budget's year."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import DecimalField, F, Sum
from django.db.models.functions import Coalesce

from safer.cases.models import Case, ReportPerson
from safer.partners.access import organisation_of, visible_to
from safer.people.models import Person
from safer.referrals.access import referral_visible_to
from safer.referrals.models import Referral, Scheme, SchemeBudget, TargetHardening

VIEWS = {"received": "Received by my organisation", "made": "Made by my organisation"}


def financial_year(day: date) -> int:
    """The financial year (April to March) a day falls in, by the year it starts."""
    return day.year if day.month >= 4 else day.year - 1


def referral_list_visible_to(user, *, view: str = "", status: str = ""):
    """Referrals the user may see, newest first: received by (sent to a scheme of) or made by
    their organisation, optionally of one status."""
    referrals = referral_visible_to(
        user, Referral.objects.select_related("scheme__provider", "person", "organisation")
    )
    organisation = organisation_of(user)
    if view == "received":
        referrals = referrals.filter(scheme__provider=organisation)
    elif view == "made":
        referrals = referrals.filter(organisation=organisation)
    if status:
        referrals = referrals.filter(status=status)
    return referrals.order_by("-referred_on", "-pk")


def scheme_list():
    return Scheme.objects.filter(active=True).select_related("provider").order_by("name")


@dataclass(frozen=True)
class BudgetYear:
    year: int
    label: str
    amount: Decimal | None
    spent: Decimal  # completed referrals: cost less the household's contribution
    committed: Decimal  # accepted referrals not yet completed
    remaining: Decimal | None  # amount - spent - committed; None without a budget
    referrals: int


def budget_year(scheme: Scheme, year: int) -> BudgetYear:
    """A target-hardening scheme's budget for one financial year and what is charged to it."""
    budget = SchemeBudget.objects.filter(scheme=scheme, year=year).first()
    works = TargetHardening.objects.filter(referral__scheme=scheme, year=year)
    charge = Coalesce(Sum(F("cost") - F("contribution")), Decimal("0"), output_field=DecimalField())
    spent = works.filter(referral__status=Referral.Status.COMPLETED).aggregate(total=charge)
    committed = works.filter(referral__status=Referral.Status.ACCEPTED).aggregate(total=charge)
    amount = budget.amount if budget else None
    spent_total, committed_total = spent["total"], committed["total"]
    return BudgetYear(
        year=year,
        label=f"{year}-{(year + 1) % 100:02d}",
        amount=amount,
        spent=spent_total,
        committed=committed_total,
        remaining=None if amount is None else amount - spent_total - committed_total,
        referrals=works.filter(
            referral__status__in=[Referral.Status.ACCEPTED, Referral.Status.COMPLETED]
        ).count(),
    )


def case_people_visible_to(user, case: Case):
    """The people involved in the case's reports whom the user may open: who they may refer
    or complete a risk checklist with."""
    involved = ReportPerson.objects.filter(report__case=case).values("person_id")
    return visible_to(
        user, Person.objects.filter(pk__in=involved, merged_into__isnull=True)
    ).order_by("last_name", "first_name", "pk")


def subject_access_referrals(person_ids: list[int]) -> dict:
    """settings.SUBJECT_ACCESS_SECTIONS: referrals of the person and their risk checklists."""
    from safer.referrals.models import Referral, RiskChecklist

    rows = [
        {
            "Referred": r.referred_on,
            "Case": r.case.reference,
            "Scheme": r.scheme.name,
            "To": r.organisation.name,
            "Reason": r.reason,
            "Status": r.get_status_display(),
            "Outcome": r.outcome,
        }
        for r in Referral.objects.filter(person__in=person_ids)
        .select_related("case", "scheme", "organisation")
        .order_by("referred_on", "pk")
    ]
    rows += [
        {
            "Referred": c.completed_on,
            "Case": c.case.reference,
            "Scheme": "Domestic abuse risk checklist",
            "To": "",
            "Reason": f"{c.yes_count} answers yes",
            "Status": "High risk" if c.high_risk else "Not high risk",
            "Outcome": c.notes,
        }
        for c in RiskChecklist.objects.filter(person__in=person_ids).select_related("case")
    ]
    return {"key": "referrals", "title": "Referrals and risk checklists", "rows": rows}
