from datetime import date

import pytest

from safer.cases.risk import (
    ANSWER_EXCLUSIVE,
    ANSWER_NOT_A_CHOICE,
    ANSWER_REQUIRED,
    BAND_ALREADY,
    BAND_CANNOT_BE_LOWERED,
    BAND_RAISE_NEEDS_REASON,
    DEFAULT_QUESTIONNAIRE,
    AnswersInvalid,
    Band,
    default_questionnaire,
    max_score,
    questionnaire_form,
    raise_band,
    review_deadlines,
    score_answers,
    score_screening,
    validate_questionnaire,
)


def calm_answers(definition=DEFAULT_QUESTIONNAIRE, *, screening_only=False) -> dict:
    """Answers that score nothing: the first zero-weight choice for every question."""
    answers = {}
    for question in definition["questions"]:
        if screening_only and not question.get("screening"):
            continue
        value = next(c["value"] for c in question["choices"] if c["weight"] == 0)
        answers[question["key"]] = [value] if question.get("multiple") else value
    return answers


def worst_answers(definition=DEFAULT_QUESTIONNAIRE) -> dict:
    answers = {}
    for question in definition["questions"]:
        best = max(question["choices"], key=lambda c: c["weight"])
        answers[question["key"]] = [best["value"]] if question.get("multiple") else best["value"]
    return answers


def text_of(key: str) -> str:
    return next(q["text"] for q in DEFAULT_QUESTIONNAIRE["questions"] if q["key"] == key)


# -- the shipped default ----------------------------------------------------------------------


def test_default_questionnaire_is_valid_and_documented():
    assert validate_questionnaire(DEFAULT_QUESTIONNAIRE) == []
    assert 15 <= len(DEFAULT_QUESTIONNAIRE["questions"]) <= 20
    assert any("Home Office" in note for note in DEFAULT_QUESTIONNAIRE["notes"])
    assert DEFAULT_QUESTIONNAIRE["victim_support_referral"] == {"score_above": 22}


def test_default_asks_the_published_screening_questions():
    screening = {q["key"] for q in DEFAULT_QUESTIONNAIRE["questions"] if q["screening"]}
    assert {
        "happened_before",
        "reported_elsewhere",
        "feel_targeted",
        "targeted_because",
        "household_disability",
        "affecting_health",
        "affecting_sleep",
        "afraid",
        "isolated",
        "thinking_of_moving",
    } <= screening
    targeted = next(q for q in DEFAULT_QUESTIONNAIRE["questions"] if q["key"] == "targeted_because")
    assert {c["value"] for c in targeted["choices"]} >= {
        "race_or_ethnicity",
        "religion_or_belief",
        "disability",
        "sexual_orientation",
        "transgender_identity",
        "age",
    }


def test_default_cadence_matches_the_issue():
    cadence = DEFAULT_QUESTIONNAIRE["cadence"]
    assert cadence["high"] == {"first_contact_working_days": 3, "review_days": 14}
    assert cadence["medium"] == {"first_contact_working_days": 10, "review_days": 28}
    assert cadence["standard"] == {"first_contact_working_days": 10, "review_days": 56}


def test_default_questionnaire_copy_does_not_share_state():
    copy = default_questionnaire()
    copy["questions"][0]["text"] = "Changed"
    assert DEFAULT_QUESTIONNAIRE["questions"][0]["text"] != "Changed"


def test_form_hides_weights():
    form = questionnaire_form(DEFAULT_QUESTIONNAIRE)
    assert form["version"] == DEFAULT_QUESTIONNAIRE["version"]
    choice = form["questions"][0]["choices"][0]
    assert set(choice) == {"value", "label"}


# -- scoring ----------------------------------------------------------------------------------


def test_calm_answers_are_standard_with_no_referral():
    result = score_answers(DEFAULT_QUESTIONNAIRE, calm_answers())
    assert result.score == 0
    assert result.band == Band.STANDARD
    assert not result.refer_to_victim_support
    assert not result.vulnerable
    assert result.version == DEFAULT_QUESTIONNAIRE["version"]


def test_worst_answers_score_the_maximum_and_are_high():
    result = score_answers(DEFAULT_QUESTIONNAIRE, worst_answers())
    assert result.score == max_score(DEFAULT_QUESTIONNAIRE)
    assert result.band == Band.HIGH
    assert result.refer_to_victim_support
    assert result.vulnerable


def test_bands_follow_the_thresholds():
    answers = calm_answers()
    # 4 + 2 + 3 + 3 + 2 = 14: the medium threshold exactly.
    answers |= {
        "happened_before": "many_times",
        "reported_elsewhere": "yes",
        "feel_targeted": "yes",
        "afraid": "yes",
        "affecting_sleep": "yes",
    }
    result = score_answers(DEFAULT_QUESTIONNAIRE, answers)
    assert (result.score, result.band) == (14, Band.MEDIUM)
    answers["affecting_sleep"] = "partly"
    assert score_answers(DEFAULT_QUESTIONNAIRE, answers).band == Band.STANDARD


