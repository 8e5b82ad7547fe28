"""Every URL and API operation requested as every role, compared with tests/security/access_table.

The table is checked against the URL resolver and the API's OpenAPI description both ways: a new
endpoint without a row fails, and so does a row for an endpoint that no longer exists. Each role
gets one test that signs in once, asks for every endpoint with path arguments taken from records
of the test organisation, and lists every difference at once.
"""

import re
from datetime import date, timedelta
from functools import cache

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django_otp import DEVICE_ID_SESSION_KEY

from config.api import api
from safer.accounts.services import api_token_create
from safer.casereviews import services as casereview_services
from safer.cases import services
from safer.cases.models import ReportPhoto
from safer.cases.tests.factories import answers, report, victim
from safer.cohorts import services as cohort_services
from safer.hateincidents.tests.factories import incident as hate_incident
from safer.hateincidents.tests.factories import rule as hate_rule
from safer.neighbourhoods.tests import factories as neighbourhood_factories
from safer.partners.roles import TWO_FACTOR_ROLES, Role
from safer.partners.tests.factories import OrganisationFactory, confirmed_device, member
from safer.plans.defaults import partnership_indicators_ensure
from safer.plans.models import ActionPlan, Indicator, Task
from safer.plans.tests.factories import plan_import, row
from safer.referrals import dash as referral_dash
from safer.referrals import services as referral_services
from safer.referrals.models import Scheme
from safer.schemes import licensing as scheme_licensing
from safer.schemes import services as scheme_services
from safer.schemes.access import access_scheme
from safer.schemes.tests import factories as scheme_factories
from safer.tasking import services as tasking_services
from tests.security.access_table import API, COLUMNS, OUTCOMES, PAGES, PATH_ARGUMENTS


