"""Shared set-up for the intel benchmarks: Django against a scratch store and database."""

import os
import sys
import time
from contextlib import contextmanager
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
BENCH_DATA = REPO / "bench" / "data"
DEFAULT_SHARED = REPO.parent / "shared" / "data"


def django_setup(store: Path) -> None:
    """Point the intel store and a scratch SQLite database at bench/data, then migrate."""
    store.mkdir(parents=True, exist_ok=True)
    os.environ["INTEL_DATA_DIR"] = str(store)
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{store / 'bench.sqlite3'}")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings_test")
    sys.path.insert(0, str(REPO))
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    settings.INTEL_DATA_DIR = store  # the test settings give each run an empty temporary store

    call_command("migrate", verbosity=0, skip_checks=True)


def shared_data(argv: list[str]) -> Path | None:
    """The shared real data folder (first argument, default ../shared/data), or None if absent."""
    path = Path(argv[1]) if len(argv) > 1 and not argv[1].startswith("-") else DEFAULT_SHARED
    if not path.exists():
        print(f"Shared data not found at {path}: skipping (pass the folder as the first argument).")
        return None
    return path


@contextmanager
def timed(label: str, results: dict):
    started = time.perf_counter()
    yield
    results[label] = time.perf_counter() - started
