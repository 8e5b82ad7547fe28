"""The load bench runs end to end, briefly: a small bench data set generated into the test
database, then bench/load.py with a handful of users for a few seconds through nginx and two
gunicorn servers. It checks that every kind of request was made and none failed, not speed:
speed is the bench's own business (docs/operations.md has the measured figures)."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

from tests.ops.cluster import database_url, nginx_path

ROOT = Path(__file__).resolve().parents[2]

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        nginx_path() is None, reason="nginx is not installed (apt-get install nginx)"
    ),
]


def test_the_load_bench_runs_without_errors(tmp_path):
    if connection.vendor != "postgresql":
        pytest.skip("the bench data are loaded with PostgreSQL's COPY")
    env = {
        key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "PYTEST"))
    }
    env.update(
        DATABASE_URL=database_url(connection.settings_dict),
        DJANGO_SETTINGS_MODULE="config.settings",
        DEBUG="true",
        SECRET_KEY="load-bench-test-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz",
    )
    generate = subprocess.run(
        [sys.executable, "bench/cases_generate.py", "--cases", "300", "--reports", "3000"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert generate.returncode == 0, generate.stdout[-2000:] + generate.stderr[-2000:]
    env.pop("DEBUG")
    out = tmp_path / "load.json"
    run = subprocess.run(
        [
            sys.executable,
            "bench/load.py",
            "--users",
            "5",
            "--duration",
            "12",
            "--workers",
            "1",
            "--json",
            str(out),
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    results = json.loads(out.read_text())
    assert results["endpoints"]["GET /livez (floor)"]["n"] > 0
    errors = {name: e["errors"] for name, e in results["endpoints"].items() if e["errors"]}
    assert errors == {}, run.stdout[-3000:]
    assert set(results["groups"]) >= {"caseload", "case page", "search"}
    assert "p95/floor" in run.stdout
