"""`./run serve`: migrate, collect static files, then gunicorn and the task worker side by side;
a SIGTERM stops both cleanly (exit 0) within gunicorn's graceful timeout."""

import contextlib
import json
import os
import re
import signal
import subprocess
import time
import urllib.error
import urllib.request

import pytest

from tests.ops.cluster import ROOT, app_environment, free_port

METRICS_TOKEN = "serve-test-metrics-token-0123456789"


def get(url: str, **headers: str) -> tuple[int, bytes]:
    request = urllib.request.Request(url, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def children(pid: int) -> dict[int, str]:
    """The processes ./run serve started: {pid: command line}."""
    result = subprocess.run(
        ["ps", "-o", "pid=,args=", "--ppid", str(pid)], capture_output=True, text=True, check=False
    )
    found = {}
    for line in result.stdout.splitlines():
        child, _, args = line.strip().partition(" ")
        found[int(child)] = args
    return found


def alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # A zombie has exited; it waits only for its parent to read its status.
    with open(f"/proc/{pid}/stat") as stat:
        return stat.read().split(") ")[-1][0] != "Z"


@pytest.fixture
def served(tmp_path):
    port = free_port()
    env = app_environment(
        f"sqlite:///{tmp_path / 'serve.sqlite3'}",
        PORT=str(port),
        WEB_CONCURRENCY="2",
        MEDIA_ROOT=str(tmp_path / "uploads"),
        INTEL_DATA_DIR=str(tmp_path / "intel"),
        PROMETHEUS_MULTIPROC_DIR=str(tmp_path / "prometheus"),
        WORKER_HEARTBEAT_SECONDS="1",
        LOG_FORMAT="json",
        # The cluster's settings are those behind nginx (USE_X_FORWARDED_FOR): loopback is not
        # enough for /metrics there, the token is needed.
        METRICS_TOKEN=METRICS_TOKEN,
    )
    log = open(tmp_path / "serve.log", "wb")  # noqa: SIM115 - kept open with the process
    process = subprocess.Popen(
        [str(ROOT / "run"), "serve"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL,
        start_new_session=True,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 150
        while time.monotonic() < deadline:
            if process.poll() is not None:
                pytest.fail("./run serve ended early:\n" + (tmp_path / "serve.log").read_text())
            try:
                if get(url + "/healthz")[0] == 200:
                    break
            except OSError:
                pass
            time.sleep(0.5)
        else:
            pytest.fail("/healthz never answered 200:\n" + (tmp_path / "serve.log").read_text())
        yield process, url, tmp_path / "serve.log"
    finally:
        stop(process)
        log.close()


def stop(process: subprocess.Popen) -> None:
    """After a failed test: ask ./run serve to stop, then kill what is left. Its two children run
    in sessions of their own, so killing the script's process group would not reach them."""
    if process.poll() is not None:
        return
    started = children(process.pid)
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=25)
    except subprocess.TimeoutExpired:
        for pid in [*started, process.pid]:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(pid, signal.SIGKILL)
        process.wait()


def test_serve_runs_web_and_worker_and_stops_both_on_sigterm(served):
    process, url, log = served
    started = children(process.pid)
    [web] = [pid for pid, args in started.items() if "gunicorn" in args]
    [worker] = [pid for pid, args in started.items() if "manage.py task_worker" in args]

    # The worker takes its heartbeat off the queue, so /healthz sees it working.
    deadline = time.monotonic() + 30
    while json.loads(get(url + "/healthz")[1]).get("worker") != "ok":
        assert time.monotonic() < deadline, "the worker's heartbeat never arrived"
        time.sleep(0.5)

    # Requests to both gunicorn workers are added up on one metrics page.
    for _ in range(10):
        assert get(url + "/livez")[0] == 200
    assert get(url + "/metrics")[0] == 404
    status, body = get(url + "/metrics", Authorization=f"Bearer {METRICS_TOKEN}")
    assert status == 200
    count = re.search(
        rb'safer_http_requests_total\{method="GET",status="200",view="core:livez"\} (\S+)', body
    )
    assert count is not None and float(count.group(1)) == 10, body.decode()[:2000]
    # The access log and the request lines are JSON with the request id.
    lines = [json.loads(line) for line in log.read_text().splitlines() if line.startswith("{")]
    assert any(line["logger"] == "safer.request" and line.get("request_id") for line in lines)

    stopping = time.monotonic()
    process.send_signal(signal.SIGTERM)
    code = process.wait(timeout=25)
    took = time.monotonic() - stopping

    assert code == 0, log.read_text()[-3000:]
    assert took < 20
    assert not alive(web)
    assert not alive(worker)
    assert "Stopped (web server exit 0, task worker exit 0)" in log.read_text()


def test_serve_stops_the_web_server_when_the_worker_dies(served):
    process, _url, log = served
    [worker] = [pid for pid, args in children(process.pid).items() if "task_worker" in args]
    [web] = [pid for pid, args in children(process.pid).items() if "gunicorn" in args]

    os.kill(worker, signal.SIGKILL)
    code = process.wait(timeout=25)

    assert code != 0
    assert not alive(web)
    assert "stopped on its own" in log.read_text()
