from datetime import date, time

import pytest

from safer.cases.legal import (
    ABC_LONGER_THAN_USUAL,
    ABOLISHED,
    AGE_UNKNOWN,
    ASBO_TOO_SHORT,
    CBO_ADULT_TOO_SHORT,
    CBO_UNDER_18_LENGTH,
    CBO_YOT_VIEWS,
    CI_UNDER_18_NEEDS_EXPIRY,
    CI_UNDER_18_TOO_LONG,
    CLOSURE_NOTICE_TOO_LONG,
    CLOSURE_ORDER_EXTENDED_TOO_LONG,
    CLOSURE_ORDER_TOO_LONG,
    CPN_WITHOUT_WARNING,
    DBO_LENGTH,
    DISPERSAL_ORDER_TOO_LONG,
    DISPERSAL_TOO_LONG,
    EXPIRES_BEFORE_ISSUE,
    GRANTED_ON_EARLIER_APPLICATION,
    NOISE_FPN_WITHOUT_WARNING,
    NOISE_OUTSIDE_NIGHT,
    NOT_YET_IN_FORCE,
    PSPO_BREACH_OUTSIDE_ORDER,
    PSPO_TOO_LONG,
    PUBLICITY_AGE_UNKNOWN,
    PUBLICITY_ALLOWED,
    PUBLICITY_NOT_COURT_ORDER,
    PUBLICITY_UNDER_18,
    TOO_YOUNG,
    TOOLS,
    UNKNOWN_KIND,
    InterventionKind,
    abatement_appeal_deadline,
    add_months,
    check,
    is_night_hours,
    next_review_due,
    publicity_allowed,
)

K = InterventionKind
ISSUED = date(2026, 3, 2)


def test_every_kind_in_the_api_is_registered_with_its_statute():
    assert {k.value for k in K} == {
        "warning_letter",
        "acceptable_behaviour_contract",
        "mediation",
        "referral_to_support",
        "civil_injunction",
        "criminal_behaviour_order",
        "dispersal_direction",
        "community_protection_warning",
        "community_protection_notice",
        "public_spaces_protection_order_breach",
        "closure_notice",
        "closure_order",
        "possession_proceedings",
        "community_remedy",
        "asbo",
        "drinking_banning_order",
        "dispersal_order",
        "abatement_notice",
        "noise_act_warning_notice",
        "noise_act_fixed_penalty",
        "litter_fixed_penalty",
        "warrant_to_seize_noise_equipment",
    }
    assert set(TOOLS) == set(K)
    assert TOOLS[K.CIVIL_INJUNCTION].statute == (
        "Anti-social Behaviour, Crime and Policing Act 2014 Part 1"
    )
    assert TOOLS[K.ABATEMENT_NOTICE].statute == "Environmental Protection Act 1990 s80"
    assert {k for k, t in TOOLS.items() if t.historical} == {
        K.ASBO,
        K.DRINKING_BANNING_ORDER,
        K.DISPERSAL_ORDER,
    }


def test_unknown_kind_is_an_error_on_kind():
    assert check("parking_ticket", issued_on=ISSUED).errors == {"kind": UNKNOWN_KIND}


def test_expiry_before_issue_is_refused():
    result = check(K.WARNING_LETTER, issued_on=ISSUED, expires_on=date(2026, 3, 1))
    assert result.errors == {"expires_on": EXPIRES_BEFORE_ISSUE}


# -- civil injunction -------------------------------------------------------------------------


def test_civil_injunction_under_18_at_most_12_months():
    ok = check(K.CIVIL_INJUNCTION, subject_age=15, issued_on=ISSUED, expires_on=date(2027, 3, 2))
    assert ok.ok
    long = check(K.CIVIL_INJUNCTION, subject_age=15, issued_on=ISSUED, expires_on=date(2027, 3, 3))
    assert long.errors == {"expires_on": CI_UNDER_18_TOO_LONG}
    assert long.errors["expires_on"] == (
        "A civil injunction against someone under 18 can last at most 12 months"
    )


def test_civil_injunction_under_18_needs_an_end_date_but_an_adult_does_not():
    young = check(K.CIVIL_INJUNCTION, subject_age=17, issued_on=ISSUED)
    assert young.errors == {"expires_on": CI_UNDER_18_NEEDS_EXPIRY}
    assert check(K.CIVIL_INJUNCTION, subject_age=18, issued_on=ISSUED).ok


