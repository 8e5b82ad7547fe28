"""The example deployment files in deploy/: nginx accepts the site file (`nginx -t`), and the
systemd units start what `./run serve` starts."""

import configparser
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
NGINX = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)

NGINX_CONF = """\
worker_processes 1;
pid {tmp}/nginx.pid;
error_log {tmp}/error.log warn;
events {{ worker_connections 64; }}
http {{
    access_log off;
    client_body_temp_path {tmp}/client_body;
    proxy_temp_path {tmp}/proxy;
    fastcgi_temp_path {tmp}/fastcgi;
    uwsgi_temp_path {tmp}/uwsgi;
    scgi_temp_path {tmp}/scgi;
    include {tmp}/safer.conf;
}}
"""


@pytest.mark.skipif(NGINX is None, reason="nginx is not installed (apt-get install nginx)")
def test_nginx_accepts_the_site_file(tmp_path):
    if shutil.which("openssl") is None:
        pytest.skip("openssl is not installed: no test certificate can be made")
    subprocess.run(
        [
            "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
            "-subj", "/CN=safer.example.org",
            "-keyout", str(tmp_path / "privkey.pem"), "-out", str(tmp_path / "fullchain.pem"),
        ],
        check=True,
        capture_output=True,
    )  # fmt: skip
    site = (DEPLOY / "nginx" / "safer.conf").read_text()
    # Only the paths change: certificates and the proxy snippet from this checkout.
    site = site.replace("/etc/ssl/safer/", f"{tmp_path}/")
    site = site.replace(
        "/etc/nginx/snippets/safer-proxy.conf", str(DEPLOY / "nginx" / "safer-proxy.conf")
    )
    assert str(tmp_path) in site
    (tmp_path / "safer.conf").write_text(site)
    (tmp_path / "nginx.conf").write_text(NGINX_CONF.format(tmp=tmp_path))

    result = subprocess.run(
        [NGINX, "-t", "-p", str(tmp_path), "-c", str(tmp_path / "nginx.conf")],
        capture_output=True,
        text=True,
        check=False,
    )

    assert result.returncode == 0, result.stderr
    assert "test is successful" in result.stderr


def test_the_site_file_passes_what_the_app_relies_on():
    proxy = (DEPLOY / "nginx" / "safer-proxy.conf").read_text()
    site = (DEPLOY / "nginx" / "safer.conf").read_text()
    assert "proxy_set_header X-Forwarded-Proto $scheme;" in proxy
    # Set, never appended to: the app reads the first entry as the caller's address.
    assert "proxy_set_header X-Forwarded-For $remote_addr;" in proxy
    assert "proxy_set_header X-Request-ID $request_id;" in proxy
    assert "client_max_body_size 12m;" in site  # case documents: CASE_DOCUMENT_MAX_MB 10
    assert "client_max_body_size 110m;" in site  # intel uploads: INTEL_UPLOAD_MAX_MB 100


def unit(name: str) -> configparser.ConfigParser:
    parser = configparser.ConfigParser(strict=False, interpolation=None)
    parser.optionxform = str
    parser.read_string((DEPLOY / "systemd" / name).read_text())
    return parser


def test_the_units_run_gunicorn_and_the_task_worker_hardened():
    web, worker = unit("safer-web.service"), unit("safer-worker.service")
    assert (
        "gunicorn --config config/gunicorn.conf.py config.wsgi:application"
        in web["Service"]["ExecStart"]
    )
    assert worker["Service"]["ExecStart"].endswith("manage.py task_worker")
    for service in (web, worker):
        assert service["Service"]["EnvironmentFile"] == "/etc/safer/safer.env"
        assert service["Service"]["NoNewPrivileges"] == "yes"
        assert service["Service"]["ProtectSystem"] == "strict"
        assert service["Service"]["User"] == "safer"


@pytest.mark.skipif(shutil.which("systemd-analyze") is None, reason="systemd-analyze not installed")
def test_systemd_analyze_finds_no_unknown_settings():
    for name in ("safer-web.service", "safer-worker.service"):
        result = subprocess.run(
            ["systemd-analyze", "verify", "--man=no", str(DEPLOY / "systemd" / name)],
            capture_output=True,
            text=True,
            check=False,
        )
        # The /srv/safer paths and the safer user are missing here; misspelt settings are not.
        assert "Unknown key" not in result.stderr, result.stderr
        assert "Unknown section" not in result.stderr, result.stderr
