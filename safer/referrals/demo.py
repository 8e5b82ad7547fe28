"""Demo referrals: the default schemes, a target-hardening budget and a few referrals from the
demo caseworker's cases, made through the real services. Creates nothing twice."""

from decimal import Decimal

from django.utils import timezone

from safer.accounts.models import User
from safer.cases.models import Case, ReportPerson
from safer.partners.models import Organisation
from safer.referrals import services
from safer.referrals.models import Referral, Scheme
from safer.referrals.selectors import financial_year


def seed_referrals() -> int:
    """The default schemes, this year's home security budget and three referrals (one fitted,
    one waiting for the housing association, one waiting for victim support)."""
    services.schemes_ensure(
        organisations=Organisation.objects.filter(is_active=True).order_by("pk")
    )
    if Referral.objects.exists():
        return 0
    caseworker = User.objects.get(username="caseworker")
    police = User.objects.get(username="police")
    hardening = Scheme.objects.get(code="target-hardening")
    services.scheme_budget_set(
        scheme=hardening,
        year=financial_year(timezone.localdate()),
        amount=Decimal("5000"),
        set_by=None,
    )
    victims = (
        ReportPerson.objects.filter(
            role=ReportPerson.Role.VICTIM,
            report__case__organisation=caseworker.membership.organisation,
        )
        .exclude(report__case__status=Case.Status.CLOSED)
        .select_related("report__case", "person")
        .order_by("report__case_id", "pk")
    )
    chosen, seen = [], set()
    for involvement in victims:
        if involvement.report.case_id not in seen:
            seen.add(involvement.report.case_id)
            chosen.append(involvement)
        if len(chosen) == 3:
            break
    plans = [
        ("target-hardening", "Repeated damage to the front door; lives alone and is afraid."),
        ("mediation", "Long-running dispute with the neighbours over noise."),
        ("victim-support", "Targeted repeatedly; would like someone to talk to."),
    ]
    made = 0
    for involvement, (code, reason) in zip(chosen, plans, strict=False):
        referral = services.referral_create(
            case=involvement.report.case,
            person=involvement.person,
            scheme=Scheme.objects.get(code=code),
            reason=reason,
            referred_by=caseworker,
        )
        made += 1
        if code == "target-hardening":
            services.referral_decide(referral=referral, decided_by=police, accept=True)
            services.target_hardening_record(
                referral=referral,
                recorded_by=police,
                survey_on=timezone.localdate(),
                measures="Door chain, letterbox guard, window locks",
                cost=Decimal("240"),
                contribution=Decimal("40"),
            )
            services.referral_complete(
                referral=referral, completed_by=police, outcome="Measures fitted"
            )
    return made
