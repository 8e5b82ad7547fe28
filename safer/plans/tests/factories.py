"""Building plan state for tests through the real services."""

from pathlib import Path

from safer.plans.services import plan_file_import
from safer.plans.transfer import COLUMNS, csv_write

SEED_FILE = Path(__file__).resolve().parents[1] / "data" / "seed-003-action-plans.csv"
HIERARCHY = [
    "Community Plan Theme 1: Improve community safety and reduce the drugs problem",
    "Corporate Priority: A Safe & Healthy Cherwell",
    "Key Priority 1: Reduce Serious Acquisitive Crime",
]


def row(plan="Test plan", heading="Test heading", task="", **cells) -> list[str]:
    """One import row; cells named like columns with underscores (target_timescale=...)."""
    values = dict.fromkeys(COLUMNS, "")
    values.update(
        {"Plan": plan, "Theme": HIERARCHY[0], "Corporate priority": HIERARCHY[1]}
        | {"Key priority": HIERARCHY[2], "Heading": heading, "Task": task}
    )
    for name, value in cells.items():
        values[name.replace("_", " ").capitalize()] = value
    return [values[c] for c in COLUMNS]


def plan_import(rows: list[list[str]], *, user=None, existing="error"):
    """Import rows as a CSV file through the service."""
    return plan_file_import(
        content=csv_write(rows).encode(), filename="plan.csv", imported_by=user, existing=existing
    )
