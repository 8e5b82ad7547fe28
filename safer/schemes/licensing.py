"""Licensed premises: test purchase operations, licensing reviews and the conditions on a
premises licence. Recorded by the scheme's administrators (licensing officers, police)."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from safer import audit
from safer.schemes import selectors
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
DECISION_CHOOSE = "Choose the committee's decision"
DECISION_BEFORE_APPLIED = (
    "The decision date must be on or after the date the review was applied for ({applied})"
)
DECISION_IN_FUTURE = "The decision date must be today or in the past"
PURCHASE_IN_FUTURE = "The date of the test purchase must be today or in the past"
REVIEW_IN_FUTURE = "The date the review was applied for must be today or in the past"
DECISION_REASONS = "Enter the committee's reasons"
DECISION_NEEDS_CONDITIONS = (
    "Enter the conditions the committee added, one per line, or choose those it removed"
)
CONDITION_NOT_CURRENT = "Choose conditions on this premises licence on the date of the decision"


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
    if conducted_on and conducted_on > timezone.localdate():
        raise ValidationError({"conducted_on": PURCHASE_IN_FUTURE})
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
    if applied_on and applied_on > timezone.localdate():
        raise ValidationError({"applied_on": REVIEW_IN_FUTURE})
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
    decision: str,
    outcome: str,
    conditions: list[str] = (),
    conditions_removed: list[int] = (),
    decided_by,
) -> LicensingReview:
    """Record the licensing committee's decision and reasons, with the conditions it added to
    the licence and those it removed (modifying a condition is removing the old wording and
    adding the new). Every problem is reported at once and nothing is stored unless all is
    well; a review is decided once."""
    access.require_manage()
    if review.business.scheme_id != access.scheme.pk:
        raise ValidationError({"review_id": NOT_THIS_SCHEME})
    review = LicensingReview.objects.select_for_update().get(pk=review.pk)
    if review.status == LicensingReview.Status.DECIDED:
        raise ValidationError(REVIEW_DECIDED)
    conditions = [c.strip() for c in conditions if c and c.strip()]
    errors = {}
    if decision not in LicensingReview.Decision.values:
        errors["decision"] = DECISION_CHOOSE
    if decided_on is None:
        errors["decided_on"] = "Enter the date of the decision"
    elif decided_on < review.applied_on:
        errors["decided_on"] = DECISION_BEFORE_APPLIED.format(
            applied=review.applied_on.strftime("%-d %B %Y")
        )
    elif decided_on > timezone.localdate():
        errors["decided_on"] = DECISION_IN_FUTURE
    if not (outcome or "").strip():
        errors["outcome"] = DECISION_REASONS
    removed = []
    if conditions_removed:
        wanted = {int(pk) for pk in conditions_removed}
        current = selectors.conditions_current(
            review.business, day=decided_on or timezone.localdate()
        )
        removed = list(current.select_for_update().filter(pk__in=wanted))
        if len(removed) != len(wanted):
            errors["conditions_removed"] = CONDITION_NOT_CURRENT
    if decision == LicensingReview.Decision.MODIFY_CONDITIONS and not (conditions or removed):
        errors.setdefault("conditions", DECISION_NEEDS_CONDITIONS)
    if errors:
        raise ValidationError(errors)
    review.status, review.decided_on = LicensingReview.Status.DECIDED, decided_on
    review.decision, review.outcome = decision, outcome.strip()
    review.decided_by = decided_by
    review.full_clean()
    review.save()
    for condition in removed:
        condition.removed_on, condition.removed_by_review = decided_on, review
        condition.save(update_fields=["removed_on", "removed_by_review", "updated_at"])
    for text in conditions:
        condition_add(
            access=access,
            business_id=review.business_id,
            text=text,
            imposed_on=decided_on,
            review=review,
            recorded_by=decided_by,
        )
    audit.record(
        actor=decided_by,
        action="scheme.review_decided",
        target=review.business,
        changes={
            "review": review.pk,
            "decision": decision,
            "conditions": len(conditions),
            "conditions_removed": sorted(c.pk for c in removed),
        },
    )
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
