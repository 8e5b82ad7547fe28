"""What the referrals app adds to a case's page (settings.CASE_PANELS)."""

from safer.partners.access import can_contribute
from safer.referrals.access import named_referrals, visible_person_ids
from safer.referrals.models import Referral, RiskChecklist


def case_referrals_panel(request, case) -> dict:
    """The case's referrals and risk checklists, with links to make more. Called only for a
    user who may open the case, who may therefore see every referral made from it."""
    return {
        "template": "referrals/case_panel.html",
        "case": case,
        "referrals": named_referrals(
            request.user,
            list(
                Referral.objects.filter(case=case)
                .select_related("scheme", "person")
                .order_by("-referred_on", "-pk")
            ),
        ),
        "checklists": _named(request.user, RiskChecklist.objects.filter(case=case)),
        "can_refer": case.is_open and can_contribute(request.user, case),
    }


def _named(user, checklists) -> list[RiskChecklist]:
    checklists = list(checklists.select_related("person"))
    seen = visible_person_ids(user, [c.person_id for c in checklists])
    for checklist in checklists:
        checklist.person_visible = checklist.person_id in seen
    return checklists


def person_referrals_panel(request, person) -> dict | None:
    """A person's referrals that the user may see (those of cases they may open, or sent to a
    scheme their organisation provides); nothing when there are none."""
    from safer.referrals.access import referral_visible_to

    referrals = list(
        referral_visible_to(request.user, Referral.objects.filter(person=person))
        .select_related("scheme__provider")
        .order_by("-referred_on", "-pk")
    )
    if not referrals:
        return None
    return {"template": "referrals/person_panel.html", "referrals": referrals}
