"""Referral state built through the real services."""

from safer.cases import services as case_services
from safer.cases.tests.factories import report, victim
from safer.referrals.models import Scheme


def scheme(provider, *, kind=Scheme.Kind.VICTIM_SUPPORT, code=None, name=None) -> Scheme:
    return Scheme.objects.create(
        code=code or kind.replace("_", "-"),
        name=name or Scheme.Kind(kind).label,
        kind=kind,
        provider=provider,
    )


def case_with_victim(user, *, title="Referral case"):
    first = report(user, people=[victim()])
    case = case_services.case_open(opened_by=user, reports=[first], title=title)
    return case, first.involvements.get().person
