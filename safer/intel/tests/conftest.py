import pytest

from safer.intel.services import crime_paths_import
from safer.intel.tests.helpers import SAMPLE_DIR


@pytest.fixture
def intel_store(settings, tmp_path):
    """An empty crime store in a temporary folder."""
    settings.INTEL_DATA_DIR = tmp_path / "intel"
    return settings.INTEL_DATA_DIR


@pytest.fixture
def cherwell_store(intel_store, db):
    """The committed Cherwell sample (7 months of real police.uk rows) imported."""
    summary = crime_paths_import(paths=[SAMPLE_DIR])
    assert not summary.rejected_files
    return intel_store