def test_referral_to_victim_support_is_strictly_above_22():
    answers = calm_answers() | {
        "happened_before": "many_times",  # 4
        "reported_elsewhere": "yes",  # 2
        "feel_targeted": "yes",  # 3
        "afraid": "yes",  # 3
        "affecting_sleep": "yes",  # 2
        "unsafe_at_home": "yes",  # 4
        "getting_worse": "yes",  # 3
        "expect_again": "dont_know",  # 1
    }
    assert score_answers(DEFAULT_QUESTIONNAIRE, answers).score == 22
    assert not score_answers(DEFAULT_QUESTIONNAIRE, answers).refer_to_victim_support
    answers["expect_again"] = "yes"
    assert score_answers(DEFAULT_QUESTIONNAIRE, answers).refer_to_victim_support


def test_protected_characteristic_with_disabled_household_member_forces_high():
    answers = calm_answers() | {"targeted_because": ["religion_or_belief"]}
    answers["household_disability"] = "yes"
    result = score_answers(DEFAULT_QUESTIONNAIRE, answers)
    assert result.score == 7
    assert result.computed_band == Band.STANDARD
    assert result.band == Band.HIGH
    assert result.forced_high_reasons == [DEFAULT_QUESTIONNAIRE["mandatory_high"][0]["reason"]]


def test_cleaned_answers_are_kept_for_storing():
    answers = calm_answers() | {"targeted_because": "age", "afraid": "yes"}
    result = score_answers(DEFAULT_QUESTIONNAIRE, answers)
    assert result.answers["targeted_because"] == ["age"]
    assert result.answers["afraid"] == "yes"
    assert set(result.answers) == {q["key"] for q in DEFAULT_QUESTIONNAIRE["questions"]}


def test_answers_must_be_an_object():
    with pytest.raises(AnswersInvalid) as raised:
        score_answers(DEFAULT_QUESTIONNAIRE, ["yes"])
    assert set(raised.value.errors) == {"answers"}


def test_several_reasons_for_targeting_score_once():
    one = calm_answers() | {"targeted_because": ["race_or_ethnicity"]}
    two = calm_answers() | {"targeted_because": ["race_or_ethnicity", "religion_or_belief"]}
    assert score_answers(DEFAULT_QUESTIONNAIRE, one).score == 4
    assert score_answers(DEFAULT_QUESTIONNAIRE, two).score == 4


def test_sum_list_scoring_adds_every_choice():
    definition = default_questionnaire()
    targeted = next(q for q in definition["questions"] if q["key"] == "targeted_because")
    targeted["list_scoring"] = "sum"
    answers = calm_answers() | {"targeted_because": ["race_or_ethnicity", "age"]}
    assert score_answers(definition, answers).score == 8


def test_vulnerability_answers_mark_the_victim_vulnerable():
    answers = calm_answers() | {"caring_for_someone": "yes", "affecting_health": "partly"}
    result = score_answers(DEFAULT_QUESTIONNAIRE, answers)
    assert result.vulnerable
    assert result.vulnerability_reasons == [
        f"{text_of('affecting_health')} Partly",
        f"{text_of('caring_for_someone')} Yes",
    ]


def test_unanswered_question_names_it():
    answers = calm_answers()
    del answers["afraid"]
    answers["isolated"] = ""
    with pytest.raises(AnswersInvalid) as raised:
        score_answers(DEFAULT_QUESTIONNAIRE, answers)
    assert raised.value.errors == {
        "afraid": ANSWER_REQUIRED.format(text=text_of("afraid")),
        "isolated": ANSWER_REQUIRED.format(text=text_of("isolated")),
    }
    assert isinstance(raised.value, ValueError)


def test_answer_not_among_the_choices_is_refused():
    answers = calm_answers() | {"afraid": "maybe", "targeted_because": ["none", "age"]}
    with pytest.raises(AnswersInvalid) as raised:
        score_answers(DEFAULT_QUESTIONNAIRE, answers)
    assert raised.value.errors["afraid"] == ANSWER_NOT_A_CHOICE.format(text=text_of("afraid"))
    assert raised.value.errors["targeted_because"] == ANSWER_EXCLUSIVE.format(
        label="None of these", text=text_of("targeted_because")
    )


def test_unknown_question_is_refused():
    with pytest.raises(AnswersInvalid) as raised:
        score_answers(DEFAULT_QUESTIONNAIRE, calm_answers() | {"shoe_size": "yes"})
    assert set(raised.value.errors) == {"shoe_size"}


def test_screening_needs_only_screening_questions():
    answers = calm_answers(screening_only=True) | {
        "targeted_because": ["disability"],
        "household_disability": "yes",
    }
    result = score_screening(DEFAULT_QUESTIONNAIRE, answers)
    assert result.screening_only
    assert result.band == Band.HIGH
    assert result.forced_high_reasons
    with pytest.raises(AnswersInvalid):
        score_answers(DEFAULT_QUESTIONNAIRE, answers)


