from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from safer.audit.models import AuditEvent
from safer.people.models import Person
from safer.referrals import dash, services
from safer.referrals.models import Referral, RiskChecklist, Scheme
from safer.referrals.selectors import budget_year, financial_year
from safer.referrals.tests.factories import case_with_victim, scheme

pytestmark = pytest.mark.django_db


def test_referral_is_sent_audited_and_on_the_case_timeline(caseworker, police):
    case, person = case_with_victim(caseworker)
    support = scheme(police)
    referral = services.referral_create(
        case=case, person=person, scheme=support, reason="Scared to go out", referred_by=caseworker
    )
    assert referral.status == Referral.Status.SENT
    assert referral.organisation == caseworker.membership.organisation
    assert AuditEvent.objects.filter(action="referral.created", target_id=str(referral.pk)).exists()
    assert case.events.filter(kind="referral").exists()


def test_bad_referral_names_each_field_and_stores_nothing(caseworker, police, council):
    case, _ = case_with_victim(caseworker)
    stranger = Person.objects.create(organisation=council, first_name="Not", last_name="Involved")
    with pytest.raises(ValidationError) as error:
        services.referral_create(
            case=case, person=stranger, scheme=None, reason=" ", referred_by=caseworker
        )
    assert set(error.value.message_dict) == {"person_id", "scheme", "reason"}
    assert not Referral.objects.exists()


def test_second_open_referral_to_the_same_scheme_is_refused(caseworker, police):
    case, person = case_with_victim(caseworker)
    support = scheme(police)
    services.referral_create(
        case=case, person=person, scheme=support, reason="One", referred_by=caseworker
    )
    with pytest.raises(ValidationError) as error:
        services.referral_create(
            case=case, person=person, scheme=support, reason="Two", referred_by=caseworker
        )
    assert error.value.message_dict["scheme"] == [services.ALREADY_REFERRED]


def test_accept_then_complete_and_no_going_back(caseworker, police):
    case, person = case_with_victim(caseworker)
    referral = services.referral_create(
        case=case, person=person, scheme=scheme(police), reason="r", referred_by=caseworker
    )
    services.referral_decide(referral=referral, decided_by=caseworker, accept=True)
    assert referral.status == Referral.Status.ACCEPTED
    assert referral.decided_on == timezone.localdate()
    with pytest.raises(ValidationError):
        services.referral_decide(referral=referral, decided_by=caseworker, accept=False)
    with pytest.raises(ValidationError) as error:
        services.referral_complete(referral=referral, completed_by=caseworker, outcome="")
    assert "outcome" in error.value.message_dict
    services.referral_complete(referral=referral, completed_by=caseworker, outcome="Supported")
    assert Referral.objects.get().status == Referral.Status.COMPLETED
    with pytest.raises(ValidationError):
        services.referral_withdraw(referral=referral, withdrawn_by=caseworker)


def test_target_hardening_budget_counts_spent_and_committed_net_of_contribution(
    caseworker, police, council
):
    case, person = case_with_victim(caseworker)
    hardening = scheme(police, kind=Scheme.Kind.TARGET_HARDENING)
    year = financial_year(timezone.localdate())
    services.scheme_budget_set(scheme=hardening, year=year, amount=Decimal("1000"), set_by=None)
    done = services.referral_create(
        case=case, person=person, scheme=hardening, reason="Door", referred_by=caseworker
    )
    services.referral_decide(referral=done, decided_by=caseworker, accept=True)
    services.target_hardening_record(
        referral=done,
        recorded_by=caseworker,
        survey_on=timezone.localdate(),
        measures="Door chain, window locks",
        cost=Decimal("300"),
        contribution=Decimal("50"),
    )
    services.referral_complete(referral=done, completed_by=caseworker, outcome="Fitted")
    other_case, other_person = case_with_victim(caseworker, title="Second")
    pending = services.referral_create(
        case=other_case,
        person=other_person,
        scheme=hardening,
        reason="Lock",
        referred_by=caseworker,
    )
    services.referral_decide(referral=pending, decided_by=caseworker, accept=True)
    services.target_hardening_record(
        referral=pending,
        recorded_by=caseworker,
        survey_on=None,
        measures="Lock",
        cost=Decimal("100"),
        contribution=Decimal("0"),
    )
    summary = budget_year(hardening, year)
    assert (summary.spent, summary.committed, summary.remaining) == (
        Decimal("250"),
        Decimal("100"),
        Decimal("650"),
    )


def test_contribution_over_cost_is_refused(caseworker, police):
    case, person = case_with_victim(caseworker)
    referral = services.referral_create(
        case=case,
        person=person,
        scheme=scheme(police, kind=Scheme.Kind.TARGET_HARDENING),
        reason="r",
        referred_by=caseworker,
    )
    with pytest.raises(ValidationError) as error:
        services.target_hardening_record(
            referral=referral,
            recorded_by=caseworker,
            survey_on=None,
            measures="",
            cost=Decimal("10"),
            contribution=Decimal("11"),
        )
    assert "contribution" in error.value.message_dict


def test_financial_year_starts_in_april():
    assert financial_year(date(2026, 3, 31)) == 2025
    assert financial_year(date(2026, 4, 1)) == 2026


def _answers(yes: int) -> dict:
    return {key: "yes" if number < yes else "no" for number, key in enumerate(dash.KEYS)}


def test_checklist_has_the_27_published_questions():
    assert len(dash.QUESTIONS) == 27 == len(dash.KEYS)


def test_thirteen_yes_is_not_high_risk_and_fourteen_is():
    assert not dash.score(_answers(13), professional_judgement=False, escalation=False).high_risk
    assert dash.score(_answers(14), professional_judgement=False, escalation=False).high_risk


def test_not_known_does_not_count_as_yes():
    answers = {**_answers(13), "q27": "not_known"}
    assert dash.score(answers, professional_judgement=False, escalation=False).yes_count == 13


def test_professional_judgement_or_escalation_makes_it_high_risk_whatever_the_count():
    assert dash.score(_answers(0), professional_judgement=True, escalation=False).high_risk
    assert dash.score(_answers(2), professional_judgement=False, escalation=True).high_risk


def test_recorded_checklist_proposes_marac_without_making_a_referral(caseworker, police):
    case, person = case_with_victim(caseworker)
    scheme(police, kind=Scheme.Kind.MARAC)
    checklist = services.risk_checklist_record(
        case=case,
        person=person,
        answers=_answers(14),
        professional_judgement=False,
        escalation=False,
        notes="",
        completed_by=caseworker,
    )
    assert checklist.high_risk and checklist.yes_count == 14
    assert not Referral.objects.exists()
    assert "14 of 27" in services.marac_reason(checklist)


def test_checklist_with_an_unanswered_question_stores_nothing(caseworker):
    case, person = case_with_victim(caseworker)
    answers = _answers(3)
    del answers["q5"]
    with pytest.raises(ValidationError) as error:
        services.risk_checklist_record(
            case=case,
            person=person,
            answers=answers,
            professional_judgement=False,
            escalation=False,
            notes="",
            completed_by=caseworker,
        )
    assert error.value.message_dict == {"q5": ["Answer question 5"]}
    assert not RiskChecklist.objects.exists()


def test_default_schemes_are_made_once(council, police):
    assert len(services.schemes_ensure(organisations=[council, police])) == 7
    assert services.schemes_ensure(organisations=[council, police]) == []
    assert Scheme.objects.get(code="marac").provider == police
