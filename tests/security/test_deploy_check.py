"""`manage.py check --deploy` is clean with the settings ./run demo writes and with .env.example's
production settings; the demo's four plain-HTTP warnings are silenced there and nowhere else."""

import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PLAIN_HTTP = ("security.W004", "security.W008", "security.W010", "security.W016")


def demo_env() -> dict[str, str]:
    """The variables ./run's demo_env_write puts in var/demo.env, read from the script itself."""
    script = (ROOT / "run").read_text()
    body = re.search(r'cat >"\$DEMO_ENV" <<EOF\n(.*?)\nEOF', script, re.DOTALL)
    assert body, "demo_env_write's here-document was not found in ./run"
    lines = [line for line in body.group(1).splitlines() if line and not line.startswith("#")]
    values = dict(line.split("=", 1) for line in lines)
    assert values.pop("SECRET_KEY") == "$key"
    return {**values, "SECRET_KEY": secrets.token_urlsafe(50)}


def example_env() -> dict[str, str]:
    """.env.example's production values, with the blanks an operator must fill in filled in."""
    values = {}
    for line in (ROOT / ".env.example").read_text().splitlines():
        if "=" in line and not line.lstrip().startswith("#"):
            name, value = line.split("=", 1)
            if value:
                values[name] = value
    return {
        **values,
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "safer.example.org",
        "AUDIT_HMAC_KEY": secrets.token_urlsafe(32),
    }


def deploy_check(env: dict[str, str]) -> subprocess.CompletedProcess:
    kept = {k: v for k, v in os.environ.items() if k in ("PATH", "HOME", "LANG", "DATABASE_URL")}
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env={**kept, "DJANGO_SETTINGS_MODULE": "config.settings", **env},
        capture_output=True,
        text=True,
        check=False,
    )


def test_the_demo_settings_pass_the_deploy_check():
    env = demo_env()
    assert env["DEMO_MODE"] == "true" and env["DEBUG"] == "false"
    result = deploy_check(env)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_production_example_settings_pass_the_deploy_check():
    env = example_env()
    assert env.get("DEMO_MODE", "false") == "false"
    result = deploy_check(env)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize(
    "change",
    [{"DEMO_MODE": "false"}, {"ALLOWED_HOSTS": "safer.example.org"}],
    ids=["without-demo-mode", "demo-mode-on-a-real-host-name"],
)
def test_plain_http_still_warns_outside_a_loopback_demo(change):
    result = deploy_check({**demo_env(), **change})
    assert result.returncode != 0
    for check in PLAIN_HTTP:
        assert check in result.stderr + result.stdout
