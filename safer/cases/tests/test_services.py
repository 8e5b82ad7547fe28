"""Case-management rules, through the services: intake, flags, risk, cases, interventions."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import override_settings
from django.utils import timezone

from safer.audit.models import AuditEvent
from safer.cases import repeats, services
from safer.cases.models import Case, Report, RiskAssessment
from safer.cases.services import PersonInput
from safer.cases.tests.factories import answers, report, victim
from safer.cases.working_days import add_working_days
from safer.partners.roles import Role
from safer.partners.tests.factories import member
from safer.people.models import Person
from safer.people.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


# --- Intake -----------------------------------------------------------------------------------


def test_report_gets_reference_deadline_people_and_audit(caseworker):
    r = report(
        caseworker,
        people=[
            victim(),
            PersonInput(role="alleged_perpetrator", first_name="Sam", last_name="Sample"),
        ],
    )
    year = timezone.localdate().year
    assert r.reference == f"ASB-{year}-000001"
    assert report(caseworker).reference == f"ASB-{year}-000002"
    assert r.assessment_due == add_working_days(timezone.localdate(), 1)
    assert {i.role for i in r.involvements.all()} == {"victim", "alleged_perpetrator"}
    assert AuditEvent.objects.filter(action="report.created", target_id=str(r.pk)).exists()


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"category": "dangerous"}, "category"),
        ({"type": "shouting"}, "type"),
        ({"address": "", "postcode": ""}, "location.address"),
        ({"latitude": 52.06}, "location.latitude"),
        ({"latitude": 95.0, "longitude": -1.3}, "location.latitude"),
        ({"description": "  "}, "description"),
        ({"uprn": "12ab"}, "location.uprn"),
    ],
)
def test_invalid_report_is_refused_naming_the_field_and_stores_nothing(caseworker, changes, field):
    people_before = Person.objects.count()
    fields = {
        "recorded_by": caseworker,
        "received_via": "phone",
        "occurred_at": timezone.now() - timedelta(hours=2),
        "category": "personal",
        "type": "intimidation",
        "description": "Shouting at the door",
        "address": "2 Pretend Close",
        "postcode": "OX26 2ZZ",
        "people": [victim()],
        **changes,
    }
    with pytest.raises(ValidationError) as error:
        services.report_create(**fields)
    assert field in error.value.message_dict
    assert not Report.objects.exists()
    assert Person.objects.count() == people_before


def test_future_date_is_refused(caseworker):
    with pytest.raises(ValidationError) as error:
        report(caseworker, days_ago=-2)
    assert error.value.message_dict["occurred_at"] == [services.reports.OCCURRED_IN_FUTURE]


def test_unseen_person_id_is_refused_without_revealing_it(caseworker, police):
    hidden = PersonFactory(organisation=police)
    with pytest.raises(ValidationError) as error:
        report(caseworker, people=[PersonInput(role="victim", person_id=hidden.pk)])
    assert "people.0.person_id" in error.value.message_dict


def test_viewer_cannot_record_reports(council):
    with pytest.raises(PermissionDenied):
        report(member(Role.VIEWER, council))


# --- Repeats ----------------------------------------------------------------------------------


def test_third_report_by_same_person_within_a_year_flags_repeat_caller(caseworker):
    person = PersonFactory(organisation=caseworker.membership.organisation)
    now = timezone.now()
    first = report(
        caseworker,
        people=[victim(person)],
        reported_at=now - timedelta(days=300),
        address="1 A Road",
    )
    second = report(
        caseworker,
        people=[victim(person)],
        reported_at=now - timedelta(days=100),
        address="2 B Road",
    )
    third = report(caseworker, people=[victim(person)], reported_at=now, address="3 C Road")
    assert repeats.REPEAT_CALLER not in first.flags
    assert repeats.REPEAT_CALLER not in second.flags
    assert repeats.REPEAT_CALLER in third.flags


def test_reports_outside_the_rolling_window_do_not_count(caseworker):
    person = PersonFactory(organisation=caseworker.membership.organisation)
    now = timezone.now()
    report(
        caseworker,
        people=[victim(person)],
        reported_at=now - timedelta(days=400),
        type="graffiti",
        category="environmental",
    )
    report(
        caseworker,
        people=[victim(person)],
        reported_at=now - timedelta(days=200),
        type="graffiti",
        category="environmental",
    )
    third = report(
        caseworker,
        people=[victim(person)],
        reported_at=now,
        type="litter" if False else "graffiti",
        category="environmental",
    )
    assert repeats.REPEAT_CALLER not in third.flags


@override_settings(
    REPEAT_CALLER_MIN_REPORTS=5, REPEAT_SIMILAR_MIN_REPORTS=2, REPEAT_SIMILAR_WINDOW_DAYS=30
)
def test_second_window_for_similar_incidents_is_configurable(caseworker):
    person = PersonFactory(organisation=caseworker.membership.organisation)
    now = timezone.now()
    report(caseworker, people=[victim(person)], reported_at=now - timedelta(days=10), type="noise")
    second = report(caseworker, people=[victim(person)], reported_at=now, type="noise")
    assert repeats.REPEAT_CALLER in second.flags


def test_repeat_location_and_repeat_perpetrator(caseworker):
    perpetrator = PersonFactory(organisation=caseworker.membership.organisation)
    accused = PersonInput(role="alleged_perpetrator", person_id=perpetrator.pk)
    flags = []
    for address in ("10 Sample Street", "10, Sample Street ", "10 SAMPLE STREET"):
        flags = report(caseworker, address=address, people=[accused]).flags
    assert repeats.REPEAT_LOCATION in flags
    assert repeats.REPEAT_PERPETRATOR in flags


def test_vulnerable_victim_flag_from_recorded_vulnerability(caseworker):
    person = PersonFactory(
        organisation=caseworker.membership.organisation, vulnerability_notes="Long-term illness"
    )
    assert repeats.VULNERABLE_VICTIM in report(caseworker, people=[victim(person)]).flags


def test_vulnerable_victim_flag_from_a_vulnerability_carried_by_an_earlier_assessment(
    caseworker,
):
    """A later assessment that finds nothing does not unflag a victim whose record carries a
    vulnerability found before."""
    from safer.people.models import PersonVulnerability

    first = report(caseworker, people=[victim()])
    person = first.involvements.get().person
    PersonVulnerability.objects.create(
        person=person,
        summary="Has a disability: yes",
        source="risk_assessment",
        source_id=1,
        source_reference=first.reference,
        found_on=timezone.localdate(),
        recorded_by=caseworker,
    )
    later = report(caseworker, people=[victim(person)])
    services.risk_assessment_record(report=later, assessed_by=caseworker, answers=answers())
    assert repeats.VULNERABLE_VICTIM in report(caseworker, people=[victim(person)]).flags


def test_under_18_involved_is_flagged(caseworker):
    today = timezone.localdate()
    young = PersonInput(
        role="alleged_perpetrator",
        first_name="Jamie",
        last_name="Madeup",
        date_of_birth=today.replace(year=today.year - 15),
    )
    assert repeats.UNDER_18_INVOLVED in report(caseworker, people=[young]).flags


# --- Risk -------------------------------------------------------------------------------------


def test_risk_assessment_scores_bands_and_sets_deadlines(caseworker):
    r = report(caseworker, people=[victim()])
    assessment = services.risk_assessment_record(
        report=r, assessed_by=caseworker, answers=answers()
    )
    assert (assessment.score, assessment.band) == (0, "standard")
    today = timezone.localdate()
    assert assessment.first_contact_due == add_working_days(today, 10)
    assert assessment.next_review_due == today + timedelta(days=56)
    r.refresh_from_db()
    assert r.risk == "standard"
    assert assessment.questionnaire.version == 1


def test_high_risk_by_mandatory_rule_has_short_deadlines_and_flags_vulnerability(caseworker):
    r = report(caseworker, people=[victim()])
    assessment = services.risk_assessment_record(
        report=r,
        assessed_by=caseworker,
        answers=answers(targeted_because=["disability"], household_disability="yes"),
    )
    assert assessment.band == "high"
    assert assessment.computed_band == "high"
    assert assessment.band_reasons
    today = timezone.localdate()
    assert assessment.first_contact_due == add_working_days(today, 3)
    assert assessment.next_review_due == today + timedelta(days=14)
    r.refresh_from_db()
    assert repeats.VULNERABLE_VICTIM in r.flags


def test_medium_band_from_score(caseworker):
    r = report(caseworker, people=[victim()])
    assessment = services.risk_assessment_record(
        report=r,
        assessed_by=caseworker,
        answers=answers(
            happened_before="many_times",
            feel_targeted="yes",
            affecting_health="yes",
            afraid="yes",
            getting_worse="yes",
        ),
    )
    assert assessment.score == 16
    assert assessment.band == "medium"
    assert assessment.next_review_due == timezone.localdate() + timedelta(days=28)


def test_unanswered_question_refuses_assessment_and_stores_nothing(caseworker):
    r = report(caseworker, people=[victim()])
    partial = answers()
    del partial["afraid"]
    with pytest.raises(ValidationError) as error:
        services.risk_assessment_record(report=r, assessed_by=caseworker, answers=partial)
    assert "answers.afraid" in error.value.message_dict
    assert not RiskAssessment.objects.exists()


def test_coordinator_raises_band_with_reason_never_lowers(caseworker, council):
    coordinator = member(Role.COORDINATOR, council)
    r = report(caseworker, people=[victim()])
    assessment = services.risk_assessment_record(
        report=r, assessed_by=caseworker, answers=answers()
    )
    with pytest.raises(PermissionDenied):
        services.risk_band_raise(
            assessment=assessment, raised_by=caseworker, band="high", reason="x"
        )
    with pytest.raises(ValidationError):
        services.risk_band_raise(
            assessment=assessment, raised_by=coordinator, band="high", reason=" "
        )
    services.risk_band_raise(
        assessment=assessment, raised_by=coordinator, band="high", reason="Victim disclosed threats"
    )
    assessment.refresh_from_db()
    assert (assessment.computed_band, assessment.band) == ("standard", "high")
    with pytest.raises(ValidationError):
        services.risk_band_raise(
            assessment=assessment, raised_by=coordinator, band="medium", reason="lower"
        )
    assert AuditEvent.objects.filter(action="risk_assessment.band_raised").exists()


def test_new_questionnaire_version_applies_to_new_assessments_only(caseworker, council):
    from safer.cases import risk

    coordinator = member(Role.COORDINATOR, council)
    r = report(caseworker, people=[victim()])
    first = services.risk_assessment_record(report=r, assessed_by=caseworker, answers=answers())
    definition = risk.default_questionnaire()
    definition["thresholds"] = {"medium": 1, "high": 2}
    published = services.questionnaire_publish(definition=definition, published_by=coordinator)
    second = services.risk_assessment_record(
        report=r, assessed_by=caseworker, answers=answers(reported_elsewhere="yes")
    )
    assert published.version == 2
    assert first.questionnaire.version == 1
    assert (second.questionnaire.version, second.band) == (2, "high")


def test_invalid_questionnaire_is_not_published(council):
    coordinator = member(Role.COORDINATOR, council)
    with pytest.raises(ValidationError):
        services.questionnaire_publish(definition={"questions": []}, published_by=coordinator)


# --- Cases ------------------------------------------------------------------------------------


def test_case_opens_from_reports_with_their_highest_risk(caseworker):
    low = report(caseworker, people=[victim()], address="1 A Road")
    high = report(caseworker, people=[victim()], address="2 B Road")
    services.risk_assessment_record(
        report=high,
        assessed_by=caseworker,
        answers=answers(targeted_because=["age"], household_disability="yes"),
    )
    high.refresh_from_db()
    case = services.case_open(opened_by=caseworker, reports=[low, high])
    assert case.risk == "high"
    assert case.reference.startswith("CASE-")
    assert set(case.reports.all()) == {low, high}
    assert case.events.filter(kind="opened").exists()
    assert case.next_review_due == timezone.localdate() + timedelta(days=14)


def test_report_in_an_open_case_cannot_join_another(caseworker):
    r = report(caseworker)
    services.case_open(opened_by=caseworker, reports=[r])
    r.refresh_from_db()
    with pytest.raises(ValidationError):
        services.case_open(opened_by=caseworker, reports=[r])


def test_stale_update_is_refused_and_nothing_is_overwritten(caseworker, council):
    colleague = member(Role.CASEWORKER, council, first_name="Other")
    case = services.case_open(opened_by=caseworker, reports=[report(caseworker)])
    read_version = case.version
    services.case_update(
        case=Case.objects.get(pk=case.pk),
        changed_by=colleague,
        expected_version=read_version,
        status="investigating",
    )
    with pytest.raises(services.Conflict, match="changed by Other"):
        services.case_update(
            case=Case.objects.get(pk=case.pk),
            changed_by=caseworker,
            expected_version=read_version,
            status="action",
        )
    assert Case.objects.get(pk=case.pk).status == "investigating"


def test_close_records_outcome_and_reason(caseworker):
    case = services.case_open(opened_by=caseworker, reports=[report(caseworker)])
    with pytest.raises(ValidationError) as error:
        services.case_close(case=case, closed_by=caseworker, outcome="", reason="")
    assert set(error.value.message_dict) == {"outcome", "reason"}
    services.case_close(
        case=case,
        closed_by=caseworker,
        outcome="resolved",
        reason="No reports for 3 months",
    )
    case.refresh_from_db()
    assert case.status == "closed" and case.closed_at and case.outcome == "resolved"
    event = case.events.get(kind="closed")
    assert event.summary == "Case closed (Open to Closed): Resolved: the behaviour stopped"
    with pytest.raises(ValidationError):
        services.case_close(case=case, closed_by=caseworker, outcome="resolved", reason="y")


def test_close_refuses_an_outcome_not_on_the_list(caseworker):
    case = services.case_open(opened_by=caseworker, reports=[report(caseworker)])
    with pytest.raises(ValidationError) as error:
        services.case_close(
            case=case, closed_by=caseworker, outcome="Behaviour stopped", reason="Quiet"
        )
    assert error.value.message_dict == {"outcome": ["Choose the outcome from the list"]}
    case.refresh_from_db()
    assert case.status != "closed"


def test_status_title_and_lead_changes_say_from_what_to_what(caseworker, council):
    lead = member(Role.CASEWORKER, council, username="newlead", first_name="Nia", last_name="Lead")
    case = services.case_open(opened_by=caseworker, reports=[report(caseworker)], title="Old")
    services.case_update(
        case=case,
        changed_by=caseworker,
        expected_version=case.version,
        status="action",
        title="New title",
        lead_officer=lead,
    )
    summaries = set(case.events.values_list("summary", flat=True))
    assert "Status changed from Open to Action" in summaries
    assert "Title changed from \u201cOld\u201d to \u201cNew title\u201d" in summaries
    assert any(
        s.startswith("Lead officer changed from ") and s.endswith(" to Nia Lead") for s in summaries
    )


def test_sharing_a_case_shares_its_reports_and_people(caseworker, police):
    r = report(caseworker, people=[victim()])
    case = services.case_open(opened_by=caseworker, reports=[r])
    services.case_share(case=case, organisation=police, shared_by=caseworker)
    officer = member(Role.PARTNER_OFFICER, police)
    from safer.cases.access import access_case, access_report
    from safer.people.access import access_person

    assert access_case(officer, case.pk) == case
    assert access_report(officer, r.pk) == r
    assert access_person(officer, r.involvements.get().person_id)
    with pytest.raises(PermissionDenied):
        access_case(officer, case.pk, write=True)


def test_documents_are_type_and_size_checked(caseworker, settings, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = tmp_path
    settings.CASE_DOCUMENT_MAX_MB = 1
    case = services.case_open(opened_by=caseworker, reports=[report(caseworker)])
    ok = services.case_document_add(
        case=case,
        uploaded_by=caseworker,
        upload=SimpleUploadedFile("diary.pdf", b"%PDF-1.4 diary sheet"),
    )
    assert ok.content_type == "application/pdf" and ok.size == 20
    assert str(tmp_path) in ok.file.path
    for name, content in [
        ("virus.exe", b"MZ"),
        ("fake.pdf", b"MZ\x90\x00"),
        ("big.txt", b"a" * (1024 * 1024 + 1)),
        ("empty.txt", b""),
    ]:
        with pytest.raises(ValidationError):
            services.case_document_add(
                case=case, uploaded_by=caseworker, upload=SimpleUploadedFile(name, content)
            )
    assert case.documents.count() == 1


# --- Interventions ----------------------------------------------------------------------------


def _case_with(caseworker, *, age: int):
    today = timezone.localdate()
    person = PersonFactory(
        organisation=caseworker.membership.organisation,
        date_of_birth=date(today.year - age, 1, 1) - timedelta(days=1),
    )
    r = report(caseworker, people=[PersonInput(role="alleged_perpetrator", person_id=person.pk)])
    return services.case_open(opened_by=caseworker, reports=[r]), person


def test_civil_injunction_for_under_18_longer_than_12_months_is_refused(caseworker):
    case, young = _case_with(caseworker, age=15)
    today = timezone.localdate()
    with pytest.raises(ValidationError) as error:
        services.intervention_record(
            case=case,
            person=young,
            kind="civil_injunction",
            recorded_by=caseworker,
            issued_on=today,
            expires_on=today + timedelta(days=500),
        )
    assert "expires_on" in error.value.message_dict
    ok = services.intervention_record(
        case=case,
        person=young,
        kind="civil_injunction",
        recorded_by=caseworker,
        issued_on=today,
        expires_on=today + timedelta(days=300),
    )
    assert ok.pk


def test_publicity_refused_for_under_18_allowed_for_adult_court_order(caseworker):
    from safer.cases import legal

    allowed, _ = legal.publicity_allowed("criminal_behaviour_order", 15)
    assert not allowed
    allowed, _ = legal.publicity_allowed("criminal_behaviour_order", 30)
    assert allowed


def test_breach_marks_intervention_breached(caseworker):
    case, adult = _case_with(caseworker, age=30)
    today = timezone.localdate()
    intervention = services.intervention_record(
        case=case,
        person=adult,
        kind="acceptable_behaviour_contract",
        recorded_by=caseworker,
        issued_on=today - timedelta(days=30),
        expires_on=today + timedelta(days=150),
    )
    services.breach_record(
        intervention=intervention,
        recorded_by=caseworker,
        occurred_on=today,
        description="Shouted abuse",
    )
    intervention.refresh_from_db()
    assert intervention.status == "breached"
    with pytest.raises(ValidationError):
        services.breach_record(
            intervention=intervention,
            recorded_by=caseworker,
            occurred_on=today - timedelta(days=60),
            description="Before",
        )


def test_nuisance_assessment_only_on_nuisance_cases(caseworker):
    case = services.case_open(opened_by=caseworker, reports=[report(caseworker)], kind="nuisance")
    assessment = services.nuisance_assessment_record(
        case=case,
        assessed_by=caseworker,
        assessed_on=timezone.localdate(),
        frequency="Nightly",
        duration="3 hours",
        time_of_day="23:00-02:00",
        locality="Residential",
        impact="Cannot sleep",
        conclusion="statutory",
    )
    assert assessment.pk
    asb = services.case_open(opened_by=caseworker, reports=[report(caseworker, address="9 Z Road")])
    with pytest.raises(ValidationError):
        services.nuisance_assessment_record(
            case=asb,
            assessed_by=caseworker,
            assessed_on=timezone.localdate(),
            frequency="x",
            duration="x",
            time_of_day="x",
            locality="x",
            impact="x",
            conclusion="statutory",
        )


def test_free_text_outcomes_before_the_list_become_other_keeping_their_words(caseworker):
    import importlib

    from django.apps import apps

    migration = importlib.import_module("safer.cases.migrations.0010_case_outcome_choices")
    case = services.case_open(opened_by=caseworker, reports=[report(caseworker)])
    Case.objects.filter(pk=case.pk).update(
        status="closed", outcome="ABC signed", close_reason="No reports since."
    )
    migration.outcomes_to_the_list(apps, None)
    case.refresh_from_db()
    assert case.outcome == "other"
    assert case.close_reason == "Outcome recorded as: ABC signed. No reports since."
