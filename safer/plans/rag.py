"""The partnership's RAG rule (MISSION, performance frameworks).

Green meets the target; amber misses it by up to 5%; red misses it by more than 5%; grey has
no target or no data. For a target that is a percentage change from a baseline (serious
acquisitive crime -5% on last year), the miss is counted in percentage points of change, as the
intelligence hub does; for a value to reach (detection rate 42%), the miss is the shortfall as a
percentage of the target.
"""

from dataclasses import dataclass
from decimal import Decimal

TOLERANCE_PCT = 5.0
EPSILON = 1e-9


@dataclass(frozen=True)
class RagResult:
    rag: str  # red, amber, green or grey
    achieved: float | None  # the value, or the percentage change for a change target
    miss_pct: float | None  # how far short, in % (points for change targets); <= 0 means met
    reason: str


def _number(value: Decimal | float | int | None) -> float | None:
    return None if value is None else float(value)


def rag_status(
    *,
    value: Decimal | float | int | None,
    target_value: Decimal | float | int | None,
    target_kind: str,
    direction: str,
    baseline: Decimal | float | int | None = None,
) -> RagResult:
    """RAG for one figure against its target, by the partnership's 5% rule."""
    value, target, baseline = _number(value), _number(target_value), _number(baseline)
    if target is None or not target_kind:
        return RagResult("grey", value, None, "No target")
    if value is None:
        return RagResult("grey", None, None, "No data")
    if target_kind == "percentage_change":
        if baseline is None or baseline == 0:
            return RagResult("grey", None, None, "No baseline to compare with")
        achieved = (value - baseline) / abs(baseline) * 100
        miss = achieved - target if direction == "lower" else target - achieved
    else:
        achieved = value
        shortfall = value - target if direction == "lower" else target - value
        if target == 0:
            miss = 0.0 if shortfall <= EPSILON else float("inf")
        else:
            miss = shortfall / abs(target) * 100
    if miss <= EPSILON:
        return RagResult("green", achieved, miss, "Target met")
    if miss <= TOLERANCE_PCT + EPSILON:
        return RagResult("amber", achieved, miss, "Missed by up to 5%")
    return RagResult("red", achieved, miss, "Missed by more than 5%")
