"""Several gunicorn app servers on loopback behind nginx, all on one database.

Used by the multi-server test (tests/ops/test_two_servers.py) and the load bench (bench/load.py):
the way a partnership runs the service on more than one host, folded onto one machine. Each app
server is `gunicorn config.wsgi:application` with the production settings; nginx (Debian's
package) balances between them round-robin, passing the proxy headers the deployment passes
(deploy/nginx/safer-proxy.conf, included as shipped).
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PROXY_SNIPPET = ROOT / "deploy" / "nginx" / "safer-proxy.conf"
GUNICORN = ROOT / ".venv" / "bin" / "gunicorn"

NGINX_CONF = """\
worker_processes 1;
daemon off;
user root;
pid {tmp}/nginx.pid;
error_log {tmp}/nginx-error.log warn;
events {{ worker_connections 1024; }}
http {{
    access_log off;
    client_body_temp_path {tmp}/client_body;
    proxy_temp_path {tmp}/proxy;
    fastcgi_temp_path {tmp}/fastcgi;
    uwsgi_temp_path {tmp}/uwsgi;
    scgi_temp_path {tmp}/scgi;
    upstream safer_app {{
{servers}
        keepalive 32;
    }}
    server {{
        listen 127.0.0.1:{port};
        client_max_body_size 110m;
        location / {{
            proxy_pass http://safer_app;
            include {proxy_snippet};
        }}
    }}
}}
"""


def nginx_path() -> str | None:
    """Debian's nginx, on PATH or where the package puts it (sbin is not on every PATH)."""
    return shutil.which("nginx") or (
        "/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None
    )


def database_url(settings_dict: dict) -> str:
    """A DATABASE_URL for the servers, from a Django connection's settings (PostgreSQL)."""
    auth = settings_dict["USER"] + (
        f":{settings_dict['PASSWORD']}" if settings_dict.get("PASSWORD") else ""
    )
    host = settings_dict["HOST"] or "127.0.0.1"
    return f"postgres://{auth}@{host}:{settings_dict['PORT'] or 5432}/{settings_dict['NAME']}"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def app_environment(database_url: str, **extra: str) -> dict[str, str]:
    """The production settings on plain HTTP over loopback (as the demo runs them)."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "PYTEST", "DATABASE_URL"))
    }
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "DATABASE_URL": database_url,
            "SECRET_KEY": "cluster-test-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz",
            "DEBUG": "false",
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "SECURE_SSL_REDIRECT": "false",
            "SESSION_COOKIE_SECURE": "false",
            "CSRF_COOKIE_SECURE": "false",
            "SECURE_HSTS_SECONDS": "0",
            "USE_X_FORWARDED_FOR": "true",  # as behind the shipped proxy snippet
            # No collected static files here: the pages need no manifest to render.
            "STATICFILES_BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage",
        }
    )
    env.update(extra)
    return env


@dataclass
class Cluster:
    database_url: str
    servers: int = 2
    workers: int = 2
    env: dict[str, str] = field(default_factory=dict)
    ports: list[int] = field(default_factory=list)
    proxy_port: int = 0
    _processes: list[subprocess.Popen] = field(default_factory=list)
    _tmp: Path | None = None

    @property
    def url(self) -> str:
        """The front door: nginx."""
        return f"http://127.0.0.1:{self.proxy_port}"

    def server_url(self, index: int) -> str:
        """One app server directly, bypassing nginx."""
        return f"http://127.0.0.1:{self.ports[index]}"

    def start(self, timeout: float = 60) -> Cluster:
        """Start the servers and nginx, and wait until each answers; on any failure, stop
        whatever did start before raising (no stray nginx left listening)."""
        try:
            return self._start(timeout)
        except BaseException:
            self.stop()
            raise

    def _start(self, timeout: float) -> Cluster:
        nginx = shutil.which("nginx") or (
            "/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None
        )
        if nginx is None:
            raise FileNotFoundError("nginx is not installed (apt-get install -y nginx)")
        self._tmp = Path(tempfile.mkdtemp(prefix="safer-cluster-"))
        env = app_environment(self.database_url, **self.env)
        for index in range(self.servers):
            port = free_port()
            self.ports.append(port)
            log = open(self._tmp / f"gunicorn-{index}.log", "wb")  # noqa: SIM115 - kept open with the process
            self._processes.append(
                subprocess.Popen(
                    [
                        str(GUNICORN),
                        "config.wsgi:application",
                        "--bind",
                        f"127.0.0.1:{port}",
                        "--workers",
                        str(self.workers),
                        "--graceful-timeout",
                        "5",
                    ],
                    cwd=ROOT,
                    env=env,
                    stdout=log,
                    stderr=subprocess.STDOUT,
                )
            )
        self.proxy_port = free_port()
        conf = self._tmp / "nginx.conf"
        conf.write_text(
            NGINX_CONF.format(
                tmp=self._tmp,
                port=self.proxy_port,
                proxy_snippet=PROXY_SNIPPET,
                servers="\n".join(f"        server 127.0.0.1:{p};" for p in self.ports),
            )
        )
        self._processes.append(
            subprocess.Popen(
                [nginx, "-c", str(conf), "-p", str(self._tmp)],
                stdout=subprocess.DEVNULL,
                stderr=open(self._tmp / "nginx-stderr.log", "wb"),  # noqa: SIM115
            )
        )
        deadline = time.monotonic() + timeout
        for url in [*(self.server_url(i) for i in range(self.servers)), self.url]:
            self._wait(url + "/healthz", deadline)
        return self

    def _wait(self, url: str, deadline: float) -> None:
        while True:
            for process in self._processes:
                if process.poll() is not None:
                    raise RuntimeError(f"a server stopped while starting:\n{self.logs()}")
            try:
                with urllib.request.urlopen(url, timeout=2) as response:
                    if response.status in (200, 503):
                        return
            except urllib.error.HTTPError as error:
                if error.code == 503:
                    return
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise TimeoutError(f"{url} did not answer in time:\n{self.logs()}")
            time.sleep(0.2)

    def logs(self) -> str:
        if self._tmp is None:
            return ""
        return "\n".join(
            f"--- {path.name}\n{path.read_text(errors='replace')[-3000:]}"
            for path in sorted(self._tmp.glob("*.log"))
        )

    def stop(self) -> None:
        for process in self._processes:
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        for process in self._processes:
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        self._processes.clear()
        if self._tmp is not None:
            shutil.rmtree(self._tmp, ignore_errors=True)

    def __enter__(self) -> Cluster:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()
