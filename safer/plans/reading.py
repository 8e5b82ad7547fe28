"""What a live measure is and what it reads: the shared vocabulary of safer.plans.measures and
the modules that compute figures for it."""

from collections.abc import Callable
from dataclasses import dataclass

from safer.plans.periods import period_add

INTEL = "intel"
CASES = "cases"


@dataclass(frozen=True)
class Reading:
    value: float | None
    baseline: float | None = None  # e.g. the same period last year


@dataclass(frozen=True)
class Measure:
    key: str
    source: str
    label: str
    definition: str
    unit: str
    direction: str
    compute: Callable[[str], Reading]
    compares_last_year: bool = False
    # Offered for new indicators; False for one whose subject has ended (a scheme no longer
    # active) but whose past still reads for the indicators that already use it.
    offered: bool = True


def against_last_year(count: Callable[[str], float | None], period: str) -> Reading:
    """A quarter's count with the same quarter a year before as its baseline."""
    return Reading(count(period), count(period_add(period, -4)))