def url_patterns(patterns=None, namespace: str = "", prefix: str = "/"):
    """(name, pattern) for every named URL, walking included URL confs; API operations are
    listed apart (api_operations), so only the API's other pages (its docs) are yielded."""
    operations = {path for _, path in map(str.split, api_operations())}
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(entry, URLResolver):
            inner = ":".join(n for n in (namespace, entry.namespace or "") if n)
            yield from url_patterns(entry.url_patterns, inner, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            assert entry.name, f"URL pattern {entry.pattern} has no name, so no row can name it"
            route = re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", prefix + str(entry.pattern))
            if namespace == "api" and route.rstrip("/") in operations:
                continue
            yield f"{namespace}:{entry.name}" if namespace else entry.name, entry


@cache
def api_operations() -> tuple[str, ...]:
    """'METHOD /api/v1/path/{param}' for every operation the API publishes."""
    paths = api.get_openapi_schema()["paths"]
    return tuple(f"{method.upper()} {path}" for path, ops in paths.items() for method in ops)


def test_every_page_has_a_row_and_every_row_a_page():
    names = {name for name, _ in url_patterns()}
    assert not sorted(names - PAGES.keys()), "URL patterns without a row in access_table.PAGES"
    assert not sorted(PAGES.keys() - names), "rows in access_table.PAGES for no URL pattern"


def test_every_api_operation_has_a_row_and_every_row_an_operation():
    operations = set(api_operations())
    assert not sorted(operations - API.keys()), "API operations without a row in access_table.API"
    assert not sorted(API.keys() - operations), "rows in access_table.API for no operation"


def test_the_columns_are_every_role_and_the_outsiders():
    assert set(COLUMNS) == {*Role.values, "anonymous", "other_org"}


def test_every_row_names_an_outcome_for_every_column():
    for key, outcomes in {**PAGES, **API}.items():
        words = outcomes.split()
        assert len(words) == len(COLUMNS), f"{key}: {len(words)} outcomes for {len(COLUMNS)}"
        assert set(words) <= OUTCOMES.keys(), f"{key}: unknown outcome in {outcomes!r}"


@pytest.fixture
def records(db, settings, tmp_path, council, police, caseworker):
    """One of everything a path can name, owned by the test organisation (the council)."""
    settings.MEDIA_ROOT = tmp_path / "media"
    # An empty crime store of its own: the table's intel rows expect "no data yet" answers,
    # whatever other tests left in the session's shared store.
    settings.INTEL_DATA_DIR = tmp_path / "intel"
    first = report(caseworker, people=[victim()])
    spare = report(caseworker)
    photo = ReportPhoto(report=spare, content_type="image/png", size=3)
    photo.file.save("photo.png", ContentFile(b"png"))
    case = services.case_open(opened_by=caseworker, reports=[first], title="Access case")
    services.case_share(case=case, organisation=police, shared_by=caseworker)
    person = first.involvements.get().person
    assessment = services.risk_assessment_record(
        report=first, assessed_by=caseworker, answers=answers()
    )
    task = services.case_task_add(case=case, added_by=caseworker, description="Visit")
    # A Community Trigger application the council's co-ordinators decide, with its review.
    ct_coordinator = member(Role.COORDINATOR, council, username="records-ct")
    application = casereview_services.application_record(
        recorded_by=ct_coordinator,
        applicant={"first_name": "Access", "last_name": "Applicant", "email": "a@example.org"},
        received_on=date.today(),
        complaints=[
            {
                "occurred_on": date.today() - timedelta(days=days),
                "reported_on": date.today() - timedelta(days=days),
                "organisation_id": council.pk,
                "description": "Noise",
            }
            for days in (3, 2, 1)
        ],
    )
    casereview_services.application_decide(
        application=application,
        decided_by=ct_coordinator,
        decided_on=date.today(),
        review_on=date.today(),
    )
    recommendation = casereview_services.recommendation_add(
        review=application.review,
        added_by=ct_coordinator,
        owner_id=council.pk,
        text="Patrols",
        due_on=date.today(),
    )
    # A JATAC run by the council, chaired by a co-ordinator no column signs in as: only the
    # council's supervisors (the coordinator column) may see or run it.
    chair = member(Role.COORDINATOR, council, username="records-chair")
    series = tasking_services.series_create(
        created_by=chair, name="JATAC", kind="jatac", organisation=council, chair=chair
    )
    meeting = tasking_services.meeting_create(series=series, held_on=date.today(), created_by=chair)
    agenda_item = tasking_services.agenda_item_add(
        meeting=meeting, added_by=chair, case_reference=case.reference
    )
    document = services.case_document_add(
        case=case,
        uploaded_by=caseworker,
        upload=SimpleUploadedFile("note.txt", b"A note", content_type="text/plain"),
    )
    intervention = services.intervention_record(
        case=case,
        person=person,
        kind="mediation",
        recorded_by=caseworker,
        issued_on=date.today() - timedelta(days=30),
    )
    assert plan_import([row(plan="Access plan", task="Access task", partners="TP")]).ok
    partnership_indicators_ensure()
    token, _ = api_token_create(user=caseworker, name="Access token")
    # Sent to a target-hardening scheme the police provide (the partner officer receives it).
    hardening = Scheme.objects.create(
        code="target-hardening", name="Home security", kind="target_hardening", provider=police
    )
    referral = referral_services.referral_create(
        case=case, person=person, scheme=hardening, reason="Door", referred_by=caseworker
    )
    checklist = referral_services.risk_checklist_record(
        case=case,
        person=person,
        answers=dict.fromkeys(referral_dash.KEYS, "no"),
        professional_judgement=False,
        escalation=False,
        notes="",
        completed_by=caseworker,
    )
    cohort = cohort_services.cohort_create(name="Access cohort", kind="dyo", created_by=caseworker)
    cohort_member = cohort_services.cohort_member_add(
        cohort=cohort, person=person, joined_on=date.today(), added_by=caseworker
    )
    # A hate incident routed to the council by a co-ordinators' rule.
    routing_rule = hate_rule(council)
    reported_hate, _ = hate_incident()
    # A published neighbourhood with a team member (with a photo), an event and a priority.
    area = neighbourhood_factories.neighbourhood()
    team_member = neighbourhood_factories.team_member(area)
    team_member.photo.save("member.png", ContentFile(b"png"))
    # A Pubwatch the council runs with the police (whose partner officer is one of its staff),
    # a member premises with a member user who signed (in no column), an adult excluded with a
    # photograph, and an alert.
    scheme_admin = member(Role.CASEWORKER, council, username="records-scheme")
    pubwatch = scheme_factories.scheme(scheme_admin, police=police)
    premises = scheme_factories.business(scheme_admin, pubwatch)
    scheme_member = scheme_factories.member_user(scheme_admin, premises, username="records-bar")
    exclusion = scheme_factories.exclusion(
        scheme_admin, pubwatch, scheme_factories.person(council), [premises]
    )
    scheme_alert = scheme_services.alert_send(
        access=access_scheme(scheme_admin, pubwatch.pk),
        title="Access alert",
        body="Heading to the high street",
        sent_by=scheme_admin,
    )
    licensing_review = scheme_licensing.review_open(
        access=access_scheme(scheme_admin, pubwatch.pk),
        business_id=premises.pk,
        applied_on=date.today(),
        grounds="Access table review",
        recorded_by=scheme_admin,
    )
    return {
        "scheme_id": pubwatch.pk,
        "review_id": licensing_review.pk,
        "profile_id": exclusion.profile_id,
        "photo_id": exclusion.profile.photos.get().pk,
        "alert_id": scheme_alert.pk,
        "business_id": premises.pk,
        "place_id": premises.users.get(user=scheme_member).pk,
        "exclusion_id": exclusion.pk,
        "hate_incident_id": reported_hate.pk,
        "routing_rule_id": routing_rule.pk,
        "neighbourhood": area.slug,
        "team_member_id": team_member.pk,
        "event_id": neighbourhood_factories.event(area).pk,
        "priority_id": neighbourhood_factories.priority(area).pk,
        "key_id": token.key_id,  # the fixture caseworker's: no column's user owns it
        "case": case.reference,
        "case_id": case.pk,
        "application": application.reference,
        "application_id": application.pk,
        "recommendation_id": recommendation.pk,
        "report": spare.reference,
        "report_id": spare.pk,
        "report_photo_id": photo.pk,
        "person_id": person.pk,
        "assessment_id": assessment.pk,
        "task_id": task.pk,
        "document_id": document.pk,
        "intervention_id": intervention.pk,
        "referral_id": referral.pk,
        "checklist_id": checklist.pk,
        "scheme_code": hardening.code,
        "cohort_id": cohort.pk,
        "cohort_member_id": cohort_member.pk,
        "organisation_id": police.pk,
        "user_id": caseworker.pk,
        "plan": ActionPlan.objects.get(title="Access plan").pk,
        "plan_task": Task.objects.get(text="Access task").pk,
        "indicator": Indicator.objects.first().pk,
        "series": series.pk,
        "meeting": meeting.pk,
        "agenda_item": agenda_item.pk,
        "reference": case.reference,
        "assessed_report": first.reference,
        "year": f"{date.today().year - 1}-{date.today().year % 100:02d}",
    }


def path_of(name: str, pattern: URLPattern, records: dict) -> str:
    """The page's path with each argument taken from PATH_ARGUMENTS, else from `records`."""
    given = PATH_ARGUMENTS.get(name, {})
    kwargs = {}
    for argument in pattern.pattern.converters:
        source = given.get(argument, argument)
        kwargs[argument] = records.get(source, source)
    return reverse(name, kwargs=kwargs)


def api_path_of(operation: str, records: dict) -> tuple[str, str]:
    method, path = operation.split(" ", 1)
    given = PATH_ARGUMENTS.get(operation, {})
    for argument in [p.strip("{}") for p in path.split("/") if p.startswith("{")]:
        path = path.replace(f"{{{argument}}}", str(records[given.get(argument, argument)]))
    return method, path


def outcome_of(response) -> str:
    """The table's word for an answer: see OUTCOMES in access_table."""
    status = response.status_code
    if status in (301, 302, 303, 307, 308):
        location = response["Location"]
        return "login" if location.startswith(reverse("accounts:login")) else "ok"
    if status < 300:
        return "ok"
    return {401: "login"}.get(status, str(status))


def user_for(column: str, council, police):
    if column == "anonymous":
        return None
    if column == "other_org":
        return member(Role.CASEWORKER, OrganisationFactory(name="Unrelated Trust"))
    if column == Role.PARTNER_OFFICER:
        return member(Role.PARTNER_OFFICER, police, username="officer")
    return member(column, council, username=f"access-{column}")


@pytest.mark.parametrize("column", COLUMNS)
def test_each_role_gets_what_the_table_says(client, records, council, police, column):
    user = user_for(column, council, police)
    if user is not None:
        client.force_login(user)
        if column in TWO_FACTOR_ROLES:
            session = client.session
            session[DEVICE_ID_SESSION_KEY] = confirmed_device(user).persistent_id
            session.save()
    index = COLUMNS.index(column)
    wrong = []
    for name, pattern in url_patterns():
        path = path_of(name, pattern, records)
        got = outcome_of(client.get(path))
        expected = PAGES[name].split()[index]
        if got != expected:
            wrong.append(f"{name} GET {path}: expected {expected}, got {got}")
    # Bodies are empty: a role let through reaches validation (422), one refused stops before.
    for operation in api_operations():
        method, path = api_path_of(operation, records)
        send = getattr(client, method.lower())
        response = (
            send(path, data={}, content_type="application/json") if method != "GET" else send(path)
        )
        got = outcome_of(response)
        expected = API[operation].split()[index]
        if got != expected:
            wrong.append(f"{operation} {path}: expected {expected}, got {got}")
    assert not wrong, f"{column}: {len(wrong)} differences from the table:\n" + "\n".join(wrong)
