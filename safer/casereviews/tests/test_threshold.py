"""The threshold rules at their edges, as plain functions (no database)."""

from datetime import date

from safer.casereviews.threshold import (
    ComplaintFacts,
    Rules,
    assess,
    decision_due,
    months_before,
    window_start,
)

RULES = Rules(complaints=3, reporting_days=31, window_months=6, hate_alone=False, decision_days=10)
RECEIVED = date(2026, 9, 15)


def facts(occurred: date, reported: date | None = None, **extra) -> ComplaintFacts:
    return ComplaintFacts(occurred_on=occurred, reported_on=reported or occurred, **extra)


def test_window_starts_six_calendar_months_before_and_clamps_short_months():
    assert window_start(RECEIVED, RULES) == date(2026, 3, 15)
    assert months_before(date(2026, 8, 31), 6) == date(2026, 2, 28)
    assert months_before(date(2026, 3, 10), 6) == date(2025, 9, 10)


def test_behaviour_on_the_first_day_of_the_window_counts_and_the_day_before_does_not():
    inside = assess([facts(date(2026, 3, 15))], received_on=RECEIVED, rules=RULES)
    outside = assess([facts(date(2026, 3, 14))], received_on=RECEIVED, rules=RULES)
    assert inside.verdicts[0].qualifying
    assert not outside.verdicts[0].qualifying
    assert "more than 6 months" in outside.verdicts[0].reason


def test_complaint_reported_31_days_after_counts_and_32_days_does_not():
    on_time = assess([facts(date(2026, 6, 1), date(2026, 7, 2))], received_on=RECEIVED, rules=RULES)
    late = assess([facts(date(2026, 6, 1), date(2026, 7, 3))], received_on=RECEIVED, rules=RULES)
    assert on_time.verdicts[0].qualifying
    assert not late.verdicts[0].qualifying
    assert "32 days" in late.verdicts[0].reason


def test_three_qualifying_complaints_meet_the_threshold_two_do_not():
    three = [facts(date(2026, 7, d)) for d in (1, 8, 15)]
    assert assess(three, received_on=RECEIVED, rules=RULES).met
    two = assess(three[:2], received_on=RECEIVED, rules=RULES)
    assert not two.met and two.qualifying == 2


def test_one_incident_reported_to_several_agencies_counts_once_the_first_reported():
    complaints = [
        facts(date(2026, 7, 1), date(2026, 7, 3), organisation_name="Test Police"),
        facts(date(2026, 7, 1), date(2026, 7, 1), organisation_name="Test Council"),
        facts(date(2026, 7, 8)),
    ]
    outcome = assess(complaints, received_on=RECEIVED, rules=RULES)
    assert outcome.qualifying == 2 and not outcome.met
    assert [v.qualifying for v in outcome.verdicts] == [False, True, True]
    assert "Test Council" in outcome.verdicts[0].reason
    assert "counts once" in outcome.verdicts[0].reason


def test_a_late_duplicate_does_not_hide_an_on_time_report_of_the_same_incident():
    complaints = [facts(date(2026, 7, 1), date(2026, 8, 20)), facts(date(2026, 7, 1))]
    outcome = assess(complaints, received_on=RECEIVED, rules=RULES)
    assert [v.qualifying for v in outcome.verdicts] == [False, True]


def test_hate_motivated_complaint_meets_the_threshold_alone_only_when_switched_on():
    hate = [facts(date(2026, 8, 1), hate_motivated=True)]
    assert not assess(hate, received_on=RECEIVED, rules=RULES).met
    alone = Rules(**{**RULES.__dict__, "hate_alone": True})
    outcome = assess(hate, received_on=RECEIVED, rules=alone)
    assert outcome.met and "hate-motivated" in outcome.explanation
    late_hate = [facts(date(2026, 6, 1), date(2026, 8, 1), hate_motivated=True)]
    assert not assess(late_hate, received_on=RECEIVED, rules=alone).met


def test_behaviour_after_the_application_does_not_count():
    outcome = assess([facts(date(2026, 9, 16))], received_on=RECEIVED, rules=RULES)
    assert not outcome.verdicts[0].qualifying


def test_decision_due_counts_working_days_over_christmas_and_new_year():
    # Received Monday 21 December 2026: 25 (Fri), 28 (Mon, Boxing Day substitute) and
    # 1 January 2027 are bank holidays, so ten working days end on 7 January 2027.
    assert decision_due(date(2026, 12, 21), RULES) == date(2027, 1, 7)
    # An ordinary fortnight: Monday + 10 working days is the Monday two weeks on.
    assert decision_due(date(2026, 9, 14), RULES) == date(2026, 9, 28)
