"""Risk assessments: scoring against the current questionnaire, bands, deadlines, overrides."""

from datetime import date, datetime, time

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.module_loading import import_string

from safer import audit
from safer.cases import risk
from safer.cases.models import (
    BAND_ORDER,
    Report,
    ReportPerson,
    RiskAssessment,
    RiskBand,
    RiskQuestionnaire,
)
from safer.cases.services.common import require_change, timeline
from safer.partners.access import has_capability
from safer.partners.roles import Capability
from safer.people.models import PersonVulnerability
from safer.people.services import person_vulnerabilities_record

RAISE_NEEDS_SUPERVISOR = "Only a co-ordinator can change a risk band"
RAISE_NEEDS_REASON = "Give the reason for raising the risk band"
RAISE_NOT_HIGHER = "A risk band can only be raised, never lowered"
QUESTIONNAIRE_INVALID = "The questionnaire cannot be published"
ASSESSED_IN_FUTURE = "The date of the assessment must be today or in the past"
ASSESSED_BEFORE_REPORT = "The date of the assessment must be on or after the date of the report"


def questionnaire_current() -> RiskQuestionnaire:
    """The newest published questionnaire; the documented default is published on first use."""
    current = RiskQuestionnaire.objects.order_by("-version").first()
    if current is None:
        current, _ = RiskQuestionnaire.objects.get_or_create(
            version=1,
            defaults={"definition": risk.DEFAULT_QUESTIONNAIRE, "notes": "Documented default"},
        )
    return current


@transaction.atomic
def questionnaire_publish(*, definition: dict, published_by, notes: str = "") -> RiskQuestionnaire:
    """Publish a new questionnaire version; earlier assessments keep the version they used."""
    if not has_capability(published_by, Capability.SUPERVISE):
        raise PermissionDenied(RAISE_NEEDS_SUPERVISOR)
    problems = risk.validate_questionnaire(definition)
    if problems:
        raise ValidationError({"definition": problems})
    latest = RiskQuestionnaire.objects.aggregate(v=Max("version"))["v"] or 0
    questionnaire = RiskQuestionnaire.objects.create(
        version=latest + 1, definition=definition, published_by=published_by, notes=notes
    )
    audit.record(
        actor=published_by,
        action="risk_questionnaire.published",
        target=questionnaire,
        changes={"version": [latest or None, questionnaire.version]},
    )
    return questionnaire


def _band_max(*bands: str) -> str:
    present = [b for b in bands if b]
    return max(present, key=lambda b: BAND_ORDER[b]) if present else RiskBand.STANDARD


@transaction.atomic
def risk_assessment_record(
    *,
    report: Report,
    assessed_by,
    answers: dict,
    stage: str = RiskAssessment.Stage.INITIAL,
    assessed_on: date | None = None,
) -> RiskAssessment:
    """Score a victim's answers, keep them with the questionnaire version, and set deadlines.

    Unanswered questions or answers that are not among the choices refuse the whole assessment.
    `assessed_on` records an assessment done earlier (on paper, say); deadlines run from it.
    """
    require_change(assessed_by, report)
    today = timezone.localdate()
    assessed_on = assessed_on or today
    if assessed_on > today:
        raise ValidationError({"assessed_on": ASSESSED_IN_FUTURE})
    if assessed_on < timezone.localtime(report.reported_at).date():
        raise ValidationError({"assessed_on": ASSESSED_BEFORE_REPORT})
    questionnaire = questionnaire_current()
    try:
        result = risk.score_answers(questionnaire.definition, answers)
    except risk.AnswersInvalid as invalid:
        raise ValidationError(
            {f"answers.{key}": msg for key, msg in invalid.errors.items()}
        ) from None
    first_contact_due, next_review_due = risk.review_deadlines(
        questionnaire.definition, result.band, assessed_on
    )
    victim = (
        report.involvements.filter(role=ReportPerson.Role.VICTIM).select_related("person").first()
    )
    assessment = RiskAssessment.objects.create(
        report=report,
        victim=victim.person if victim else None,
        questionnaire=questionnaire,
        stage=stage,
        answers=answers,
        score=result.score,
        computed_band=result.band,
        band=result.band,
        band_reasons=[*result.forced_high_reasons, *result.vulnerability_reasons],
        vulnerable=result.vulnerable,
        refer_to_victim_support=result.refer_to_victim_support,
        assessed_by=assessed_by,
        assessed_at=timezone.now()
        if assessed_on == today
        else timezone.make_aware(datetime.combine(assessed_on, time(12))),
        first_contact_due=first_contact_due,
        next_review_due=next_review_due,
    )
    _apply_band(report, assessment, actor=assessed_by)
    if assessment.victim is not None and result.vulnerability_reasons:
        # What the answers say about the victim's (or household's) vulnerability belongs to
        # the person, for the next report and every partner who may see it, with its source.
        person_vulnerabilities_record(
            person=assessment.victim,
            summaries=result.vulnerability_reasons,
            source=PersonVulnerability.Source.RISK_ASSESSMENT,
            source_id=assessment.pk,
            source_reference=report.reference,
            found_on=assessed_on,
            recorded_by=assessed_by,
        )
    audit.record(
        actor=assessed_by,
        action="risk_assessment.recorded",
        target=report,
        changes={"score": result.score, "band": result.band, "version": questionnaire.version},
    )
    case = report.case
    if stage == RiskAssessment.Stage.REVIEW and case is not None and case.closed_at is None:
        for hook in settings.CASE_REVIEWED_HOOKS:  # another app's follow-up (a survey)
            import_string(hook)(case, assessment, assessed_by)
    return assessment


