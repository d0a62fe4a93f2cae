"""Start the service as in production, for `make serve`, the benchmark and the load scripts.

Server(env, workers, port) runs gunicorn on loopback (the benchmark measures the app
alone). Server(..., front_door=True) runs the production front door, as `make serve` does:
gunicorn with deploy/gunicorn.conf.py on a unix socket, behind nginx on the port, with the
config rendered from deploy/nginx/ into a temporary prefix (no system nginx, no root).
"""

import os
import pwd
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
GUNICORN_CONFIG = ROOT / "deploy" / "gunicorn.conf.py"
NGINX_TEMPLATES = ROOT / "deploy" / "nginx"
PLACEHOLDER = re.compile(r"\$\{([A-Z][A-Z0-9_]*)\}")


def manage(env, *arguments, quiet=True):
    result = subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), *arguments],
        env=env,
        cwd=ROOT,
        capture_output=quiet,
        text=True,
    )
    if result.returncode != 0:
        raise SystemExit(
            f"manage.py {' '.join(arguments)} failed:\n{result.stdout}\n{result.stderr}"
        )
    return result.stdout


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def render_template(text: str, values: dict) -> str:
    """Fill ${NAME} as envsubst does for the nginx image; nginx's own $variables stay."""
    missing = sorted({name for name in PLACEHOLDER.findall(text) if name not in values})
    if missing:
        raise ValueError(f"no value for {', '.join(missing)}")
    return PLACEHOLDER.sub(lambda match: str(values[match.group(1)]), text)


def worker_user(static_root: Path) -> str:
    """nginx's user directive: none unless started as root, when its workers would run as
    nobody; then as the owner of the files they serve (nobody may not reach them)."""
    if os.geteuid() != 0:
        return "# workers run as whoever starts nginx"
    return f"user {pwd.getpwuid(static_root.stat().st_uid).pw_name};"


def render_nginx_config(
    run_dir: Path, *, port: int, upstream: str, static_root: Path, error_pages: Path
) -> Path:
    """nginx.conf for a local, unprivileged nginx whose prefix is run_dir; returns its path."""
    values = {
        "WORKER_USER": worker_user(Path(static_root)),
        "RUN_DIR": run_dir,
        "LISTEN": f"127.0.0.1:{port}",
        "APP_UPSTREAM": upstream,
        "STATIC_ROOT": Path(static_root).resolve(),
        "ERROR_PAGES": error_pages,
        # With the server's own log (make serve: the terminal), as in a container.
        "ACCESS_LOG": "/dev/stdout",
    }
    for name in ("register.conf", "local.conf"):
        template = (NGINX_TEMPLATES / f"{name}.template").read_text()
        target = "nginx.conf" if name == "local.conf" else name
        (run_dir / target).write_text(render_template(template, values))
    return run_dir / "nginx.conf"


def nginx_binary() -> str:
    found = shutil.which("nginx") or next(
        (path for path in ("/usr/sbin/nginx", "/usr/local/sbin/nginx") if Path(path).exists()),
        None,
    )
    if not found:
        raise SystemExit("nginx is not installed: apt-get install nginx-light (Debian)")
    return found


class FrontDoor:
    """nginx on 127.0.0.1:port in front of a gunicorn unix socket, in a temporary prefix."""

    def __init__(self, env: dict, port: int):
        self.run_dir = Path(tempfile.mkdtemp(prefix="register-serve-"))
        # nginx's workers run as nobody when it is started as root: let them in.
        self.run_dir.chmod(0o755)
        self.socket = self.run_dir / "gunicorn.sock"
        self.upstream = f"unix:{self.socket}"
        self.process = None
        error_pages = self.run_dir / "errors"
        try:
            manage(env, "render_proxy_pages", str(error_pages))
            self.config = render_nginx_config(
                self.run_dir,
                port=port,
                upstream=self.upstream,
                static_root=Path(env.get("STATIC_ROOT") or ROOT / "staticfiles"),
                error_pages=error_pages,
            )
        except BaseException:
            self.stop()
            raise

    def start(self, log):
        self.process = subprocess.Popen(
            [nginx_binary(), "-p", str(self.run_dir), "-c", str(self.config), "-e", "stderr"],
            stdout=log,
            stderr=log,
        )

    def stop(self):
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGQUIT)  # graceful: finish what is in flight
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        shutil.rmtree(self.run_dir, ignore_errors=True)


class Server:
    """gunicorn as in production, on loopback; with front_door, behind nginx as well."""

    def __init__(
        self,
        env,
        workers: int | None,
        port: int,
        log_path: Path | None = None,
        front_door: bool = False,
    ):
        self.port = port or free_port()
        # Its log (gunicorn's and the service's) goes to log_path when given, else here.
        # Appending: nginx opens it again for its access log, and must not be overwritten.
        self.log = log_path.open("a") if log_path else None
        self.base = f"http://127.0.0.1:{self.port}"
        self.front_door = FrontDoor(env, self.port) if front_door else None
        if self.front_door:
            command = ["-c", str(GUNICORN_CONFIG), "--bind", self.front_door.upstream]
            command += ["--workers", str(workers)] if workers else []
            # nginx appends the client's address to X-Forwarded-For: the per-IP sign-in
            # limits read it there (gunicorn's unix socket has no client address).
            env = {**env, "BEHIND_PROXY": "1"}
        else:
            command = [
                "--bind",
                f"127.0.0.1:{self.port}",
                "--workers",
                str(workers),
                "--worker-class",
                "sync",
                "--log-level",
                "warning",
                "--timeout",
                "120",
            ]
        self.process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "register_trainees.wsgi:application", *command],
            env=env,
            cwd=ROOT,
            stdout=self.log,
            stderr=self.log,
        )
        deadline = time.monotonic() + 60
        if self.front_door:
            while not self.front_door.socket.exists() and time.monotonic() < deadline:
                time.sleep(0.1)
            self.front_door.start(self.log)
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(self.base + "/healthz", timeout=2) as response:
                    if response.status == 200:
                        return
            except OSError:
                time.sleep(0.2)
        self.stop()
        raise SystemExit(f"the service did not answer {self.base}/healthz within 60 seconds")

    def worker_pids(self) -> list[int]:
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        if children.exists():
            return [int(pid) for pid in children.read_text().split()]
        return []

    def stop(self):
        self.process.terminate()
        try:
            self.process.wait(timeout=40)  # gunicorn's graceful timeout is 30 s
        except subprocess.TimeoutExpired:
            self.process.kill()
        if self.front_door:
            self.front_door.stop()
        if self.log:
            self.log.close()
