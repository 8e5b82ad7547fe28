"""Interventions managed after they are recorded (issue 11): varied, extended, discharged, ended
and court outcomes, with the history kept and the law's limits checked again; review dates from
the tool's rules; repealed tools only as past records; never against the victim; the live check
on the form; conditions and history on the case page; the same through the API."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from safer.audit.models import AuditEvent
from safer.cases import legal, services
from safer.cases.models import CaseEvent, Intervention, InterventionChange
from safer.cases.services import PersonInput
from safer.cases.tests.factories import report
from safer.cases.tests.test_api import post
from safer.partners.roles import Role
from safer.partners.tests.factories import OrganisationFactory, member
from safer.people.tests.factories import PersonFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def born(age: int) -> date:
    return date(TODAY.year - age, 1, 1) - timedelta(days=1)


@pytest.fixture
def people(council):
    return {
        "adult": PersonFactory(organisation=council, date_of_birth=born(30), first_name="Adam"),
        "young": PersonFactory(organisation=council, date_of_birth=born(15), first_name="Yan"),
        "victim": PersonFactory(organisation=council, date_of_birth=born(40), first_name="Vera"),
        "witness": PersonFactory(organisation=council, date_of_birth=born(50), first_name="Will"),
    }


@pytest.fixture
def case(caseworker, people):
    roles = [
        ("alleged_perpetrator", "adult"),
        ("alleged_perpetrator", "young"),
        ("victim", "victim"),
        ("reporter", "victim"),
        ("witness", "witness"),
    ]
    inputs = [PersonInput(role=role, person_id=people[name].pk) for role, name in roles]
    return services.case_open(opened_by=caseworker, reports=[report(caseworker, people=inputs)])


def record(case, person, user, kind="acceptable_behaviour_contract", **fields):
    fields.setdefault("issued_on", TODAY - timedelta(days=30))
    return services.intervention_record(
        case=case, person=person, kind=kind, recorded_by=user, **fields
    )


def closure_order(case, people, user, *, months_ago: int = 2):
    issued = legal.add_months(TODAY, -months_ago)
    return record(
        case,
        people["adult"],
        user,
        kind="closure_order",
        issued_on=issued,
        expires_on=legal.add_months(issued, 3),
    )


# --- History ----------------------------------------------------------------------------------


def test_recording_starts_the_history_and_sets_the_review_from_the_tools_rules(
    case, people, caseworker
):
    abc = record(case, people["adult"], caseworker, expires_on=TODAY + timedelta(days=150))
    assert abc.next_review_on == legal.add_months(abc.issued_on, 3)
    (row,) = abc.changes.all()
    assert row.kind == "recorded" and row.after["expires_on"] == abc.expires_on.isoformat()


def test_a_variation_is_kept_with_before_and_after_and_the_review_moves_on(
    case, people, caseworker
):
    abc = record(
        case,
        people["adult"],
        caseworker,
        issued_on=TODAY - timedelta(days=100),
        expires_on=TODAY + timedelta(days=150),
        conditions="Not to enter Nowhere Lane",
    )
    services.intervention_vary(
        intervention=abc,
        varied_by=caseworker,
        effective_on=TODAY,
        reason="Agreed at review",
        conditions="Not to enter Nowhere Lane or Elsewhere Road",
        expected_version=abc.version,
    )
    abc.refresh_from_db()
    assert abc.conditions == "Not to enter Nowhere Lane or Elsewhere Road"
    assert abc.version == 2
    # Reviews keep to the contract's 3-monthly anniversaries: the next one after today.
    assert abc.next_review_on == legal.add_months(abc.issued_on, 6)
    varied = abc.changes.get(kind="varied")
    assert varied.before["conditions"] == "Not to enter Nowhere Lane"
    assert varied.after["conditions"].endswith("Elsewhere Road")
    assert varied.reason == "Agreed at review" and varied.changed_by == caseworker
    assert abc.changes.count() == 2  # the first row is kept
    assert CaseEvent.objects.filter(case=case, summary__contains="varied").exists()
    assert AuditEvent.objects.filter(action="intervention.varied").exists()


def test_an_officers_review_date_wins_over_the_rule(case, people, caseworker):
    abc = record(case, people["adult"], caseworker, expires_on=TODAY + timedelta(days=150))
    services.intervention_vary(
        intervention=abc,
        varied_by=caseworker,
        effective_on=TODAY,
        reason="Moved",
        supervisor="Sam Support",
        next_review_on=TODAY + timedelta(days=10),
    )
    assert Intervention.objects.get().next_review_on == TODAY + timedelta(days=10)


def test_a_variation_must_change_something_and_give_a_reason(case, people, caseworker):
    abc = record(case, people["adult"], caseworker, conditions="A")
    with pytest.raises(ValidationError) as error:
        services.intervention_vary(
            intervention=abc, varied_by=caseworker, effective_on=TODAY, reason=" ", conditions="A"
        )
    assert {"change", "reason"} <= set(error.value.message_dict)
    assert abc.changes.count() == 1


def test_a_stale_version_is_refused(case, people, caseworker):
    abc = record(case, people["adult"], caseworker)
    services.intervention_vary(
        intervention=abc, varied_by=caseworker, effective_on=TODAY, reason="x", conditions="B"
    )
    with pytest.raises(services.Conflict):
        services.intervention_end(
            intervention=abc,
            ended_by=caseworker,
            effective_on=TODAY,
            reason="y",
            expected_version=1,
        )
    assert Intervention.objects.get().status == "active"


def test_a_breach_moves_the_version_on(case, people, caseworker):
    abc = record(case, people["adult"], caseworker)
    services.breach_record(
        intervention=abc, recorded_by=caseworker, occurred_on=TODAY, description="Shouted"
    )
    with pytest.raises(services.Conflict):
        services.intervention_end(
            intervention=abc,
            ended_by=caseworker,
            effective_on=TODAY,
            reason="y",
            expected_version=1,
        )


# --- The limits checked again -------------------------------------------------------------------


def test_a_closure_order_extends_to_6_months_in_all_and_no_further(case, people, caseworker):
    order = closure_order(case, people, caseworker)
    with pytest.raises(ValidationError) as error:
        services.intervention_extend(
            intervention=order,
            extended_by=caseworker,
            effective_on=TODAY,
            expires_on=legal.add_months(order.issued_on, 7),
            reason="Court extended it",
        )
    assert error.value.message_dict["expires_on"] == [legal.CLOSURE_ORDER_EXTENDED_TOO_LONG]
    services.intervention_extend(
        intervention=order,
        extended_by=caseworker,
        effective_on=TODAY,
        expires_on=legal.add_months(order.issued_on, 6),
        reason="Court extended it",
    )
    order.refresh_from_db()
    assert order.expires_on == legal.add_months(order.issued_on, 6)
    extended = order.changes.get(kind="extended")
    assert extended.before["expires_on"] == legal.add_months(order.issued_on, 3).isoformat()


def test_lengthening_a_closure_order_by_variation_needs_an_extension(case, people, caseworker):
    order = closure_order(case, people, caseworker)
    with pytest.raises(ValidationError) as error:
        services.intervention_vary(
            intervention=order,
            varied_by=caseworker,
            effective_on=TODAY,
            expires_on=legal.add_months(order.issued_on, 4),
            reason="x",
        )
    assert error.value.message_dict["expires_on"] == [legal.CLOSURE_ORDER_TOO_LONG]


def test_an_under_18s_injunction_cannot_be_extended_past_12_months(case, people, caseworker):
    issued = TODAY - timedelta(days=60)
    injunction = record(
        case,
        people["young"],
        caseworker,
        kind="civil_injunction",
        issued_on=issued,
        expires_on=issued + timedelta(days=200),
    )
    with pytest.raises(ValidationError) as error:
        services.intervention_extend(
            intervention=injunction,
            extended_by=caseworker,
            effective_on=TODAY,
            expires_on=legal.add_months(issued, 13),
            reason="x",
        )
    assert error.value.message_dict["expires_on"] == [legal.CI_UNDER_18_TOO_LONG]
    assert Intervention.objects.get().expires_on == issued + timedelta(days=200)


def test_an_extension_must_be_later_and_needs_an_end_date(case, people, caseworker):
    open_ended = record(case, people["adult"], caseworker, kind="warning_letter")
    with pytest.raises(ValidationError) as error:
        services.intervention_extend(
            intervention=open_ended,
            extended_by=caseworker,
            effective_on=TODAY,
            expires_on=TODAY + timedelta(days=9),
            reason="x",
        )
    assert "expires_on" in error.value.message_dict


def test_changes_cannot_be_dated_before_issue_or_in_the_future(case, people, caseworker):
    abc = record(case, people["adult"], caseworker)
    for day in (abc.issued_on - timedelta(days=1), TODAY + timedelta(days=1)):
        with pytest.raises(ValidationError) as error:
            services.intervention_end(
                intervention=abc, ended_by=caseworker, effective_on=day, reason="x"
            )
        assert "effective_on" in error.value.message_dict


# --- Discharge, end, court outcome --------------------------------------------------------------


def test_a_discharged_order_is_finished_and_changes_no_more(case, people, caseworker):
    order = closure_order(case, people, caseworker)
    services.intervention_discharge(
        intervention=order, discharged_by=caseworker, effective_on=TODAY, reason="Premises sold"
    )
    order.refresh_from_db()
    assert (order.status, order.ended_on, order.next_review_on) == ("discharged", TODAY, None)
    with pytest.raises(ValidationError) as error:
        services.intervention_vary(
            intervention=order, varied_by=caseworker, effective_on=TODAY, reason="x", hours=3
        )
    assert "no longer be changed" in error.value.message_dict["change"][0]


def test_only_a_court_order_is_discharged_or_has_a_court_outcome(case, people, caseworker):
    letter = record(case, people["adult"], caseworker, kind="warning_letter")
    with pytest.raises(ValidationError) as error:
        services.intervention_discharge(
            intervention=letter, discharged_by=caseworker, effective_on=TODAY, reason="x"
        )
    assert "change" in error.value.message_dict
    with pytest.raises(ValidationError):
        services.intervention_court_outcome(
            intervention=letter, recorded_by=caseworker, outcome="granted", hearing_on=TODAY
        )
    services.intervention_end(
        intervention=letter, ended_by=caseworker, effective_on=TODAY, reason="Behaviour stopped"
    )
    assert Intervention.objects.get().status == "ended"


def test_court_outcomes_set_the_status(case, people, caseworker):
    issued = TODAY - timedelta(days=20)
    injunction = record(
        case, people["adult"], caseworker, kind="civil_injunction", issued_on=issued
    )
    services.intervention_court_outcome(
        intervention=injunction,
        recorded_by=caseworker,
        outcome="interim_granted",
        hearing_on=issued,
        expires_on=TODAY + timedelta(days=14),
    )
    injunction.refresh_from_db()
    assert injunction.status == "interim" and injunction.court_outcome == "interim_granted"
    services.intervention_court_outcome(
        intervention=injunction, recorded_by=caseworker, outcome="adjourned", hearing_on=TODAY
    )
    services.intervention_court_outcome(
        intervention=injunction,
        recorded_by=caseworker,
        outcome="granted",
        hearing_on=TODAY,
        issued_on=TODAY,
        expires_on=TODAY + timedelta(days=365),
        notes="Full order at the return hearing",
    )
    injunction.refresh_from_db()
    assert (injunction.status, injunction.issued_on) == ("active", TODAY)
    outcomes = list(injunction.changes.values_list("court_outcome", flat=True))
    assert outcomes == ["granted", "adjourned", "interim_granted", ""]


def test_a_refusal_ends_it_and_a_granted_order_is_checked_again(case, people, caseworker):
    young = record(
        case,
        people["young"],
        caseworker,
        kind="civil_injunction",
        expires_on=TODAY + timedelta(days=100),
    )
    with pytest.raises(ValidationError) as error:
        services.intervention_court_outcome(
            intervention=young,
            recorded_by=caseworker,
            outcome="granted",
            hearing_on=TODAY,
            expires_on=TODAY + timedelta(days=600),
        )
    assert error.value.message_dict["expires_on"] == [legal.CI_UNDER_18_TOO_LONG]
    services.intervention_court_outcome(
        intervention=young, recorded_by=caseworker, outcome="refused", hearing_on=TODAY
    )
    young.refresh_from_db()
    assert (young.status, young.next_review_on) == ("refused", None)


def test_a_viewer_cannot_change_an_intervention(case, people, caseworker, council):
    abc = record(case, people["adult"], caseworker)
    with pytest.raises(PermissionDenied):
        services.intervention_end(
            intervention=abc, ended_by=member(Role.VIEWER, council), effective_on=TODAY, reason="x"
        )


# --- Repealed tools -----------------------------------------------------------------------------


def test_repealed_tools_are_labelled_and_listed_after_the_current_ones():
    (_, current), (repealed_group, repealed) = legal.GROUPED_CHOICES
    assert "asbo" not in dict(current)
    assert dict(repealed)["asbo"] == "Anti-social behaviour order (ASBO) (repealed)"
    assert {"asbo", "drinking_banning_order", "dispersal_order"} == set(dict(repealed))
    assert "20 October 2014" in repealed_group


def test_an_asbo_after_repeal_is_refused_saying_what_to_do(case, people, caseworker):
    with pytest.raises(ValidationError) as error:
        record(case, people["adult"], caseworker, kind="asbo", issued_on=date(2016, 3, 1))
    message = error.value.message_dict["issued_on"][0]
    assert "before 20 October 2014" in message and "historical record" in message


def test_a_repealed_tool_is_always_a_historical_record(case, people, caseworker):
    asbo = record(
        case,
        people["adult"],
        caseworker,
        kind="asbo",
        issued_on=date(2012, 5, 1),
        expires_on=date(2014, 5, 1),
    )
    assert (asbo.historical, asbo.status, asbo.next_review_on) == (True, "ended", None)
    late = record(
        case, people["adult"], caseworker, kind="asbo", issued_on=date(2015, 1, 5), historical=True
    )
    assert late.historical
    assert any("transitional" in warning for warning in late.warnings)


# --- Never against the victim -----------------------------------------------------------------


@pytest.mark.parametrize("name", ["victim", "witness"])
def test_an_order_is_never_recorded_against_a_victim_reporter_or_witness(
    case, people, caseworker, name
):
    with pytest.raises(ValidationError) as error:
        record(case, people[name], caseworker, kind="civil_injunction")
    assert "choose the alleged perpetrator" in error.value.message_dict["person_id"][0]
    assert not Intervention.objects.exists()


def test_support_may_name_anyone_on_the_case(case, people, caseworker):
    referral = record(case, people["victim"], caseworker, kind="referral_to_support")
    assert referral.person == people["victim"]


def test_the_api_refuses_the_victim_with_422_on_person_id(signed_in, case, people, caseworker):
    response = post(
        signed_in(caseworker),
        f"/api/v1/cases/{case.pk}/interventions",
        {"kind": "warning_letter", "person_id": people["victim"].pk, "issued_on": str(TODAY)},
    )
    assert response.status_code == 422
    assert [e["loc"] for e in response.json()["detail"]] == [["body", "person_id"]]


def test_the_form_offers_only_the_alleged_perpetrators(signed_in, case, people, caseworker):
    page = signed_in(caseworker).get(reverse("cases:intervention_create", args=[case.reference]))
    html = page.content.decode()
    assert people["adult"].full_name in html and people["young"].full_name in html
    assert people["victim"].full_name not in html
    assert people["witness"].full_name not in html
    assert "Anti-social behaviour order (ASBO) (repealed)" in html
    assert 'hx-post="' + reverse("cases:intervention_check", args=[case.reference]) in html


def test_the_form_refuses_a_victim_posted_anyway(signed_in, case, people, caseworker):
    response = signed_in(caseworker).post(
        reverse("cases:intervention_create", args=[case.reference]),
        {"kind": "warning_letter", "person": people["victim"].pk, "issued_on": str(TODAY)},
    )
    assert response.status_code == 200
    assert "Choose an alleged perpetrator from the list" in response.content.decode()
    assert not Intervention.objects.exists()


# --- The live check (htmx) ----------------------------------------------------------------------


def check(client, case, **data):
    return client.post(reverse("cases:intervention_check", args=[case.reference]), data)


def test_the_live_check_names_the_limit_broken_before_saving(signed_in, case, people, caseworker):
    client = signed_in(caseworker)
    response = check(
        client,
        case,
        kind="civil_injunction",
        person=people["young"].pk,
        issued_on=str(TODAY),
        expires_on=str(TODAY + timedelta(days=600)),
        people_for="perpetrators",
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Expiry date: " + legal.CI_UNDER_18_TOO_LONG in html
    assert legal.CI_SUPERVISOR in html  # the warnings too
    assert 'hx-swap-oob="true"' not in html  # the person list is already the right one
    assert not Intervention.objects.exists()
    fine = check(
        client,
        case,
        kind="civil_injunction",
        person=people["young"].pk,
        issued_on=str(TODAY),
        expires_on=str(TODAY + timedelta(days=200)),
        people_for="perpetrators",
    )
    assert "Within the limits the law sets" in fine.content.decode()


def test_the_live_check_shows_repealed_and_age_rules(signed_in, case, people, caseworker):
    client = signed_in(caseworker)
    asbo = check(client, case, kind="asbo", person=people["adult"].pk, issued_on=str(TODAY))
    assert "historical record" in asbo.content.decode() and "Repealed" in asbo.content.decode()
    cpw = check(
        client,
        case,
        kind="community_protection_warning",
        person=people["young"].pk,
        issued_on=str(TODAY),
    )
    assert "cannot be used against someone under 16" in cpw.content.decode()


def test_the_live_check_offers_everyone_for_support_only(signed_in, case, people, caseworker):
    client = signed_in(caseworker)
    html = check(client, case, kind="mediation", people_for="perpetrators").content.decode()
    assert 'hx-swap-oob="true"' in html and people["victim"].full_name in html
    back = check(client, case, kind="warning_letter", people_for="anyone").content.decode()
    assert 'hx-swap-oob="true"' in back and people["victim"].full_name not in back


def test_the_live_check_is_for_those_who_may_record(client, case, council):
    client.force_login(member(Role.VIEWER, council))
    assert check(client, case, kind="asbo").status_code == 403
    client.force_login(member(Role.CASEWORKER, OrganisationFactory(name="Elsewhere")))
    assert check(client, case, kind="asbo").status_code == 404


# --- The case page --------------------------------------------------------------------------------


def test_the_case_page_shows_conditions_and_history_and_the_change_pages_work(
    signed_in, case, people, caseworker
):
    order = closure_order(case, people, caseworker)
    services.intervention_vary(
        intervention=order,
        varied_by=caseworker,
        effective_on=TODAY,
        reason="Access for the landlord",
        conditions="No entry except the landlord's agents",
        hours=None,
    )
    client = signed_in(caseworker)
    html = client.get(reverse("cases:detail", args=[case.reference])).content.decode()
    assert "No entry except the landlord&#x27;s agents" in html
    assert "Access for the landlord" in html and "History" in html
    change_url = reverse("cases:intervention_change", args=[case.reference, order.pk, "extend"])
    assert change_url in html
    order.refresh_from_db()
    refused = client.post(
        change_url,
        {
            "version": order.version,
            "effective_on": str(TODAY),
            "expires_on": str(legal.add_months(order.issued_on, 8)),
            "reason": "Court hearing",
        },
    )
    assert legal.CLOSURE_ORDER_EXTENDED_TOO_LONG in refused.content.decode()
    saved = client.post(
        reverse("cases:intervention_change", args=[case.reference, order.pk, "court-outcome"]),
        {"version": order.version, "court_outcome": "refused", "effective_on": str(TODAY)},
    )
    assert saved.status_code == 302
    assert Intervention.objects.get().status == "refused"
    stale = client.post(
        reverse("cases:intervention_change", args=[case.reference, order.pk, "vary"]),
        {"version": order.version, "effective_on": str(TODAY), "reason": "x", "conditions": "y"},
    )
    assert stale.status_code == 200 and "no longer be changed" in stale.content.decode()


def test_court_pages_are_not_offered_for_other_tools(signed_in, case, people, caseworker):
    letter = record(case, people["adult"], caseworker, kind="warning_letter")
    client = signed_in(caseworker)
    for change in ("discharge", "court-outcome", "banish"):
        url = reverse("cases:intervention_change", args=[case.reference, letter.pk, change])
        assert client.get(url).status_code == 404
    url = reverse("cases:intervention_change", args=[case.reference, letter.pk, "end"])
    assert client.get(url).status_code == 200


# --- The API ------------------------------------------------------------------------------------


def changes_url(case, intervention) -> str:
    return f"/api/v1/cases/{case.pk}/interventions/{intervention.pk}/changes"


def test_api_changes_answer_the_intervention_with_its_history(signed_in, case, people, caseworker):
    api = signed_in(caseworker)
    order = closure_order(case, people, caseworker)
    extended = post(
        api,
        changes_url(case, order),
        {
            "change": "extended",
            "effective_on": str(TODAY),
            "expires_on": str(legal.add_months(order.issued_on, 5)),
            "reason": "Extended by the magistrates",
            "version": 1,
        },
    )
    assert extended.status_code == 201, extended.json()
    body = extended.json()
    assert body["expires_on"] == str(legal.add_months(order.issued_on, 5))
    assert [row["change"] for row in body["history"]] == ["extended", "recorded"]
    assert body["version"] == 2
    listed = api.get(f"/api/v1/cases/{case.pk}").json()["interventions"][0]
    assert listed["history"][0]["reason"] == "Extended by the magistrates"


def test_api_changes_refuse_what_the_law_does_not_allow(signed_in, case, people, caseworker):
    api = signed_in(caseworker)
    order = closure_order(case, people, caseworker)
    too_long = post(
        api,
        changes_url(case, order),
        {
            "change": "extended",
            "effective_on": str(TODAY),
            "expires_on": str(legal.add_months(order.issued_on, 9)),
            "reason": "x",
        },
    )
    assert too_long.status_code == 422
    assert too_long.json()["detail"][0]["loc"] == ["body", "expires_on"]
    no_outcome = post(
        api, changes_url(case, order), {"change": "court_outcome", "effective_on": str(TODAY)}
    )
    assert no_outcome.status_code == 422
    stale = post(
        api,
        changes_url(case, order),
        {"change": "ended", "effective_on": str(TODAY), "reason": "x", "version": 7},
    )
    assert stale.status_code == 409
    assert order.changes.count() == 1


def test_api_changes_for_others_answer_404_or_403(client, case, people, caseworker, council):
    order = closure_order(case, people, caseworker)
    body = {"change": "ended", "effective_on": str(TODAY), "reason": "x"}
    client.force_login(member(Role.CASEWORKER, OrganisationFactory(name="Elsewhere")))
    assert post(client, changes_url(case, order), body).status_code == 404
    client.force_login(member(Role.VIEWER, council))
    assert post(client, changes_url(case, order), body).status_code == 403
    client.force_login(caseworker)
    other = f"/api/v1/cases/{case.pk}/interventions/{order.pk + 999}/changes"
    assert post(client, other, body).status_code == 404
    assert Intervention.objects.get().status == "active"


def test_a_partner_may_change_an_intervention_on_a_shared_case(
    client, case, people, caseworker, police
):
    services.case_share(case=case, organisation=police, shared_by=caseworker)
    order = closure_order(case, people, caseworker)
    client.force_login(member(Role.PARTNER_OFFICER, police, username="officer"))
    response = post(
        client,
        changes_url(case, order),
        {"change": "varied", "effective_on": str(TODAY), "hours": 12, "reason": "Police asked"},
    )
    assert response.status_code == 201, response.json()
    row = InterventionChange.objects.get(kind="varied")
    assert row.organisation == police and row.after == {"hours": 12}