@transaction.atomic
def risk_band_raise(
    *, assessment: RiskAssessment, raised_by, band: str, reason: str
) -> RiskAssessment:
    """A co-ordinator's professional judgement: raise a band, with the reason recorded."""
    if not has_capability(raised_by, Capability.SUPERVISE):
        raise PermissionDenied(RAISE_NEEDS_SUPERVISOR)
    require_change(raised_by, assessment.report)
    if not reason.strip():
        raise ValidationError({"reason": RAISE_NEEDS_REASON})
    if band not in RiskBand.values or BAND_ORDER[band] <= BAND_ORDER[assessment.band]:
        raise ValidationError({"band": RAISE_NOT_HIGHER})
    old = assessment.band
    assessment.band = band
    assessment.override_reason = reason.strip()
    first_contact_due, next_review_due = risk.review_deadlines(
        assessment.questionnaire.definition, band, timezone.localdate()
    )
    assessment.first_contact_due = min(assessment.first_contact_due, first_contact_due)
    assessment.next_review_due = min(assessment.next_review_due, next_review_due)
    assessment.save(
        update_fields=["band", "override_reason", "first_contact_due", "next_review_due"]
    )
    _apply_band(assessment.report, assessment, actor=raised_by)
    audit.record(
        actor=raised_by,
        action="risk_assessment.band_raised",
        target=assessment.report,
        # The reason is kept on the assessment, under the access rule; the log only says so.
        changes={"band": [old, band], "reason": "(recorded on the assessment)"},
    )
    return assessment


def case_review_due(case, assessment: RiskAssessment) -> date:
    """A case's next review from its latest assessment, never before the case was opened: a
    report assessed long before its case's review date has passed, so the case gets its band's
    review period from the day it opened instead of being "overdue" since before it existed."""
    opened_on = timezone.localtime(case.opened_at).date()
    if assessment.next_review_due >= opened_on:
        return assessment.next_review_due
    return risk.review_deadlines(assessment.questionnaire.definition, assessment.band, opened_on)[1]


def _apply_band(report: Report, assessment: RiskAssessment, *, actor) -> None:
    """The latest assessment sets the report's band; the case takes its highest open report."""
    from safer.cases.services.reports import report_refresh_flags

    Report.objects.filter(pk=report.pk).update(risk=assessment.band)
    report.risk = assessment.band
    report_refresh_flags(report=report)
    case = report.case
    if case is None:
        return
    # The case carries the highest band among its reports; the latest assessment sets the
    # next review date (reviewing a case means reassessing with the victim).
    bands = list(case.reports.exclude(risk="").values_list("risk", flat=True))
    case.risk = _band_max(*bands)
    case.next_review_due = case_review_due(case, assessment)
    case.save(update_fields=["risk", "next_review_due", "updated_at"])
    timeline(
        case,
        actor=actor,
        kind="risk",
        summary=f"Risk assessment on {report}: score {assessment.score}, {assessment.band} risk",
    )