def test_civil_injunction_respondent_must_be_10_or_over():
    result = check(K.CIVIL_INJUNCTION, subject_age=9, issued_on=ISSUED)
    assert result.errors == {"subject_age": TOO_YOUNG.format(a_label="A civil injunction", age=10)}


def test_civil_injunction_did_not_exist_before_the_2014_act():
    result = check(K.CIVIL_INJUNCTION, subject_age=30, issued_on=date(2014, 10, 19))
    assert result.errors == {"issued_on": NOT_YET_IN_FORCE.format(a_label="A civil injunction")}


def test_unknown_age_is_a_warning():
    result = check(K.CIVIL_INJUNCTION, issued_on=ISSUED)
    assert result.ok
    assert AGE_UNKNOWN.format(a_label="a civil injunction") in result.warnings


# -- criminal behaviour order -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("expires_on", "ok"),
    [
        (date(2027, 3, 1), False),
        (date(2027, 3, 2), True),
        (date(2029, 3, 2), True),
        (date(2029, 3, 3), False),
        (None, False),
    ],
)
def test_cbo_under_18_lasts_1_to_3_years(expires_on, ok):
    result = check(
        K.CRIMINAL_BEHAVIOUR_ORDER, subject_age=16, issued_on=ISSUED, expires_on=expires_on
    )
    assert result.ok is ok
    if not ok:
        assert result.errors == {"expires_on": CBO_UNDER_18_LENGTH}
    assert CBO_YOT_VIEWS in result.warnings


def test_cbo_adult_at_least_2_years_or_indefinite():
    short = check(
        K.CRIMINAL_BEHAVIOUR_ORDER, subject_age=25, issued_on=ISSUED, expires_on=date(2028, 3, 1)
    )
    assert short.errors == {"expires_on": CBO_ADULT_TOO_SHORT}
    assert check(K.CRIMINAL_BEHAVIOUR_ORDER, subject_age=25, issued_on=ISSUED).ok
    assert check(
        K.CRIMINAL_BEHAVIOUR_ORDER, subject_age=25, issued_on=ISSUED, expires_on=date(2028, 3, 2)
    ).ok


# -- dispersal, community protection, PSPO ----------------------------------------------------


def test_dispersal_direction_at_most_48_hours_and_not_under_10():
    assert check(K.DISPERSAL_DIRECTION, subject_age=14, issued_on=ISSUED, hours=48).ok
    long = check(K.DISPERSAL_DIRECTION, subject_age=14, issued_on=ISSUED, hours=49)
    assert long.errors == {"hours": DISPERSAL_TOO_LONG}
    by_dates = check(
        K.DISPERSAL_DIRECTION, subject_age=20, issued_on=ISSUED, expires_on=date(2026, 3, 5)
    )
    assert by_dates.errors == {"expires_on": DISPERSAL_TOO_LONG}
    assert "subject_age" in check(K.DISPERSAL_DIRECTION, subject_age=9, issued_on=ISSUED).errors


def test_community_protection_notice_recipient_16_or_a_body():
    result = check(K.COMMUNITY_PROTECTION_NOTICE, subject_age=15, issued_on=ISSUED)
    assert result.errors == {
        "subject_age": TOO_YOUNG.format(a_label="A community protection notice", age=16)
    }
    assert check(
        K.COMMUNITY_PROTECTION_WARNING, subject_age=15, issued_on=ISSUED, recipient_is_body=True
    ).ok


def test_community_protection_notice_should_follow_a_warning():
    bare = check(K.COMMUNITY_PROTECTION_NOTICE, subject_age=40, issued_on=ISSUED)
    assert bare.ok
    assert CPN_WITHOUT_WARNING in bare.warnings
    after_warning = check(
        K.COMMUNITY_PROTECTION_NOTICE,
        subject_age=40,
        issued_on=ISSUED,
        prior_interventions=["community_protection_warning"],
    )
    assert CPN_WITHOUT_WARNING not in after_warning.warnings


