"""The partnership's RAG rule at its boundaries, for both directions and both kinds of target."""

import pytest

from safer.plans.rag import rag_status


@pytest.mark.parametrize(
    ("value", "target", "direction", "rag"),
    [
        # Lower is better (e.g. repeat callers, target 100).
        (100, 100, "lower", "green"),  # exactly on target
        (80, 100, "lower", "green"),
        (105, 100, "lower", "amber"),  # misses by exactly 5%
        (105.01, 100, "lower", "red"),  # just over 5%
        (102, 100, "lower", "amber"),
        # Higher is better (e.g. detection rate, target 42%).
        (42, 42, "higher", "green"),  # exactly on target
        (50, 42, "higher", "green"),
        (39.9, 42, "higher", "amber"),  # misses by exactly 5% of 42
        (39.89, 42, "higher", "red"),  # just over 5%
        (15, 15, "higher", "green"),
        (14.25, 15, "higher", "amber"),
        (14.24, 15, "higher", "red"),
    ],
)
def test_absolute_targets(value, target, direction, rag):
    result = rag_status(
        value=value, target_value=target, target_kind="absolute", direction=direction
    )
    assert result.rag == rag


@pytest.mark.parametrize(
    ("value", "baseline", "target", "direction", "rag"),
    [
        # Serious acquisitive crime: -5% on last year; the miss counts in percentage points.
        (95, 100, -5, "lower", "green"),  # exactly on target
        (80, 100, -5, "lower", "green"),
        (100, 100, -5, "lower", "amber"),  # misses by exactly 5 points
        (96, 100, -5, "lower", "amber"),
        (100.01, 100, -5, "lower", "red"),  # just over 5 points
        (88, 100, -12, "lower", "green"),  # violence against the person, -12%
        # Confiscation orders: +5% on the baseline, higher is better.
        (105, 100, 5, "higher", "green"),  # exactly on target
        (100, 100, 5, "higher", "amber"),  # misses by exactly 5 points
        (99.99, 100, 5, "higher", "red"),  # just over
    ],
)
def test_percentage_change_targets(value, baseline, target, direction, rag):
    result = rag_status(
        value=value,
        target_value=target,
        target_kind="percentage_change",
        direction=direction,
        baseline=baseline,
    )
    assert result.rag == rag


@pytest.mark.parametrize("direction", ["lower", "higher"])
def test_no_target_or_no_data_is_grey(direction):
    assert rag_status(value=10, target_value=None, target_kind="", direction=direction).rag == (
        "grey"
    )
    assert rag_status(value=10, target_value=5, target_kind="", direction=direction).reason == (
        "No target"
    )
    no_data = rag_status(value=None, target_value=5, target_kind="absolute", direction=direction)
    assert (no_data.rag, no_data.reason) == ("grey", "No data")
    no_baseline = rag_status(
        value=10, target_value=-5, target_kind="percentage_change", direction=direction
    )
    assert no_baseline.rag == "grey"
    zero_baseline = rag_status(
        value=10,
        target_value=-5,
        target_kind="percentage_change",
        direction=direction,
        baseline=0,
    )
    assert zero_baseline.rag == "grey"


def test_a_zero_target_is_met_only_by_reaching_it():
    assert rag_status(value=0, target_value=0, target_kind="absolute", direction="lower").rag == (
        "green"
    )
    assert rag_status(value=1, target_value=0, target_kind="absolute", direction="lower").rag == (
        "red"
    )
