from datetime import date

import pytest

from safer.plans.timescales import timescale_parse


@pytest.mark.parametrize(
    ("text", "kind", "due"),
    [
        ("", "none", None),
        ("Ongoing", "ongoing", None),
        ("Ongoing dependant on intelligence received.", "ongoing", None),
        ("As opportunities present", "ongoing", None),
        ("Timescale to be determined", "tbd", None),
        ("Tbc", "tbd", None),
        ("To be completed by July 2008", "date", date(2008, 7, 31)),
        ("To be completed by October 2008.", "date", date(2008, 10, 31)),
        ("September 2009", "date", date(2009, 9, 30)),
        ("By April 2009", "date", date(2009, 4, 30)),
        ("March 09", "date", date(2009, 3, 31)),
        ("Sept 08", "date", date(2008, 9, 30)),
        ("By the end of the second quarter of 2008", "date", date(2008, 6, 30)),
        ("Starts in October 2008", "period", None),
        ("October 2008 \u2013 March 2009", "period", date(2009, 3, 31)),
        ("Between July 2008 and September 2008", "period", date(2008, 9, 30)),
        ("Life of both strategies", "period", None),
    ],
)
def test_timescales_as_seed_003_words_them(text, kind, due):
    parsed = timescale_parse(text)
    assert (parsed.kind, parsed.due_on) == (kind, due)
