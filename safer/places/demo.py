"""The demo's gazetteer: fictional streets of Banbury, Bicester and Kidlington."""

from pathlib import Path

from safer.places.services import GazetteerImport, gazetteer_import

# Streets named to be obviously made up ("Imaginary Road"), postcodes of real Cherwell districts
# with the unit "ZZ" (OX16 1ZZ), UPRNs from 990000000101 up, and grid points inside Cherwell.
DEMO_GAZETTEER = Path(__file__).resolve().parent / "data" / "demo-gazetteer.csv"


def seed_addresses() -> GazetteerImport:
    """Load (or refresh: the import updates by UPRN) the demo gazetteer."""
    return gazetteer_import(path=DEMO_GAZETTEER)
