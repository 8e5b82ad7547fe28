"""A case's review is never due before the case was opened (issue 11)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from safer.cases import services
from safer.cases.tests.factories import answers, report, victim

pytestmark = pytest.mark.django_db


def _old_assessed_report(user, days: int):
    reported_at = timezone.now() - timedelta(days=days)
    old = report(user, people=[victim()], reported_at=reported_at)
    services.risk_assessment_record(
        report=old,
        assessed_by=user,
        answers=answers(),
        assessed_on=timezone.localtime(reported_at).date(),
    )
    return old


def test_a_case_opened_from_a_long_assessed_report_is_not_overdue_since_before_it_opened(
    caseworker,
):
    old = _old_assessed_report(caseworker, 200)
    assert old.assessments.get().next_review_due < timezone.localdate()
    case = services.case_open(opened_by=caseworker, reports=[old])
    assert case.next_review_due >= timezone.localdate()
    assert case.next_review_due > timezone.localdate()  # the band's full review period


def test_a_review_dated_before_the_case_opened_does_not_date_its_next_review_earlier(caseworker):
    old = _old_assessed_report(caseworker, 200)
    case = services.case_open(opened_by=caseworker, reports=[old])
    services.risk_assessment_record(
        report=old,
        assessed_by=caseworker,
        answers=answers(),
        stage="review",
        assessed_on=timezone.localdate() - timedelta(days=150),
    )
    case.refresh_from_db()
    assert case.next_review_due >= timezone.localtime(case.opened_at).date()


def test_a_recent_assessment_still_sets_the_review(caseworker):
    recent = _old_assessed_report(caseworker, 2)
    due = recent.assessments.get().next_review_due
    case = services.case_open(opened_by=caseworker, reports=[recent])
    assert case.next_review_due == due
