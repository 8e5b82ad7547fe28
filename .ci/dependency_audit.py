"""pip-audit over the installed virtualenv, for `./run audit` (and `./run test` when CI is set).

Exit 1 when a package has a known vulnerability that is not listed, with its reason, in
.ci/pip-audit-ignore; exit 0 with a warning when the vulnerability service cannot be reached or
answered for no package (an offline machine, a registry mirror), so a network failure never
fails a run but is never mistaken for a clean audit either.
"""

import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
IGNORE_FILE = ROOT / ".ci" / "pip-audit-ignore"


def ignored_ids(path: Path = IGNORE_FILE) -> list[str]:
    """Vulnerability ids accepted for now: one per line, a reason after #."""
    if not path.exists():
        return []
    ids = []
    for line in path.read_text().splitlines():
        vuln_id = line.split("#", 1)[0].strip()
        if vuln_id:
            ids.append(vuln_id)
    return ids


def verdict(report: dict | None, error: str = "") -> tuple[int, list[str]]:
    """The exit code and the lines to print for a pip-audit JSON report (None: it failed)."""
    if report is None:
        reason = error.strip().splitlines()[-1] if error.strip() else "no report written"
        return 0, [f"WARNING: pip-audit could not run the audit ({reason}); nothing was checked"]
    dependencies = report.get("dependencies", [])
    audited = [dep for dep in dependencies if "skip_reason" not in dep]
    if not audited:
        return 0, [
            f"WARNING: the vulnerability service answered for none of {len(dependencies)} "
            "packages (offline or a registry mirror); nothing was checked"
        ]
    lines, vulnerable = [], 0
    for dep in audited:
        for vuln in dep.get("vulns", []):
            vulnerable += 1
            fixed = ", ".join(vuln.get("fix_versions", [])) or "no fixed version yet"
            aliases = ", ".join(vuln.get("aliases", []))
            lines.append(
                f"VULNERABLE: {dep['name']} {dep['version']}: {vuln['id']}"
                + (f" ({aliases})" if aliases else "")
                + f"; fixed in {fixed}"
            )
    skipped = len(dependencies) - len(audited)
    if vulnerable:
        lines.append(
            f"{vulnerable} known vulnerabilities: upgrade the package in pyproject.toml, or list "
            "the id in .ci/pip-audit-ignore with the reason it does not affect us"
        )
        return 1, lines
    return 0, [f"pip-audit: {len(audited)} packages, no known vulnerabilities ({skipped} skipped)"]


def main() -> int:
    pip_audit = ROOT / ".venv" / "bin" / "pip-audit"
    with tempfile.TemporaryDirectory() as tmp:
        output = Path(tmp) / "audit.json"
        command = [str(pip_audit), "--skip-editable", "--progress-spinner", "off"]
        command += ["--format", "json", "--output", str(output)]
        for vuln_id in ignored_ids():
            command += ["--ignore-vuln", vuln_id]
        try:
            result = subprocess.run(  # noqa: S603 - our own virtualenv's pip-audit
                command, capture_output=True, text=True, timeout=300, check=False
            )
            error = result.stderr
        except (OSError, subprocess.TimeoutExpired) as problem:
            error = str(problem)
        report = None
        if output.exists() and output.stat().st_size:
            report = json.loads(output.read_text())
    code, lines = verdict(report, error)
    print("\n".join(lines), file=sys.stderr if code else sys.stdout)
    return code


if __name__ == "__main__":
    sys.exit(main())