def test_screening_ignores_rules_on_questions_not_yet_asked():
    answers = calm_answers(screening_only=True)
    result = score_screening(DEFAULT_QUESTIONNAIRE, answers | {"unsafe_at_home": None})
    assert result.band == Band.STANDARD
    with pytest.raises(AnswersInvalid) as raised:
        score_screening(DEFAULT_QUESTIONNAIRE, answers | {"unsafe_at_home": "often"})
    assert set(raised.value.errors) == {"unsafe_at_home"}


# -- validation -------------------------------------------------------------------------------


def test_validation_names_duplicate_keys_and_bad_choices():
    definition = default_questionnaire()
    definition["questions"][1]["key"] = definition["questions"][0]["key"]
    definition["questions"][2]["choices"][0]["weight"] = -1
    definition["questions"][3]["choices"].append({"value": "age", "label": "Age", "weight": 1})
    definition["questions"][4]["weigth"] = 3
    errors = validate_questionnaire(definition)
    assert "Question 'happened_before': duplicate key" in errors
    assert (
        "Question 'feel_targeted', choice 'yes': weight must be a whole number of 0 or more"
        in errors
    )
    assert "Question 'targeted_because', choice 'age': duplicate value" in errors
    assert "Question 'household_disability': unknown field 'weigth'" in errors


def test_validation_catches_thresholds_rules_and_cadence():
    definition = default_questionnaire()
    definition["thresholds"] = {"medium": 30, "high": 20}
    definition["mandatory_high"][0]["when"][1]["values"] = ["perhaps"]
    definition["mandatory_high"].append({"reason": "x", "when": [{"question": "nope"}]})
    del definition["cadence"]["medium"]
    definition["cadence"]["high"]["review_days"] = 0
    errors = validate_questionnaire(definition)
    assert "thresholds: medium must be lower than high" in errors
    assert "mandatory_high[0], question 'household_disability': unknown value 'perhaps'" in errors
    assert "mandatory_high[3]: unknown question 'nope'" in errors
    assert "cadence: missing for band 'medium'" in errors
    assert "cadence.high: review_days must be 1 or more" in errors


def test_validation_catches_unreachable_high_threshold_and_no_screening():
    definition = default_questionnaire()
    definition["thresholds"]["high"] = 500
    for question in definition["questions"]:
        question["screening"] = False
    errors = validate_questionnaire(definition)
    assert "thresholds: high (500) is above the maximum score (51)" in errors
    assert "questions: mark at least one question as a screening question" in errors


def test_validation_of_garbage_does_not_crash():
    assert validate_questionnaire([]) == ["The questionnaire must be a JSON object"]
    errors = validate_questionnaire({"questions": [None, {"key": "A b"}]})
    assert "version: give a version number or label" in errors
    assert "questions[0]: each question must be a JSON object" in errors
    assert "questions[1]: key must be lower case letters, digits and underscores" in errors
    assert "cadence: give the first contact and review interval for each band" in errors


# -- overrides and deadlines ------------------------------------------------------------------


def test_band_can_be_raised_with_a_reason():
    assert raise_band("standard", "high", "Victim's son was assaulted last week") == Band.HIGH


@pytest.mark.parametrize(
    ("current", "requested", "reason", "message"),
    [
        (
            "high",
            "medium",
            "Calmer now",
            BAND_CANNOT_BE_LOWERED.format(current="high", requested="medium"),
        ),
        ("medium", "high", "  ", BAND_RAISE_NEEDS_REASON),
        ("medium", "medium", "Same", BAND_ALREADY.format(current="medium")),
    ],
)
def test_band_cannot_be_lowered_or_raised_without_reason(current, requested, reason, message):
    with pytest.raises(ValueError, match=message):
        raise_band(current, requested, reason)


def test_high_risk_deadlines_use_working_days_then_calendar_days():
    # Thursday 24 December 2026: Christmas and the Boxing Day substitute are not working days.
    first, review = review_deadlines(DEFAULT_QUESTIONNAIRE, "high", date(2026, 12, 24))
    assert first == date(2026, 12, 31)
    assert review == date(2027, 1, 7)


def test_standard_and_medium_deadlines():
    assert review_deadlines(DEFAULT_QUESTIONNAIRE, Band.MEDIUM, date(2026, 11, 24)) == (
        date(2026, 12, 8),
        date(2026, 12, 22),
    )
    assert review_deadlines(DEFAULT_QUESTIONNAIRE, Band.STANDARD, date(2026, 11, 24))[1] == date(
        2027, 1, 19
    )


def test_risk_cadence_setting_overrides_the_questionnaire(settings):
    settings.RISK_CADENCE = {"high": {"first_contact_working_days": 1}}
    first, review = review_deadlines(DEFAULT_QUESTIONNAIRE, "high", date(2026, 11, 24))
    assert first == date(2026, 11, 25)
    assert review == date(2026, 12, 8)
