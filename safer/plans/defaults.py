"""Seed 000's "we will gauge our success by" measures, as the partnership's own indicators, and
the committed transcription of seed 003's action plans."""

from decimal import Decimal
from pathlib import Path

from django.db import transaction

from safer.plans.models import Indicator
from safer.plans.services import ImportReport, indicator_create, plan_file_import

SEED_003_FILE = Path(__file__).resolve().parent / "data" / "seed-003-action-plans.csv"

LIVE, MANUAL = Indicator.Source, Indicator.Source.MANUAL
CHANGE, ABSOLUTE = Indicator.TargetKind.PERCENTAGE_CHANGE, Indicator.TargetKind.ABSOLUTE
PARTNERSHIP_INDICATORS = [
    {
        "measure_key": "serious_acquisitive_crime",
        "source": LIVE.INTEL,
        "name": "Reduce serious acquisitive crime (SAC) by 5% against last year",
        "target_kind": CHANGE,
        "target_value": Decimal("-5"),
        "direction": "lower",
        "unit": "crimes",
    },
    {
        "measure_key": "violence_against_the_person",
        "source": LIVE.INTEL,
        "name": "Reduce violence against the person by 12% against last year",
        "target_kind": CHANGE,
        "target_value": Decimal("-12"),
        "direction": "lower",
        "unit": "crimes",
    },
    {
        "measure_key": "violence_detection_rate",
        "source": LIVE.INTEL,
        "name": "Increase the detection rate for violence against the person to 42%",
        "target_kind": ABSOLUTE,
        "target_value": Decimal("42"),
        "direction": "higher",
        "unit": "%",
    },
    {
        "measure_key": "serious_acquisitive_detection_rate",
        "source": LIVE.INTEL,
        "name": "Increase the detection rate for serious acquisitive crime to 15%",
        "target_kind": ABSOLUTE,
        "target_value": Decimal("15"),
        "direction": "higher",
        "unit": "%",
    },
    {
        "measure_key": "repeat_callers",
        "source": LIVE.CASES,
        "name": "The number of repeat callers contacting partners about nuisance and ASB",
        "direction": "lower",
        "unit": "people",
    },
    {
        "measure_key": "agencies_using_risk_assessment",
        "source": LIVE.CASES,
        "name": "The number of agencies using the victim-led risk assessment procedure",
        "direction": "higher",
        "unit": "agencies",
    },
    {
        "measure_key": "reports_risk_assessed",
        "source": LIVE.CASES,
        "name": "Reports given a victim-led risk assessment",
        "direction": "higher",
        "unit": "%",
    },
    {
        "measure_key": "anti_social_behaviour",
        "source": LIVE.INTEL,
        "name": "Anti-social behaviour incidents recorded by the police",
        "direction": "lower",
        "unit": "incidents",
    },
    {
        "source": MANUAL,
        "name": "Increase the number of confiscation orders by 5%",
        "definition": "Confiscation orders made by the courts in the quarter (Proceeds of Crime "
        "Act 2002), entered by the police. The baseline is the 2010-11 quarterly average.",
        "target_kind": CHANGE,
        "target_value": Decimal("5"),
        "direction": "higher",
        "unit": "orders",
    },
    {
        "source": MANUAL,
        "name": "Satisfaction with the way we deal with crime, anti-social behaviour and nuisance",
        "definition": "Share of customers of the ASB teams satisfied in the quarter's real-time "
        "surveys, entered by the ASB co-ordinator.",
        "direction": "higher",
        "unit": "%",
    },
]


@transaction.atomic
def partnership_indicators_ensure(*, created_by=None) -> int:
    """Create any of seed 000's partnership indicators not yet held; returns how many."""
    created = 0
    for order, spec in enumerate(PARTNERSHIP_INDICATORS):
        exists = Indicator.objects.filter(
            task__isnull=True, plan__isnull=True, name=spec["name"]
        ).exists()
        if not exists:
            indicator_create(created_by=created_by, order=order, frequency="quarterly", **spec)
            created += 1
    return created


def seed_003_import(*, imported_by=None) -> ImportReport:
    """Import the committed transcription of seed 003, leaving plans already held alone."""
    return plan_file_import(
        content=SEED_003_FILE.read_bytes(),
        filename=SEED_003_FILE.name,
        imported_by=imported_by,
        existing="skip",
    )
