"""Production serving as docs/deploy.md describes it: gunicorn workers, WhiteNoise hashed static files,
DEBUG off, health endpoints, JSON logs."""

import json
import re
import subprocess
import time
import urllib.request

import pytest

from tests.conftest import REPO

from .subprocesses import VENV_BIN, child_env, free_port, manage, wait_for

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]


@pytest.fixture
def production(tmp_path):
    env = child_env(
        DEBUG="false",
        SECRET_KEY="test-only-" + "k" * 40,
        ALLOWED_HOSTS="127.0.0.1",
        SECURE_SSL_REDIRECT="false",  # no TLS on loopback; the proxy in front does it in production
        STATIC_ROOT=str(tmp_path / "static"),
        TENDERBRIDGE_VAR_DIR=str(tmp_path / "var"),
    )
    collected = manage("collectstatic", "--no-input", "-v", "0", env=env)
    assert collected.returncode == 0, collected.stderr
    return env


def test_gunicorn_serves_pages_hashed_static_files_and_health_with_several_workers(production, tmp_path):
    port = free_port()
    log = (tmp_path / "gunicorn.log").open("w")
    server = subprocess.Popen(
        [str(VENV_BIN / "gunicorn"), "tenderbridge.wsgi", "--workers", "2", "--bind", f"127.0.0.1:{port}"],
        env=production,
        cwd=REPO,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        wait_for(f"{base}/healthz")
        assert json.load(urllib.request.urlopen(f"{base}/readyz")) == {
            "status": "ok",
            "checks": {"database": "ok", "migrations": "ok"},
        }
        page = urllib.request.urlopen(f"{base}/zh-hans/").read().decode()
        assert "联合国" in page
        css = re.search(r'href="(/static/css/site\.[0-9a-f]{12}\.css)"', page)
        assert css, "static files must have hashed names in production"
        response = urllib.request.urlopen(base + css.group(1))
        assert "max-age=315360000" in response.headers["Cache-Control"]
        # A worker writes its request log line after it answers: wait for it (a busy machine may take a while)
        # rather than stop the server before it is written.
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline and not _logged(tmp_path / "gunicorn.log", "/zh-hans/"):
            time.sleep(0.2)
    finally:
        server.terminate()
        server.wait(timeout=10)
        log.close()
    written = (tmp_path / "gunicorn.log").read_text()
    assert _logged(tmp_path / "gunicorn.log", "/zh-hans/"), written[-3000:]


def _logged(path, page: str) -> bool:
    """Whether the JSON log has the 200 answer to `page`."""
    for line in path.read_text().splitlines():
        if line.startswith("{"):
            try:
                entry = json.loads(line)
            except ValueError:  # a line another worker is still writing
                continue
            if entry.get("path") == page and entry.get("status") == 200:
                return True
    return False