def test_pspo_breach_checks_the_order_period():
    made = date(2025, 1, 1)
    assert check(
        K.PUBLIC_SPACES_PROTECTION_ORDER_BREACH,
        subject_age=30,
        issued_on=ISSUED,
        order_made_on=made,
        order_expires_on=date(2028, 1, 1),
    ).ok
    too_long = check(
        K.PUBLIC_SPACES_PROTECTION_ORDER_BREACH,
        subject_age=30,
        issued_on=ISSUED,
        order_made_on=made,
        order_expires_on=date(2028, 1, 2),
    )
    assert too_long.errors == {"order_expires_on": PSPO_TOO_LONG}
    lapsed = check(
        K.PUBLIC_SPACES_PROTECTION_ORDER_BREACH,
        subject_age=30,
        issued_on=ISSUED,
        order_made_on=made,
        order_expires_on=date(2026, 1, 1),
    )
    assert lapsed.errors == {"issued_on": PSPO_BREACH_OUTSIDE_ORDER}


# -- closure ----------------------------------------------------------------------------------


def test_closure_notice_24_hours_or_48_when_senior_signed():
    assert check(K.CLOSURE_NOTICE, issued_on=ISSUED, hours=24).ok
    assert check(K.CLOSURE_NOTICE, issued_on=ISSUED, hours=48).errors == {
        "hours": CLOSURE_NOTICE_TOO_LONG
    }
    assert check(K.CLOSURE_NOTICE, issued_on=ISSUED, hours=48, senior_signed=True).ok


def test_closure_order_3_months_or_6_with_extension():
    three = date(2026, 6, 2)
    assert check(K.CLOSURE_ORDER, issued_on=ISSUED, expires_on=three).ok
    four = date(2026, 7, 2)
    assert check(K.CLOSURE_ORDER, issued_on=ISSUED, expires_on=four).errors == {
        "expires_on": CLOSURE_ORDER_TOO_LONG
    }
    assert check(K.CLOSURE_ORDER, issued_on=ISSUED, expires_on=four, extended=True).ok
    seven = date(2026, 10, 2)
    assert check(K.CLOSURE_ORDER, issued_on=ISSUED, expires_on=seven, extended=True).errors == {
        "expires_on": CLOSURE_ORDER_EXTENDED_TOO_LONG
    }


# -- older tools ------------------------------------------------------------------------------


def test_asbo_cannot_be_issued_after_abolition():
    result = check(K.ASBO, subject_age=30, issued_on=date(2014, 10, 20))
    assert result.errors == {
        "issued_on": ABOLISHED.format(a_label="An anti-social behaviour order (ASBO)")
    }


def test_asbo_granted_after_abolition_on_an_earlier_application_is_a_warning():
    result = check(K.ASBO, subject_age=30, issued_on=date(2014, 11, 3), applied_on=date(2014, 9, 1))
    assert result.ok
    assert GRANTED_ON_EARLIER_APPLICATION in result.warnings


def test_asbo_minimum_two_years_or_indefinite():
    issued = date(2013, 5, 1)
    assert check(K.ASBO, subject_age=15, issued_on=issued, expires_on=date(2015, 4, 30)).errors == {
        "expires_on": ASBO_TOO_SHORT
    }
    assert check(K.ASBO, subject_age=15, issued_on=issued).ok


def test_acceptable_behaviour_contract_age_and_length():
    assert (
        "subject_age"
        in check(K.ACCEPTABLE_BEHAVIOUR_CONTRACT, subject_age=9, issued_on=ISSUED).errors
    )
    six = check(
        K.ACCEPTABLE_BEHAVIOUR_CONTRACT,
        subject_age=12,
        issued_on=ISSUED,
        expires_on=date(2026, 9, 2),
    )
    assert six.ok
    assert ABC_LONGER_THAN_USUAL not in six.warnings
    year = check(
        K.ACCEPTABLE_BEHAVIOUR_CONTRACT,
        subject_age=12,
        issued_on=ISSUED,
        expires_on=date(2027, 3, 2),
    )
    assert year.ok
    assert ABC_LONGER_THAN_USUAL in year.warnings


@pytest.mark.parametrize(
    ("age", "expires_on", "field"),
    [
        (15, date(2013, 3, 1), "subject_age"),
        (16, date(2012, 2, 29), "expires_on"),
        (16, date(2014, 1, 2), "expires_on"),
    ],
)
def test_drinking_banning_order_16_plus_2_months_to_2_years(age, expires_on, field):
    result = check(
        K.DRINKING_BANNING_ORDER, subject_age=age, issued_on=date(2012, 1, 1), expires_on=expires_on
    )
    assert set(result.errors) == {field}
    if field == "expires_on":
        assert result.errors[field] == DBO_LENGTH


def test_drinking_banning_order_within_limits_is_accepted():
    assert check(
        K.DRINKING_BANNING_ORDER,
        subject_age=16,
        issued_on=date(2012, 1, 1),
        expires_on=date(2014, 1, 1),
    ).ok


