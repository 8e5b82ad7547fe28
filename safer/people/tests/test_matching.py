from datetime import date

import pytest

from safer.people.matching import (
    CONTRADICTION_CAP,
    DOB_DAY_MONTH_SWAPPED,
    DOB_DIFFERENT,
    FIRST_NAME_NICKNAME,
    LAST_NAME_PART,
    LAST_NAME_TYPO,
    NAMES_SWAPPED,
    SAME_DOB,
    SAME_PHONE,
    SAME_POSTCODE,
    PersonData,
    damerau_levenshtein,
    jaro_winkler,
    match_score,
    normalise_address,
    normalise_name,
    normalise_phone,
    normalise_postcode,
    rank_matches,
    search_keys,
)

DOB = date(1980, 4, 12)
JOHN = PersonData(
    first_name="John",
    last_name="Smith",
    date_of_birth=DOB,
    postcode="OX16 5AZ",
    address="12 High Street, Banbury",
    phone="01295 221234",
    email="john.smith@example.org",
)


def test_nickname_with_same_date_of_birth_is_a_strong_match():
    match = match_score(PersonData("Jon", "Smith", DOB), JOHN)
    assert match.score >= 0.95
    assert FIRST_NAME_NICKNAME in match.reasons
    assert SAME_DOB in match.reasons


def test_transposed_letters_in_last_name_still_match():
    match = match_score(PersonData("John", "Smtih", DOB), JOHN)
    assert match.score >= 0.95
    assert LAST_NAME_TYPO in match.reasons


def test_matching_ignores_case_spaces_punctuation_and_accents():
    a = PersonData("  zoë ", "O'Brien", DOB, postcode="ox165az")
    b = PersonData("Zoe", "OBRIEN", DOB, postcode="OX16 5AZ")
    match = match_score(a, b)
    assert match.score >= 0.99
    assert SAME_POSTCODE in match.reasons


def test_different_date_of_birth_lowers_the_score_below_half():
    same = match_score(PersonData("John", "Smith", DOB), JOHN)
    other = match_score(PersonData("John", "Smith", date(1955, 9, 30)), JOHN)
    assert other.score < same.score
    assert other.score <= CONTRADICTION_CAP
    assert DOB_DIFFERENT in other.reasons


def test_father_and_son_sharing_a_home_are_not_proposed():
    son = PersonData(
        "John",
        "Smith",
        date(2004, 1, 5),
        postcode=JOHN.postcode,
        address=JOHN.address,
        phone=JOHN.phone,
    )
    assert match_score(son, JOHN).score < 0.6


def test_twins_are_not_proposed():
    twin = PersonData("James", "Smith", DOB, postcode=JOHN.postcode, phone=JOHN.phone)
    assert match_score(twin, JOHN).score < 0.6


def test_day_and_month_swapped_still_match():
    match = match_score(PersonData("John", "Smith", date(1980, 12, 4)), JOHN)
    assert match.score >= 0.9
    assert DOB_DAY_MONTH_SWAPPED in match.reasons


def test_same_phone_in_different_formats_matches():
    match = match_score(PersonData("Jon", "Smith", phone="+44 (0)1295 221234"), JOHN)
    assert SAME_PHONE in match.reasons
    assert match.score >= 0.95


def test_unrelated_people_score_low():
    match = match_score(
        PersonData("Alice", "Jones", date(1992, 7, 3), postcode="OX5 1AA", phone="07700900999"),
        JOHN,
    )
    assert match.score < 0.05


def test_names_typed_the_wrong_way_round_match():
    match = match_score(PersonData("Smith", "John", DOB), JOHN)
    assert match.score >= 0.9
    assert NAMES_SWAPPED in match.reasons


def test_name_change_with_same_dob_and_phone_is_still_proposed():
    married = PersonData("Mary", "Jones", DOB, phone="07700 900123")
    maiden = PersonData("Mary", "Smith", DOB, phone="07700900123")
    assert match_score(married, maiden).score >= 0.6
    double = match_score(PersonData("Mary", "Smith-Jones", DOB), maiden)
    assert LAST_NAME_PART in double.reasons
    assert double.score >= 0.9


def test_name_alone_is_a_possible_match_only():
    score = match_score(PersonData("John", "Smith"), JOHN).score
    assert 0.6 <= score < 0.9


def test_reasons_do_not_repeat_personal_data():
    match = match_score(PersonData("Jon", "Smtih", DOB, phone="01295221234"), JOHN)
    assert not any("Smith" in r or "Jon" in r or "1295" in r for r in match.reasons)


def test_rank_matches_orders_filters_and_limits():
    people = [
        PersonData("Alice", "Jones", date(1992, 7, 3)),
        PersonData("John", "Smith", date(1955, 9, 30)),
        PersonData("Johnny", "Smith", DOB),
        JOHN,
    ]
    ranked = rank_matches(PersonData("John", "Smith", DOB), people)
    assert [p for p, _ in ranked] == [JOHN, people[2]]
    assert ranked[0][1].score >= ranked[1][1].score
    assert rank_matches(PersonData("John", "Smith", DOB), people, limit=1) == ranked[:1]
    assert rank_matches(PersonData("John", "Smith", DOB), [], threshold=0) == []


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("+44 7700 900123", "07700900123"),
        ("0044 7700 900123", "07700900123"),
        ("447700900123", "07700900123"),
        ("+44 (0)1295 221234", "01295221234"),
        ("(01295) 221-234", "01295221234"),
        ("+1 202 555 0100", "+12025550100"),
        ("", ""),
        (None, ""),
    ],
)
def test_normalise_phone(raw, expected):
    assert normalise_phone(raw) == expected


def test_normalise_helpers():
    assert normalise_postcode(" ox16 5az ") == "OX165AZ"
    assert normalise_name(" O'Brien-Smith ") == "obriensmith"
    assert normalise_address("12, High St.") == "12 high street"


def test_string_similarity():
    assert damerau_levenshtein("smtih", "smith") == 1
    assert damerau_levenshtein("kitten", "sitting") == 3
    assert damerau_levenshtein("", "abc") == 3
    assert jaro_winkler("martha", "marhta") == pytest.approx(0.961, abs=0.001)
    assert jaro_winkler("dwayne", "duane") == pytest.approx(0.84, abs=0.001)
    assert jaro_winkler("abc", "xyz") == 0.0


def test_search_keys_for_the_database_prefilter():
    keys = search_keys(
        PersonData(
            "Jon",
            "Smith",
            DOB,
            postcode="ox16 5az",
            phone="+44 7700 900123",
            email=" Jon@Example.org ",
        )
    )
    assert keys.last_name_prefix == "sm"
    assert keys.first_name_prefix == "jo"
    assert keys.dates_of_birth == (DOB, date(1980, 12, 4))
    assert keys.phone == "07700900123"
    assert keys.email == "jon@example.org"
    assert keys.postcode == "OX165AZ"
    empty = search_keys(PersonData("", "", None, phone="123"))
    assert (empty.last_name_prefix, empty.dates_of_birth, empty.phone) == ("", (), "")
