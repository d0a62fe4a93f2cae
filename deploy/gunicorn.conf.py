"""gunicorn's settings in production: the Docker image, `make serve`, the load and fault runs.

gunicorn runs behind nginx (deploy/nginx/), which reads each request whole before passing
it on and buffers each response: a slow client holds one cheap nginx connection, never a
worker. Workers are gthread: a request waiting on the database (for a row lock, up to
DB_LOCK_TIMEOUT) holds one thread, and the process's other threads go on serving. Every
value can be changed from the environment (README.md); command-line options win.
"""

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from register_trainees.env import env_int  # noqa: E402

bind = [os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")]
worker_class = "gthread"
workers = env_int("WEB_CONCURRENCY", 2, minimum=1)
threads = env_int("GUNICORN_THREADS", 4, minimum=1)
# A worker that stops answering gunicorn's heartbeat for this long is replaced. A gthread
# worker's requests are bounded by the database's own timeouts, not by this.
timeout = env_int("GUNICORN_TIMEOUT", 30, minimum=1)
# On a restart or a deploy, requests in flight get this long to finish.
graceful_timeout = env_int("GUNICORN_GRACEFUL_TIMEOUT", 30, minimum=1)
# Each worker is replaced after about this many requests (jitter: not all at once), so
# that slow leaks cannot build up.
max_requests = env_int("GUNICORN_MAX_REQUESTS", 1000, minimum=0)
max_requests_jitter = env_int("GUNICORN_MAX_REQUESTS_JITTER", 100, minimum=0)
# nginx closes its connection to gunicorn after each request.
keepalive = 2
# No access log: it would print query strings (searches hold names). The service logs each
# request itself without them, and nginx logs paths without query strings.
accesslog = None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
# The heartbeat file in memory: a container's disk can stall it.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None
# gunicorn 25's control socket would be one file in $HOME shared by every gunicorn started
# there (the load script starts two); nothing here uses it.
control_socket_disable = True