def test_2003_dispersal_order_up_to_6_months_and_abolished():
    issued = date(2012, 1, 1)
    assert check(K.DISPERSAL_ORDER, issued_on=issued, expires_on=date(2012, 7, 1)).ok
    assert check(K.DISPERSAL_ORDER, issued_on=issued, expires_on=date(2012, 7, 2)).errors == {
        "expires_on": DISPERSAL_ORDER_TOO_LONG
    }
    assert "issued_on" in check(K.DISPERSAL_ORDER, issued_on=date(2015, 1, 1)).errors


def test_abatement_notice_appeal_deadline_is_21_days_from_service():
    assert abatement_appeal_deadline(date(2026, 3, 2)) == date(2026, 3, 23)
    result = check(K.ABATEMENT_NOTICE, issued_on=ISSUED, served_on=date(2026, 3, 3))
    assert result.ok
    assert result.warnings == [
        "The recipient can appeal to the magistrates' court until 24 March 2026 "
        "(21 days from service)"
    ]


def test_noise_act_night_hours():
    assert is_night_hours(time(23, 0))
    assert is_night_hours(time(6, 59))
    assert not is_night_hours(time(7, 0))
    assert not is_night_hours(time(22, 59))
    evening = check(K.NOISE_ACT_WARNING_NOTICE, issued_on=ISSUED, noise_at=time(21, 30))
    assert evening.ok
    assert evening.warnings == [NOISE_OUTSIDE_NIGHT]
    assert check(K.NOISE_ACT_WARNING_NOTICE, issued_on=ISSUED, noise_at=time(1, 0)).warnings == []


def test_noise_act_fixed_penalty_should_follow_a_warning_notice():
    result = check(K.NOISE_ACT_FIXED_PENALTY, issued_on=ISSUED, noise_at=time(0, 30))
    assert result.warnings == [NOISE_FPN_WITHOUT_WARNING]
    followed = check(
        K.NOISE_ACT_FIXED_PENALTY,
        issued_on=ISSUED,
        noise_at=time(0, 30),
        prior_interventions=[K.NOISE_ACT_WARNING_NOTICE],
    )
    assert followed.warnings == []


# -- reviews and publicity --------------------------------------------------------------------


def test_next_review_due():
    assert next_review_due(K.CRIMINAL_BEHAVIOUR_ORDER, 16, ISSUED) == date(2027, 3, 2)
    assert next_review_due(K.CRIMINAL_BEHAVIOUR_ORDER, 30, ISSUED) is None
    assert next_review_due(K.ACCEPTABLE_BEHAVIOUR_CONTRACT, 30, ISSUED) == date(2026, 6, 2)
    assert next_review_due(K.ASBO, 16, date(2013, 1, 10)) == date(2014, 1, 10)
    assert next_review_due(K.ASBO, 17, date(2013, 1, 10)) is None
    assert next_review_due(K.WARNING_LETTER, 12, ISSUED) is None


@pytest.mark.parametrize(
    ("kind", "age", "expected"),
    [
        (K.CIVIL_INJUNCTION, 17, (False, PUBLICITY_UNDER_18)),
        (K.CIVIL_INJUNCTION, 18, (True, PUBLICITY_ALLOWED)),
        (K.CRIMINAL_BEHAVIOUR_ORDER, None, (False, PUBLICITY_AGE_UNKNOWN)),
        (K.COMMUNITY_PROTECTION_NOTICE, 40, (False, PUBLICITY_NOT_COURT_ORDER)),
        (K.ACCEPTABLE_BEHAVIOUR_CONTRACT, 40, (False, PUBLICITY_NOT_COURT_ORDER)),
        (K.CLOSURE_ORDER, None, (True, PUBLICITY_ALLOWED)),
        (K.CLOSURE_ORDER, 16, (False, PUBLICITY_UNDER_18)),
        (K.ASBO, 15, (False, PUBLICITY_UNDER_18)),
    ],
)
def test_publicity_only_for_court_orders_and_never_for_under_18s(kind, age, expected):
    assert publicity_allowed(kind, age) == expected


def test_add_months_clamps_to_month_end():
    assert add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert add_months(date(2024, 2, 29), 12) == date(2025, 2, 28)
    assert add_months(date(2026, 11, 30), 3) == date(2027, 2, 28)
