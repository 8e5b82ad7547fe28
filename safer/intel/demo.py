"""Demo data for the intelligence hub: the committed real Cherwell sample."""

from safer.intel.services import ImportSummary, crime_paths_import

DEMO_FOLDER = "data/police-uk"


def seed_intel() -> ImportSummary:
    """Import the committed Cherwell rows of seven Thames Valley police.uk months (6,071 rows).

    Idempotent: a second run finds every row already stored and adds nothing.
    """
    from pathlib import Path

    return crime_paths_import(paths=[Path(__file__).resolve().parent / DEMO_FOLDER])
