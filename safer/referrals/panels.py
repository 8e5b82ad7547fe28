"""What the referrals app adds to a case's page (settings.CASE_PANELS)."""

from safer.partners.access import can_contribute
from safer.referrals.models import Referral, RiskChecklist


def case_referrals_panel(request, case) -> dict:
    """The case's referrals and risk checklists, with links to make more. Called only for a
    user who may open the case, who may therefore see every referral made from it."""
    return {
        "template": "referrals/case_panel.html",
        "case": case,
        "referrals": Referral.objects.filter(case=case)
        .select_related("scheme", "person")
        .order_by("-referred_on", "-pk"),
        "checklists": RiskChecklist.objects.filter(case=case).select_related("person"),
        "can_refer": case.is_open and can_contribute(request.user, case),
    }
