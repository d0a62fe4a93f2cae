#!/usr/bin/env python
"""The production stack on this machine: nginx in front of gunicorn, DEBUG off (make serve).

    python scripts/serve.py --port 8000          # DATABASE_URL from the environment

For trying the production set-up (the front door, collected static files, error pages),
not for development: `make run` reloads code and shows Django's debug pages. It migrates
the database, collects static files, renders nginx's config from deploy/nginx/ into a
temporary prefix and runs nginx (on the port) and gunicorn (deploy/gunicorn.conf.py, on a
unix socket behind it) until Ctrl-C. The load and fault scripts start the same stack.
"""

import argparse
import os
import secrets
import signal
import sys
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))

from servers import Server, manage  # noqa: E402


def production_env(environ) -> tuple[dict, list[str]]:
    """The environment the stack runs with, and what was chosen for the user."""
    env = dict(environ)
    notes = []
    env["DEBUG"] = "0"
    env.setdefault("DJANGO_SETTINGS_MODULE", "register_trainees.settings")
    if not env.get("SECRET_KEY"):
        env["SECRET_KEY"] = secrets.token_urlsafe(50)
        notes.append("SECRET_KEY is not set: a random one for this run (sessions end with it)")
    if "HTTPS_ONLY" not in env:
        # Plain HTTP on loopback; a real deployment puts TLS in front (README.md).
        env["HTTPS_ONLY"] = "0"
        notes.append("HTTPS_ONLY=0: plain HTTP on 127.0.0.1")
    env.setdefault("ALLOWED_HOSTS", "127.0.0.1,localhost")
    env.setdefault("STATIC_ROOT", str(ROOT / "staticfiles"))
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    return env, notes


def main(argv=None):
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", 8000)))
    parser.add_argument(
        "--workers", type=int, help="gunicorn workers (default: WEB_CONCURRENCY, else 2)"
    )
    args = parser.parse_args(argv)
    env, notes = production_env(os.environ)
    for note in notes:
        print(f"make serve: {note}")
    manage(env, "migrate", "--noinput")
    manage(env, "collectstatic", "--noinput")
    server = Server(env, args.workers, args.port, front_door=True)
    print(f"Register trainee teachers (production set-up) is at {server.base}/ - Ctrl-C stops it")
    stopped = threading.Event()
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, lambda *_: stopped.set())
    try:
        while not stopped.is_set():
            if server.process.poll() is not None or server.front_door.process.poll() is not None:
                print("make serve: gunicorn or nginx stopped")
                return 1
            stopped.wait(1)
    finally:
        server.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
