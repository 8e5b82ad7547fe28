"""The per-caller limit: uses counted in the database, refusals counting nothing."""

from datetime import timedelta

import pytest

from safer.core import ratelimit
from safer.core.models import RateCounter

pytestmark = pytest.mark.django_db

RATE = ratelimit.Rate(limit=5, window=timedelta(minutes=10))


def test_uses_are_counted_by_cost_and_a_refusal_counts_nothing():
    ratelimit.consume("thing", "1", RATE, cost=4)
    with pytest.raises(ratelimit.RateLimited) as refused:
        ratelimit.consume("thing", "1", RATE, cost=2)

    assert RateCounter.objects.get(scope="thing", key="1").hits == 4
    assert 599 <= refused.value.retry_after <= 600
    ratelimit.consume("thing", "1", RATE)  # the last use still fits
    ratelimit.consume("other thing", "1", RATE, cost=5)  # each scope and key counts apart
    ratelimit.consume("thing", "2", RATE, cost=5)


def test_a_new_window_starts_the_count_again():
    ratelimit.consume("thing", "1", RATE, cost=5)
    RateCounter.objects.update(window_start=RateCounter.objects.get().window_start - RATE.window)

    ratelimit.consume("thing", "1", RATE, cost=5)

    assert RateCounter.objects.get().hits == 5


def test_the_window_start_stays_while_uses_are_added_and_a_refusal_says_when_it_ends():
    ratelimit.consume("thing", "1", RATE, cost=2)
    started = RateCounter.objects.get().window_start
    RateCounter.objects.update(window_start=started - timedelta(minutes=4))
    ratelimit.consume("thing", "1", RATE, cost=3)  # within the window: added, start kept
    counter = RateCounter.objects.get()
    assert (counter.hits, counter.window_start) == (5, started - timedelta(minutes=4))
    with pytest.raises(ratelimit.RateLimited) as refused:
        ratelimit.consume("thing", "1", RATE)
    assert 355 <= refused.value.retry_after <= 361  # six minutes of the window left
    with pytest.raises(ratelimit.RateLimited):
        ratelimit.consume("thing", "3", RATE, cost=6)  # more than a whole window allows
    assert not RateCounter.objects.filter(key="3").exists()


def test_several_counters_are_checked_in_one_read(django_assert_num_queries):
    ratelimit.consume("address", "192.0.2.1", RATE, cost=5)
    ratelimit.consume("key", "abc", RATE, cost=2)
    with django_assert_num_queries(1):
        ratelimit.check_all([("address", "192.0.2.9"), ("key", "abc")], RATE)  # neither used up
    with django_assert_num_queries(1), pytest.raises(ratelimit.RateLimited):
        ratelimit.check_all([("address", "192.0.2.1"), ("key", "abc")], RATE)
