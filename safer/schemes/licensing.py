"""Licensed premises: test purchase operations, licensing reviews and the conditions on a
premises licence. Recorded by the scheme's administrators (licensing officers, police)."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction

from safer import audit
from safer.schemes.access import SchemeAccess
from safer.schemes.models import (
    Incident,
    LicenceCondition,
    LicensingReview,
    MemberBusiness,
    TestPurchase,
)

NOT_THIS_SCHEME = "Choose premises of this scheme"
REVIEW_DECIDED = "This review has already been decided"


def _premises(access: SchemeAccess, business_id) -> MemberBusiness:
    access.require_manage()
    business = MemberBusiness.objects.filter(scheme=access.scheme, pk=business_id).first()
    if business is None:
        raise ValidationError({"business_id": NOT_THIS_SCHEME})
    return business


@transaction.atomic
def test_purchase_record(
    *,
    access: SchemeAccess,
    business_id,
    conducted_on: date,
    product: str,
    result: str,
    notes: str,
    recorded_by,
) -> TestPurchase:
    business = _premises(access, business_id)
    purchase = TestPurchase(
        business=business,
        conducted_on=conducted_on,
        product=product,
        result=result,
        notes=(notes or "").strip(),
        recorded_by=recorded_by,
    )
    purchase.full_clean()
    purchase.save()
    audit.record(
        actor=recorded_by,
        action="scheme.test_purchase_recorded",
        target=business,
        changes={"product": product, "result": result},
    )
    return purchase


@transaction.atomic
def review_open(
    *,
    access: SchemeAccess,
    business_id,
    applied_on: date,
    grounds: str,
    incident_ids=(),
    recorded_by,
) -> LicensingReview:
    """A licensing review of the premises, with the incidents there that support it."""
    business = _premises(access, business_id)
    review = LicensingReview(
        business=business,
        applied_on=applied_on,
        grounds=(grounds or "").strip(),
        recorded_by=recorded_by,
    )
    review.full_clean()
    review.save()
    review.incidents.set(Incident.objects.filter(business=business, pk__in=list(incident_ids)))
    audit.record(actor=recorded_by, action="scheme.review_opened", target=business)
    return review


@transaction.atomic
def review_decide(
    *,
    access: SchemeAccess,
    review: LicensingReview,
    decided_on: date,
    outcome: str,
    conditions: list[str],
    decided_by,
) -> LicensingReview:
    """Record the licensing committee's decision, with any conditions it added."""
    access.require_manage()
    if review.status == LicensingReview.Status.DECIDED:
        raise ValidationError(REVIEW_DECIDED)
    review.status, review.decided_on = LicensingReview.Status.DECIDED, decided_on
    review.outcome = (outcome or "").strip()
    review.full_clean()
    review.save()
    for text in conditions:
        if text.strip():
            condition_add(
                access=access,
                business_id=review.business_id,
                text=text,
                imposed_on=decided_on,
                review=review,
                recorded_by=decided_by,
            )
    audit.record(actor=decided_by, action="scheme.review_decided", target=review.business)
    return review


@transaction.atomic
def condition_add(
    *, access: SchemeAccess, business_id, text: str, imposed_on: date, recorded_by, review=None
) -> LicenceCondition:
    business = _premises(access, business_id)
    condition = LicenceCondition(
        business=business,
        text=(text or "").strip(),
        imposed_on=imposed_on,
        review=review,
        recorded_by=recorded_by,
    )
    condition.full_clean()
    condition.save()
    audit.record(actor=recorded_by, action="scheme.condition_added", target=business)
    return condition
