"""`./run audit`: a known vulnerability fails, an unreachable service only warns, and a report in
which the service answered for no package is not taken for a clean audit."""

import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
spec = importlib.util.spec_from_file_location("dependency_audit", ROOT / ".ci/dependency_audit.py")
dependency_audit = importlib.util.module_from_spec(spec)
spec.loader.exec_module(dependency_audit)
verdict = dependency_audit.verdict


def test_a_known_vulnerability_fails_and_is_named():
    report = {
        "dependencies": [
            {"name": "django", "version": "5.2.0", "vulns": [
                {"id": "PYSEC-2099-1", "aliases": ["CVE-2099-1"], "fix_versions": ["5.2.1"]},
            ]},
            {"name": "whitenoise", "version": "6.12.0", "vulns": []},
        ]
    }  # fmt: skip
    code, lines = verdict(report)
    assert code == 1
    assert lines[0] == "VULNERABLE: django 5.2.0: PYSEC-2099-1 (CVE-2099-1); fixed in 5.2.1"


def test_a_clean_audit_passes_and_says_how_much_it_checked():
    report = {
        "dependencies": [
            {"name": "django", "version": "5.2.19", "vulns": []},
            {"name": "private", "skip_reason": "Dependency not found on PyPI"},
        ]
    }
    assert verdict(report) == (0, ["pip-audit: 1 packages, no known vulnerabilities (1 skipped)"])


def test_an_unreachable_service_warns_without_failing():
    code, lines = verdict(None, "Traceback ...\nConnectionError: Failed to resolve 'pypi.org'")
    assert code == 0
    assert "could not run the audit (ConnectionError: Failed to resolve 'pypi.org')" in lines[0]


def test_a_service_that_answered_for_nothing_is_not_a_clean_audit():
    report = {"dependencies": [{"name": "django", "skip_reason": "Dependency not found on PyPI"}]}
    code, lines = verdict(report)
    assert code == 0
    assert lines[0].startswith("WARNING: the vulnerability service answered for none of 1")


def test_accepted_ids_are_read_with_their_reasons(tmp_path):
    accepted = tmp_path / "ignore"
    accepted.write_text("# header\nGHSA-aaaa-bbbb-cccc  # not reachable from our code\n\nPYSEC-1\n")
    assert dependency_audit.ignored_ids(accepted) == ["GHSA-aaaa-bbbb-cccc", "PYSEC-1"]
    assert dependency_audit.ignored_ids(ROOT / ".ci" / "pip-audit-ignore") == []
