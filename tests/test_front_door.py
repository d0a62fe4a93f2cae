"""The production front door (deploy/, scripts/servers.py): gunicorn's settings, the nginx
config, and the stack `make serve` starts, end to end on SQLite."""

import os
import pwd
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
import requests

from scripts.servers import (
    GUNICORN_CONFIG,
    Server,
    free_port,
    manage,
    render_nginx_config,
    render_template,
)

PROJECT_DIR = Path(__file__).resolve().parents[1]
NGINX = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)
needs_nginx = pytest.mark.skipif(
    NGINX is None, reason="nginx is not installed (apt-get install nginx-light)"
)


def gunicorn_settings(**env) -> dict:
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "-c",
            str(GUNICORN_CONFIG),
            "--print-config",
            "register_trainees.wsgi:application",
        ],
        env={**os.environ, **env},
        cwd=PROJECT_DIR,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    settings = {}
    for line in result.stdout.splitlines():
        name, _, value = line.partition("=")
        settings[name.strip()] = value.strip()
    return settings


def test_gunicorn_runs_threaded_workers_with_bounds_and_recycling():
    settings = gunicorn_settings()
    assert settings["worker_class"] == "gthread"
    assert settings["workers"] == "2"
    assert settings["threads"] == "4"
    assert settings["timeout"] == "30"
    assert settings["graceful_timeout"] == "30"
    assert settings["max_requests"] == "1000"
    assert settings["max_requests_jitter"] == "100"
    assert settings["accesslog"] == "None"  # query strings hold names


def test_gunicorn_settings_come_from_the_environment():
    settings = gunicorn_settings(
        WEB_CONCURRENCY="5",
        GUNICORN_THREADS="8",
        GUNICORN_TIMEOUT="45",
        GUNICORN_MAX_REQUESTS="0",
        GUNICORN_BIND="127.0.0.1:8199",
    )
    assert settings["workers"] == "5"
    assert settings["threads"] == "8"
    assert settings["timeout"] == "45"
    assert settings["max_requests"] == "0"
    assert settings["bind"] == "['127.0.0.1:8199']"


