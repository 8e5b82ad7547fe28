"""Satisfaction surveys: offered when a case closes, answered once through a link, reported
only in aggregate."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from safer.audit.models import AuditEvent
from safer.cases import services as case_services
from safer.cases.services import PersonInput
from safer.cases.tests.factories import report
from safer.notifications.services import EMAIL_FAILED
from safer.partners.roles import Role
from safer.partners.tests.factories import member
from safer.surveys import services
from safer.surveys.models import SatisfactionSurvey
from safer.surveys.selectors import survey_results

pytestmark = pytest.mark.django_db

GOOD = {"satisfied": "satisfied", "kept_informed": "yes", "feel_safer": "yes", "comment": ""}


def closed_case(caseworker, *, email="robin@example.org", phone="", capture=None):
    reporter = PersonInput(
        role="reporter", first_name="Robin", last_name="Example", email=email, phone=phone
    )
    first = report(caseworker, people=[reporter])
    case = case_services.case_open(opened_by=caseworker, reports=[first], title="Noise")
    case_services.case_close(
        case=case, closed_by=caseworker, outcome="resolved_intervention", reason="Stopped"
    )
    return case


def link_of(message) -> str:
    return re.search(r"(/survey/[\w-]+)", message.body).group(1)


def test_closing_a_case_sends_its_reporter_one_survey_link(
    caseworker, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        case = closed_case(caseworker)
    survey = SatisfactionSurvey.objects.get(case=case)
    assert (survey.channel, survey.sent) == ("email", True)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["robin@example.org"]
    assert case.reference in message.subject
    token = link_of(message).rsplit("/", 1)[1]
    assert survey.token_digest == SatisfactionSurvey.digest_of(token)
    assert token not in survey.token_digest  # only the digest is kept
    assert case.events.filter(kind="survey", summary__contains="sent by e-mail").exists()
    assert services.survey_offer(case=case, offered_by=caseworker) is None  # once per case


def test_a_reporter_with_only_a_phone_number_is_recorded_as_not_sent(caseworker):
    case = closed_case(caseworker, email="", phone="07700 900123")
    survey = SatisfactionSurvey.objects.get(case=case)
    assert (survey.channel, survey.sent) == ("text", False)
    assert mail.outbox == []
    assert case.events.filter(summary__contains=services.NO_TEXT_SERVICE).exists()


def test_the_link_is_answered_once(client, caseworker, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        closed_case(caseworker)
    url = link_of(mail.outbox[0])
    page = client.get(url)
    assert page.status_code == 200
    assert "How did we do?" in page.content.decode()
    done = client.post(url, GOOD)
    assert done.status_code == 200
    assert "Thank you" in done.content.decode()
    survey = SatisfactionSurvey.objects.get()
    assert survey.answered_at is not None and survey.satisfied == "satisfied"
    again = client.post(url, {**GOOD, "satisfied": "very_dissatisfied"})
    assert again.status_code == 410
    assert "already been answered" in again.content.decode()
    survey.refresh_from_db()
    assert survey.satisfied == "satisfied"  # the second answer changed nothing
    assert AuditEvent.objects.filter(action="survey.answered").count() == 1


def test_bad_answers_are_named_and_store_nothing(client, caseworker):
    closed_case(caseworker)
    survey = SatisfactionSurvey.objects.get()
    token = "known-token"
    SatisfactionSurvey.objects.filter(pk=survey.pk).update(
        token_digest=SatisfactionSurvey.digest_of(token)
    )
    response = client.post(f"/survey/{token}", {"satisfied": "delighted", "comment": "x"})
    assert response.status_code == 400
    body = response.content.decode()
    assert "Select a valid choice" in body  # the form refuses an answer not offered
    assert services.ANSWER_MISSING["kept_informed"] in body
    survey.refresh_from_db()
    assert survey.answered_at is None and survey.comment == ""


def test_unknown_and_expired_links_say_why(client, caseworker):
    assert client.get("/survey/not-a-real-token").status_code == 410
    closed_case(caseworker)
    survey = SatisfactionSurvey.objects.get()
    SatisfactionSurvey.objects.filter(pk=survey.pk).update(
        token_digest=SatisfactionSurvey.digest_of("old"),
        expires_at=timezone.now() - timedelta(minutes=1),
    )
    response = client.get("/survey/old")
    assert response.status_code == 410
    assert "This survey closed on" in response.content.decode()


def _answered(caseworker, n: int, **answers):
    for _ in range(n):
        case = closed_case(caseworker)
        survey = SatisfactionSurvey.objects.get(case=case)
        token = f"t{survey.pk}"
        SatisfactionSurvey.objects.filter(pk=survey.pk).update(
            token_digest=SatisfactionSurvey.digest_of(token)
        )
        services.survey_answer(token=token, **{**GOOD, **answers})


def test_results_are_aggregates_and_hide_shares_of_a_few_answers(client, caseworker, council):
    _answered(caseworker, 2, comment="The officer Sam was rude")
    year = timezone.localdate().year
    (row,) = survey_results(year=year, group_by="team")
    assert (row.offered, row.sent, row.answered, row.response_rate) == (2, 2, 2, 100.0)
    assert row.satisfied is None  # two answers: a share would tell who said what
    _answered(caseworker, 3, satisfied="dissatisfied", feel_safer="no")
    (row,) = survey_results(year=year, group_by="team")
    assert row.answered == 5
    assert (row.satisfied, row.kept_informed, row.feel_safer) == (40.0, 100.0, 40.0)

    analyst = member(Role.ANALYST, council, username="analyst")
    client.force_login(analyst)
    page = client.get("/surveys/", {"year": year, "group_by": "quarter"})
    assert page.status_code == 200
    body = page.content.decode()
    assert "40.0%" in body
    assert "rude" not in body  # comments are never shown
    client.force_login(caseworker)
    assert client.get("/surveys/").status_code == 403


def test_the_api_gives_the_same_aggregates(client, caseworker, council):
    from safer.accounts.services import api_token_create

    _answered(caseworker, 5)
    year = timezone.localdate().year
    analyst = member(Role.ANALYST, council, username="apianalyst")
    token = api_token_create(user=analyst, name="t")[1]
    auth = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    response = client.get("/api/v1/surveys/results", {"year": year, "group_by": "kind"}, **auth)
    assert response.status_code == 200
    (row,) = response.json()["rows"]
    assert (row["answered"], row["satisfied"]) == (5, 100.0)
    assert response.json()["minimum_answers"] == 5
    token = api_token_create(user=caseworker, name="t")[1]
    refused = client.get(
        "/api/v1/surveys/results", {"year": year}, HTTP_AUTHORIZATION=f"Bearer {token}"
    )
    assert refused.status_code == 403


def test_a_refused_e_mail_is_recorded_not_an_error(
    caseworker, django_capture_on_commit_callbacks, unreachable_smtp
):
    with django_capture_on_commit_callbacks(execute=True):
        case = closed_case(caseworker)
    survey = SatisfactionSurvey.objects.get(case=case)
    assert (survey.sent, survey.delivery_note) == (False, EMAIL_FAILED)
    assert case.events.filter(summary__contains=EMAIL_FAILED).exists()
    case.refresh_from_db()
    assert case.status == "closed"  # the closure stands


def test_a_review_offers_the_survey_once_when_switched_on(
    settings, caseworker, django_capture_on_commit_callbacks
):
    from safer.cases.tests.factories import answers

    reporter = PersonInput(
        role="reporter", first_name="Robin", last_name="Example", email="robin@example.org"
    )
    first = report(caseworker, people=[reporter])
    case = case_services.case_open(opened_by=caseworker, reports=[first], title="Noise")
    first.refresh_from_db()

    def review():
        return case_services.risk_assessment_record(
            report=first, assessed_by=caseworker, answers=answers(), stage="review"
        )

    settings.SURVEY_AT_REVIEW = False
    with django_capture_on_commit_callbacks(execute=True):
        review()
    assert not SatisfactionSurvey.objects.exists()
    assert mail.outbox == []

    settings.SURVEY_AT_REVIEW = True
    with django_capture_on_commit_callbacks(execute=True):
        case_services.risk_assessment_record(  # a first-contact assessment is not a review
            report=first, assessed_by=caseworker, answers=answers()
        )
        second = review()
    survey = SatisfactionSurvey.objects.get()
    assert (survey.occasion, survey.review, survey.sent) == ("review", second, True)
    assert len(mail.outbox) == 1
    assert "has reviewed the case" in mail.outbox[0].body
    assert case.events.filter(kind="survey", summary__contains="(case reviewed)").exists()
    # Once per review; a later closure still offers its own survey.
    assert services.survey_offer(case=case, offered_by=caseworker, review=second) is None
    with django_capture_on_commit_callbacks(execute=True):
        case_services.case_close(
            case=case, closed_by=caseworker, outcome="resolved_intervention", reason="Stopped"
        )
    assert sorted(SatisfactionSurvey.objects.values_list("occasion", flat=True)) == [
        "closure",
        "review",
    ]
    rows = survey_results(year=timezone.localdate().year, group_by="occasion")
    assert [(r.label, r.offered) for r in rows] == [("Case closed", 1), ("Case reviewed", 1)]
