import pytest

from safer.intel.services import crime_paths_import
from safer.intel.tests.helpers import SAMPLE_DIR


@pytest.fixture
def store(settings, tmp_path, db):
    """The committed Cherwell sample (7 months of real police.uk rows) in a fresh store."""
    settings.INTEL_DATA_DIR = tmp_path / "intel"
    summary = crime_paths_import(paths=[SAMPLE_DIR])
    assert not summary.rejected_files
    return settings.INTEL_DATA_DIR


@pytest.fixture
def empty_store(settings, tmp_path):
    settings.INTEL_DATA_DIR = tmp_path / "empty"
    return settings.INTEL_DATA_DIR