def test_a_bad_gunicorn_setting_stops_it_with_a_clear_message():
    result = subprocess.run(
        [sys.executable, "-m", "gunicorn", "-c", str(GUNICORN_CONFIG), "--print-config", "x:y"],
        env={**os.environ, "GUNICORN_THREADS": "0"},
        cwd=PROJECT_DIR,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    assert "GUNICORN_THREADS must be 1 or more, not '0'" in result.stderr


def test_templates_fill_every_placeholder_and_leave_nginx_variables_alone():
    assert render_template("listen ${LISTEN}; set $x $host;", {"LISTEN": 8100}) == (
        "listen 8100; set $x $host;"
    )
    with pytest.raises(ValueError, match="no value for LISTEN, STATIC_ROOT"):
        render_template("${LISTEN} ${STATIC_ROOT} ${LISTEN}", {})


def rendered(tmp_path) -> str:
    static = tmp_path / "static"
    static.mkdir(exist_ok=True)
    config = render_nginx_config(
        tmp_path,
        port=8150,
        upstream=f"unix:{tmp_path / 'gunicorn.sock'}",
        static_root=static,
        error_pages=tmp_path / "errors",
    )
    return config.read_text() + (tmp_path / "register.conf").read_text()


def test_the_rendered_config_bounds_slow_and_large_clients_and_buffers(tmp_path):
    config = rendered(tmp_path)
    for directive in (
        "listen 127.0.0.1:8150;",
        f"server unix:{tmp_path / 'gunicorn.sock'};",
        f"pid {tmp_path}/nginx.pid;",
        f"client_body_temp_path {tmp_path}/client_body;",
        "client_header_timeout 10s;",
        "client_body_timeout 10s;",
        "send_timeout 30s;",
        "client_max_body_size 1m;",
        "large_client_header_buffers 4 16k;",
        "proxy_request_buffering on;",
        "proxy_buffering on;",
        "proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;",
        f"alias {(tmp_path / 'static').resolve()}/;",
        f"root {tmp_path / 'errors'};",
        "error_page 502 503 504 /unavailable.html;",
    ):
        assert directive in config, directive
    if os.geteuid() == 0:  # not as nobody, who may not reach the static files
        assert f"user {pwd.getpwuid((tmp_path / 'static').stat().st_uid).pw_name};" in config
    else:
        assert "\nuser " not in config  # runs as whoever starts it
    assert "$args" not in config and "$request " not in config  # no query strings logged


@needs_nginx
def test_nginx_accepts_the_rendered_config(tmp_path):
    rendered(tmp_path)
    result = subprocess.run(
        [NGINX, "-t", "-p", str(tmp_path), "-c", str(tmp_path / "nginx.conf"), "-e", "stderr"],
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert result.returncode == 0, result.stderr
    assert "syntax is ok" in result.stderr


def get(url, data=None, timeout=10):
    try:
        with urllib.request.urlopen(urllib.request.Request(url, data=data), timeout=timeout) as r:
            return r.status, dict(r.headers), r.read().decode(errors="replace")
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read().decode(errors="replace")


@pytest.fixture(scope="module")
def front_door(tmp_path_factory):
    if NGINX is None:
        pytest.skip("nginx is not installed (apt-get install nginx-light)")
    folder = tmp_path_factory.mktemp("front-door")
    static_root = folder / "static"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "register_trainees.settings",
        "DATABASE_URL": f"sqlite:///{folder / 'db.sqlite3'}",
        "DEBUG": "0",
        "SECRET_KEY": "front-door-test-only-0123456789-abcdefghijklmnopqrstuvwxyz-ABCDEF",
        "HTTPS_ONLY": "0",
        "ALLOWED_HOSTS": "127.0.0.1",
        "STATIC_ROOT": str(static_root),
        "LOG_LEVEL": "WARNING",
        "GUNICORN_LOG_LEVEL": "warning",
    }
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    manage(env, "migrate", "--noinput")
    manage(env, "collectstatic", "--noinput")
    server = Server(env, 1, 0, folder / "server.log", front_door=True)
    yield server, static_root
    server.stop()


def test_the_front_door_serves_the_app_and_its_static_files(front_door):
    server, static_root = front_door
    status, headers, body = get(server.base + "/healthz")
    assert (status, body, headers["Server"]) == (200, "ok\n", "nginx")
    status, headers, body = get(server.base + "/")
    assert status == 200
    assert "Content-Security-Policy" in headers  # the app's own headers pass through
    stylesheet = next(static_root.glob("css/*.????????????.css"))
    status, headers, _ = get(f"{server.base}/assets/css/{stylesheet.name}")
    assert status == 200
    assert headers["Cache-Control"] == "public, max-age=31536000, immutable"
    status, _, body = get(server.base + "/assets/css/missing.css")
    assert status == 404
    assert "Page not found" in body  # the app's GOV.UK page, not nginx's


def test_sign_in_works_through_the_front_door_with_limits_per_client(front_door):
    # gunicorn's unix socket has no client address: the sign-in limits read the one nginx
    # appends to X-Forwarded-For (BEHIND_PROXY), or allauth would refuse every sign-in.
    server, _ = front_door
    browser = requests.Session()
    page = browser.get(server.base + "/accounts/login/", timeout=10)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
    refused = browser.post(
        server.base + "/accounts/login/",
        data={"login": "nobody@example.com", "password": "wrong", "csrfmiddlewaretoken": token},
        headers={"Referer": server.base + "/accounts/login/"},
        timeout=10,
    )
    assert refused.status_code == 200
    assert "Enter a correct email address and password" in refused.text


def test_the_front_door_refuses_a_body_over_a_megabyte(front_door):
    server, _ = front_door
    status, _, _ = get(server.base + "/accounts/login/", data=b"x" * (1024 * 1024 + 1))
    assert status == 413


def test_the_front_door_reads_slow_requests_before_the_app_sees_them(front_door):
    server, _ = front_door
    # More half-sent requests than the app has threads (1 worker, 4 threads): nginx holds
    # them, and the app stays free for everyone else.
    slow = [socket.create_connection(("127.0.0.1", server.port), timeout=10) for _ in range(8)]
    try:
        for connection in slow:
            connection.sendall(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n")
        started = time.monotonic()
        assert get(server.base + "/healthz")[0] == 200
        assert time.monotonic() - started < 1
        for connection in slow:
            connection.sendall(b"Connection: close\r\n\r\n")
            assert connection.recv(100).startswith(b"HTTP/1.1 200")
    finally:
        for connection in slow:
            connection.close()


def test_when_the_app_is_down_the_front_door_answers_with_the_govuk_page(front_door):
    server, _ = front_door
    server.process.terminate()
    server.process.wait(timeout=40)
    status, headers, body = get(server.base + "/trainees/")
    assert status == 502
    assert headers["Retry-After"] == "5"
    assert "Sorry, the service is unavailable" in body
    assert 'class="govuk-header' in body
    assert "/assets/" in body  # styled by the static files nginx serves itself


@needs_nginx
def test_make_serve_starts_the_stack_in_production_mode_and_stops_on_ctrl_c(tmp_path):
    port = free_port()
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"SECRET_KEY", "DEBUG", "HTTPS_ONLY", "DJANGO_SETTINGS_MODULE"}
    }
    env.update(
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        STATIC_ROOT=str(tmp_path / "static"),
        PYTHONUNBUFFERED="1",
        LOG_LEVEL="WARNING",
    )
    output = tmp_path / "serve.log"
    with output.open("w") as log:
        serve = subprocess.Popen(
            [sys.executable, "scripts/serve.py", "--port", str(port), "--workers", "1"],
            cwd=PROJECT_DIR,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    try:
        deadline = time.monotonic() + 120
        while f"is at http://127.0.0.1:{port}/" not in output.read_text():
            assert serve.poll() is None, output.read_text()
            assert time.monotonic() < deadline, output.read_text()
            time.sleep(0.5)
        text = output.read_text()
        assert "SECRET_KEY is not set: a random one for this run" in text
        status, headers, body = get(f"http://127.0.0.1:{port}/nowhere/")
        assert (status, headers["Server"]) == (404, "nginx")
        assert "Page not found" in body and "Traceback" not in body  # DEBUG is off
    finally:
        serve.send_signal(signal.SIGINT)
        assert serve.wait(timeout=60) == 0, output.read_text()
    with pytest.raises(ConnectionRefusedError):  # nginx has gone with it
        socket.create_connection(("127.0.0.1", port), timeout=2).close()
