#!/usr/bin/env python
"""Benchmark the trainee list at scale, as in production, and write docs/performance.md.

    python scripts/bench.py                       # measure the database as seed_scale left it
    python scripts/bench.py --sizes 10000,100000,1000000   # reseed at each size: growth
    python scripts/bench.py --smoke               # tiny data, a few seconds (CI)

It starts gunicorn (DEBUG off, WhiteNoise, --workers processes) against DATABASE_URL,
signs in as bench@example.com by creating sessions directly (one hat, one blended), and for
each request variant measures latency at concurrency 1 and throughput at concurrency 8
with wrk (a Python client when wrk is missing), SQL queries per request (in-process), the
ratio to /healthz, and for the CSV export rows per second and the server's memory growth.
"""

import argparse
import datetime
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import asdict, dataclass, field
from http.client import HTTPConnection
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))

from servers import Server, manage  # noqa: E402

BENCH_SECRET = "bench-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz-ABCDEFGH"
LIST_VARIANTS = (
    "hat_list",
    "blended_list",
    "blended_provider",
    "blended_status_route",
    "blended_search",
    "blended_last_name_page_50",
)
VARIANT_LABELS = {
    "healthz": "/healthz (floor)",
    "hat_list": "Hat list, 1,500-trainee provider, page 1",
    "blended_list": "Blended list, 20 providers, page 1",
    "blended_provider": "Blended, one provider filtered",
    "blended_status_route": "Blended, status + route filter",
    "blended_search": "Blended, name search",
    "blended_last_name_page_50": "Blended, last name sort, page 50",
    "record": "Record page",
}


# The list-speed targets (issue 14): the largest ratio to /healthz each variant may have.
RATIO_TARGETS = {"hat_list": 10.0, "blended_list": 12.0}
RATIO_CEILING = 15.0
P95_TARGET = 2.0  # p95 at most this many times the median


@dataclass
class Measure:
    variant: str
    url: str
    queries: int = 0
    c1_requests: int = 0
    c1_p50_ms: float = 0.0
    c1_p95_ms: float = 0.0
    c1_rps: float = 0.0
    c8_rps: float = 0.0
    errors: int = 0
    ratio_to_healthz: float = 0.0
    floor_ms: float = 0.0  # /healthz's median, measured in turn with this request
    # A list page read afresh each time (LIST_CACHE_SECONDS=0): what a page costs the first
    # time it is asked for, or after a change to its records.
    afresh_p50_ms: float | None = None
    afresh_ratio: float | None = None


@dataclass
class SizeRun:
    trainees: int
    providers: int
    scope: int
    hat_size: int
    seed_seconds: float | None
    partners: int = 0
    measures: list[Measure] = field(default_factory=list)
    export: dict = field(default_factory=dict)
    explains: dict = field(default_factory=dict)


def positive_int(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"{text} is not 1 or more")
    return value


def parse_args(argv=None):
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL"))
    parser.add_argument(
        "--sizes", default="", help="comma-separated trainee totals to seed and measure"
    )
    parser.add_argument("--providers", type=int, default=700)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument(
        "--redis-url",
        default=os.environ.get("REDIS_URL", ""),
        help="the cache and session store, as in production (default: REDIS_URL; none: database)",
    )
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--duration", type=float, default=10.0, help="seconds per wrk run")
    parser.add_argument(
        "--rounds",
        type=positive_int,
        default=3,
        help="the c=1 measure of each request, split into this many turns with /healthz's",
    )
    parser.add_argument("--export-runs", type=int, default=3)
    parser.add_argument(
        "--out", default=str(ROOT / "docs"), help="folder for performance.md, .json, .png"
    )
    parser.add_argument(
        "--smoke", action="store_true", help="tiny data and short runs, into a temporary folder"
    )
    args = parser.parse_args(argv)
    if args.smoke:
        args.sizes = args.sizes or "3000"
        args.providers = 25
        args.duration = 0.5
        args.rounds = 1
        args.export_runs = 1
        if args.out == str(ROOT / "docs"):
            args.out = tempfile.mkdtemp(prefix="bench-smoke-")
        if not args.database_url:
            args.database_url = f"sqlite:///{Path(args.out) / 'bench.sqlite3'}"
    if not args.database_url:
        parser.error("set DATABASE_URL or --database-url (a database that seed_scale filled)")
    return args


def server_env(args, static_root: Path) -> dict:
    env = dict(os.environ)
    env.update(
        DATABASE_URL=args.database_url,
        DJANGO_SETTINGS_MODULE="register_trainees.settings",
        DEBUG="0",
        SECRET_KEY=BENCH_SECRET,
        HTTPS_ONLY="0",
        DEMO_MODE="1",  # lets each bench session choose its provider model
        ALLOWED_HOSTS="127.0.0.1,localhost,testserver",
        STATIC_ROOT=str(static_root),
        LOG_LEVEL="WARNING",
        REDIS_URL=args.redis_url,
    )
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    return env


def rss_kib(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def run_wrk(url: str, cookie: str | None, connections: int, duration: float) -> dict:
    threads = min(connections, 2)
    command = [
        "wrk",
        "-t",
        str(threads),
        "-c",
        str(connections),
        "-d",
        f"{max(duration, 1):.0f}s",
        "--timeout",
        "30s",
        "-s",
        str(ROOT / "scripts" / "wrk_report.lua"),
    ]
    if cookie:
        command += ["-H", f"Cookie: {cookie}"]
    output = subprocess.run(command + [url], capture_output=True, text=True, check=True).stdout
    report = json.loads(output.strip().splitlines()[-1])
    seconds = report["duration_us"] / 1e6
    return {
        "requests": report["requests"],
        "rps": report["requests"] / seconds if seconds else 0.0,
        "p50_ms": report["p50_us"] / 1000,
        "p95_ms": report["p95_us"] / 1000,
        "errors": report["socket_errors"] + report["non_2xx_3xx"],
    }


def run_python_client(url: str, cookie: str | None, connections: int, duration: float) -> dict:
    """A fallback load generator when wrk is not installed."""
    host, port = url.split("//")[1].split("/")[0].split(":")
    path = "/" + url.split("//")[1].split("/", 1)[1]
    latencies, errors = [], [0]
    stop_at = time.monotonic() + duration
    lock = threading.Lock()

    def client():
        while time.monotonic() < stop_at:
            started = time.perf_counter()
            conn = HTTPConnection(host, int(port), timeout=30)
            try:
                conn.request("GET", path, headers={"Cookie": cookie} if cookie else {})
                response = conn.getresponse()
                response.read()
                ok = response.status < 400
            except OSError:
                ok = False
            finally:
                conn.close()
            with lock:
                latencies.append(time.perf_counter() - started)
                errors[0] += 0 if ok else 1

    began = time.monotonic()
    workers = [threading.Thread(target=client) for _ in range(connections)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    elapsed = time.monotonic() - began
    ordered = sorted(latencies) or [0.0]
    return {
        "requests": len(latencies),
        "rps": len(latencies) / elapsed,
        "p50_ms": statistics.median(ordered) * 1000,
        "p95_ms": ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))] * 1000,
        "errors": errors[0],
    }


def in_turn_with_floor(url, cookie, floor_url, duration, rounds) -> tuple[dict, float, float]:
    """The latency at concurrency 1 of ``url``, measured in ``rounds`` turns, each just
    after one of ``floor_url`` (``/healthz``), so that the machine's speed of the moment
    (shared and drifting) falls on both: the median of the turns' medians and p95s, the
    floor's median, and the median of the turns' ratios of the two medians."""
    turns, floors = [], []
    for _ in range(rounds):
        floors.append(load(floor_url, None, 1, duration / rounds))
        turns.append(load(url, cookie, 1, duration / rounds))
    seconds = sum(turn["requests"] / turn["rps"] for turn in turns if turn["rps"])
    requests = sum(turn["requests"] for turn in turns)
    one = {
        "requests": requests,
        "p50_ms": statistics.median(turn["p50_ms"] for turn in turns),
        "p95_ms": statistics.median(turn["p95_ms"] for turn in turns),
        "rps": requests / seconds if seconds else 0.0,
        "errors": sum(turn["errors"] for turn in turns),
    }
    ratio = statistics.median(
        turn["p50_ms"] / (floor["p50_ms"] or 1e-9)
        for turn, floor in zip(turns, floors, strict=True)
    )
    return one, statistics.median(floor["p50_ms"] for floor in floors), ratio


def load(url, cookie, connections, duration):
    if shutil.which("wrk"):
        return run_wrk(url, cookie, connections, duration)
    return run_python_client(url, cookie, connections, duration)


class Fixture:
    """The bench user's sessions and the URLs of every variant, read from the database."""

    def __init__(self):
        from django.conf import settings
        from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
        from django.contrib.sessions.backends.db import SessionStore
        from django.db.models import Count

        from accounts.models import User
        from providers.hat import HAT_SESSION_KEY, MODEL_SESSION_KEY
        from providers.selectors import providers_for_user
        from trainees.models import Trainee

        user = User.objects.get(email="bench@example.com")
        providers = list(providers_for_user(user))
        sizes = dict(
            Trainee.objects.filter(provider__in=providers)
            .values_list("provider")
            .annotate(n=Count("id"))
            .order_by()
        )
        # seed_scale gives the first provider by id the hat size.
        self.hat = min(providers, key=lambda p: p.pk)
        self.hat_size = sizes.get(self.hat.pk, 0)
        # With the records linked to its training partners from providers it is not in.
        linked = (
            Trainee.objects.filter(training_partner__in=providers)
            .exclude(provider__in=providers)
            .count()
        )
        self.scope = sum(sizes.values()) + linked
        self.partners = sum(not p.is_accredited for p in providers)
        other = next(p for p in providers if p.pk != self.hat.pk)

        def session(model, hat=None):
            store = SessionStore()
            store[SESSION_KEY] = str(user.pk)
            store[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
            store[HASH_SESSION_KEY] = user.get_session_auth_hash()
            store[MODEL_SESSION_KEY] = model
            if hat is not None:
                store[HAT_SESSION_KEY] = hat.pk
            store.create()
            return f"{settings.SESSION_COOKIE_NAME}={store.session_key}"

        self.hat_cookie = session("hat", self.hat)
        self.blended_cookie = session("blended")
        record = (
            Trainee.objects.filter(provider=self.hat, state="trn_received").order_by("id").first()
            or Trainee.objects.filter(provider=self.hat).order_by("id").first()
        )
        self.variants = {
            "healthz": ("/healthz", None),
            "hat_list": ("/trainees/", self.hat_cookie),
            "blended_list": ("/trainees/", self.blended_cookie),
            "blended_provider": (f"/trainees/?provider={other.pk}", self.blended_cookie),
            "blended_status_route": (
                "/trainees/?status=trn_received&route=provider_led_postgrad",
                self.blended_cookie,
            ),
            "blended_search": ("/trainees/?q=smit", self.blended_cookie),
            "blended_last_name_page_50": ("/trainees/?sort=last_name&page=50", self.blended_cookie),
            "record": (f"/trainees/{record.public_id}/", self.hat_cookie),
        }
        self.export = ("/trainees/export/", self.blended_cookie)


def count_queries(path, cookie) -> tuple[int, list[str]]:
    from django.core.cache import caches
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client()
    if cookie:
        name, value = cookie.split("=", 1)
        client.cookies[name] = value
    client.get(path)  # a session's first request stamps it (accounts.middleware): not counted
    caches["lists"].clear()  # the queries of a page read afresh, not of one kept
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
        if response.streaming:
            for _ in response.streaming_content:
                pass
    if response.status_code != 200:
        raise SystemExit(f"{path} answered {response.status_code} in-process")
    return len(queries), [query["sql"] for query in queries.captured_queries]


def explain(sqls: list[str]) -> list[str]:
    """EXPLAIN ANALYZE of each statement that reads trainees."""
    from django.db import connection

    plans = []
    for sql in sqls:
        if "trainees_trainee" not in sql or not sql.lstrip().upper().startswith(
            ("SELECT", "(SELECT")
        ):
            continue
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql)
            else:
                cursor.execute("EXPLAIN QUERY PLAN " + sql)
            lines = [" ".join(str(part) for part in row) for row in cursor.fetchall()]
        plans.append(sql[:400] + ("..." if len(sql) > 400 else "") + "\n\n" + "\n".join(lines))
    return plans


def sample_rss(pids, peak, running):
    """Record each process's largest resident set until ``running[0]`` turns false."""
    while running[0]:
        for pid in pids:
            peak[pid] = max(peak.get(pid, 0), rss_kib(pid))
        time.sleep(0.01)


def measure_export(server, path, cookie, runs) -> dict:
    results = []
    for _ in range(runs):
        pids = server.worker_pids()
        before = {pid: rss_kib(pid) for pid in pids}
        peak = dict(before)
        sampling = [True]

        sampler = threading.Thread(target=sample_rss, args=(pids, peak, sampling))
        sampler.start()
        started = time.perf_counter()
        conn = HTTPConnection("127.0.0.1", server.port, timeout=120)
        conn.request("GET", path, headers={"Cookie": cookie})
        response = conn.getresponse()
        rows = -1
        size = 0
        while chunk := response.read(65536):
            rows += chunk.count(b"\n")
            size += len(chunk)
        elapsed = time.perf_counter() - started
        conn.close()
        sampling[0] = False
        sampler.join()
        growth = max((peak[pid] - before.get(pid, peak[pid]) for pid in peak), default=0)
        results.append(
            {
                "rows": rows,
                "seconds": elapsed,
                "bytes": size,
                "rss_growth_kib": growth,
                "peak_rss_kib": max(peak.values(), default=0),
                "status": response.status,
            }
        )
    best = sorted(results, key=lambda r: r["seconds"])[len(results) // 2]
    best["rows_per_second"] = best["rows"] / best["seconds"] if best["seconds"] else 0
    best["max_rss_growth_kib"] = max(r["rss_growth_kib"] for r in results)
    return best


def measure_size(args, env, size: int | None, static_root) -> SizeRun:
    seed_seconds = None
    if size:
        started = time.monotonic()
        hat = 1500 if not args.smoke else 300
        scope = 30000 if not args.smoke else 900
        manage(
            env,
            "seed_scale",
            "--providers",
            str(args.providers),
            "--trainees",
            str(size),
            "--seed",
            str(args.seed),
            "--reset",
            "--no-progress",
            "--bench-hat-size",
            str(hat),
            "--bench-scope",
            str(scope),
            *(["--no-history"] if args.smoke else []),
        )
        seed_seconds = time.monotonic() - started
        print(f"seeded {size:,} trainees in {seed_seconds:.0f} s", flush=True)
    from django.db import connections

    connections.close_all()
    from trainees.models import Trainee

    total = Trainee.objects.count()
    fixture = Fixture()
    run = SizeRun(
        trainees=total,
        providers=args.providers,
        scope=fixture.scope,
        hat_size=fixture.hat_size,
        seed_seconds=seed_seconds,
        partners=fixture.partners,
    )
    server = Server(env, args.workers, args.port)
    try:
        floor_url = server.base + fixture.variants["healthz"][0]
        for variant, (path, cookie) in fixture.variants.items():
            queries, sqls = count_queries(path, cookie)
            url = server.base + path
            if not args.smoke:
                load(url, cookie, 1, min(args.duration, 2))  # warm up
            if variant == "healthz":
                one = load(url, cookie, 1, args.duration)
                floor, ratio = one["p50_ms"], 1.0
            else:
                one, floor, ratio = in_turn_with_floor(
                    url, cookie, floor_url, args.duration, args.rounds
                )
            eight = load(url, cookie, 8, args.duration)
            run.measures.append(
                Measure(
                    variant=variant,
                    url=path,
                    queries=queries,
                    c1_requests=one["requests"],
                    c1_p50_ms=one["p50_ms"],
                    c1_p95_ms=one["p95_ms"],
                    c1_rps=one["rps"],
                    c8_rps=eight["rps"],
                    errors=one["errors"] + eight["errors"],
                    ratio_to_healthz=ratio,
                    floor_ms=floor,
                )
            )
            if variant != "healthz":
                run.explains[variant] = explain(sqls)
            print(
                f"{total:>9,} {variant:28} p50 {one['p50_ms']:7.2f} ms  "
                f"p95 {one['p95_ms']:7.2f} ms  c1 {one['rps']:7.1f}/s  "
                f"c8 {eight['rps']:7.1f}/s  {queries} queries  {ratio:5.1f}× /healthz "
                f"({floor:.2f} ms alongside)",
                flush=True,
            )
        path, cookie = fixture.export
        queries, _ = count_queries(path, cookie)
        run.export = measure_export(server, path, cookie, args.export_runs)
        run.export["queries"] = queries
        print(
            f"{total:>9,} export: {run.export['rows']:,} rows in {run.export['seconds']:.2f} s "
            f"({run.export['rows_per_second']:,.0f} rows/s), worker RSS +"
            f"{run.export['max_rss_growth_kib'] / 1024:.1f} MB",
            flush=True,
        )
    finally:
        server.stop()
    measure_afresh(args, env, fixture, run)
    return run


def measure_afresh(args, env, fixture, run: SizeRun) -> None:
    """Each list variant again, on a server that keeps no page (LIST_CACHE_SECONDS=0)."""
    server = Server({**env, "LIST_CACHE_SECONDS": "0"}, args.workers, 0)
    try:
        floor_url = server.base + fixture.variants["healthz"][0]
        for measure in run.measures:
            if measure.variant not in LIST_VARIANTS:
                continue
            path, cookie = fixture.variants[measure.variant]
            url = server.base + path
            if not args.smoke:
                load(url, cookie, 1, min(args.duration, 2))  # warm up
            one, floor, ratio = in_turn_with_floor(
                url, cookie, floor_url, args.duration, args.rounds
            )
            measure.afresh_p50_ms, measure.afresh_ratio = one["p50_ms"], ratio
            measure.errors += one["errors"]
            print(
                f"{run.trainees:>9,} {measure.variant:28} read afresh: p50 "
                f"{one['p50_ms']:7.2f} ms  {ratio:5.1f}× /healthz ({floor:.2f} ms alongside)",
                flush=True,
            )
    finally:
        server.stop()


def bench_command(argv: list[str], redis_url: str) -> str:
    """The command that made the report, as someone would type it again: where the report
    went left out, the Redis it used put in front."""
    words, skip = [], False
    for word in argv:
        if skip:
            skip = False
        elif word == "--out":
            skip = True
        elif not word.startswith("--out="):
            words.append(word)
    redis = f"REDIS_URL={redis_url} " if redis_url else ""
    return f"{redis}python scripts/bench.py {' '.join(words)}".rstrip()


def target_checks(run: SizeRun) -> list[tuple[str, str, bool]]:
    """Each target, what this run measured against it, and whether it was met."""
    checks = []
    for m in run.measures:
        if m.variant == "healthz":
            continue
        limit = RATIO_TARGETS.get(m.variant, RATIO_CEILING)
        label = VARIANT_LABELS[m.variant]
        checks.append(
            (
                f"{label}: median ≤ {limit:g}× /healthz",
                f"{m.ratio_to_healthz:.1f}×",
                m.ratio_to_healthz <= limit,
            )
        )
        spread = m.c1_p95_ms / m.c1_p50_ms if m.c1_p50_ms else 0.0
        checks.append(
            (f"{label}: p95 ≤ {P95_TARGET:g}× median", f"{spread:.2f}×", spread <= P95_TARGET)
        )
    return checks


def machine_info(env) -> dict:
    import django
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SHOW server_version")
            database = f"PostgreSQL {cursor.fetchone()[0]}"
        else:
            cursor.execute("select sqlite_version()")
            database = f"SQLite {cursor.fetchone()[0]}"
    cpu = "unknown"
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    wrk = (
        subprocess.run(["wrk", "--version"], capture_output=True, text=True).stdout.split("\n")[0]
        if shutil.which("wrk")
        else "not installed (Python client)"
    )
    memory = "unknown"
    if Path("/proc/meminfo").exists():
        memory = Path("/proc/meminfo").read_text().splitlines()[0].split(":")[1].strip()
    import gunicorn

    started = time.perf_counter()
    total = 0
    for number in range(5_000_000):
        total += number
    calibration = time.perf_counter() - started
    return {
        "date": datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory": memory,
        "os": platform.platform(),
        "python": platform.python_version(),
        "django": django.get_version(),
        "gunicorn": gunicorn.__version__,
        "database": database,
        "cache and sessions": (
            "Redis (sessions read from it, written through to the database)"
            if env.get("REDIS_URL")
            else "the database"
        ),
        "load_generator": wrk,
        # This machine's CPU speed varies over time: a plain Python loop, timed per run.
        "cpu_calibration": f"{calibration:.2f} s for a 5,000,000-step Python loop",
    }


def write_plot(runs: list[SizeRun], path: Path) -> bool:
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        return False
    figure, axis = plt.subplots(figsize=(8, 5), dpi=110)
    sizes = [run.trainees for run in runs]
    for variant in ("healthz", *LIST_VARIANTS, "record"):
        values = [
            next((m.c1_p50_ms for m in run.measures if m.variant == variant), None) for run in runs
        ]
        axis.plot(sizes, values, marker="o", label=VARIANT_LABELS[variant])
    axis.set_xscale("log")
    axis.set_xlabel("trainees in the database")
    axis.set_ylabel("median latency at concurrency 1 (ms)")
    axis.set_title("Register trainee teachers: latency against table size")
    axis.grid(True, which="both", alpha=0.3)
    axis.legend(fontsize=8)
    figure.tight_layout()
    figure.savefig(path)
    plt.close(figure)
    return True


def markdown(runs: list[SizeRun], info: dict, args, plot_name: str | None) -> str:
    largest = max(runs, key=lambda run: run.trainees)
    lines = [
        "# Performance",
        "",
        "Generated by `scripts/bench.py`; see [performance-notes.md](performance-notes.md) "
        "for the design, the targets and what the figures mean.",
        "",
        "## Machine",
        "",
    ]
    lines += [f"- {key.replace('_', ' ')}: {value}" for key, value in info.items()]
    lines += [
        "",
        "## Commands",
        "",
        "```sh",
        "python manage.py seed_scale --providers 700 --trainees 1000000 --seed 1 --reset",
        bench_command(sys.argv[1:], args.redis_url),
        "```",
        "",
    ]
    for run in sorted(runs, key=lambda run: run.trainees):
        lines += [
            f"## {run.trainees:,} trainees",
            "",
            f"{run.providers} providers; bench@example.com works for 20 providers (managing "
            f"the team at its hat provider, viewing only at five) and {run.partners} training "
            f"partners, {run.scope:,} trainees in all; its hat provider has {run.hat_size:,}."
            + (f" seed_scale took {run.seed_seconds:.0f} s." if run.seed_seconds else ""),
            "",
            "| request | median ms (c=1) | p95 ms (c=1) | req/s c=1 | req/s c=8 | c8/c1 | "
            "SQL queries | /healthz alongside, ms | × /healthz | errors |",
            "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
        ]
        for m in run.measures:
            scaling = m.c8_rps / m.c1_rps if m.c1_rps else 0
            lines.append(
                f"| {VARIANT_LABELS[m.variant]} (`{m.url}`) | {m.c1_p50_ms:.2f} | "
                f"{m.c1_p95_ms:.2f} | {m.c1_rps:.0f} | {m.c8_rps:.0f} | {scaling:.2f} | "
                f"{m.queries} | {m.floor_ms:.2f} | {m.ratio_to_healthz:.1f} | {m.errors} |"
            )
        afresh = [m for m in run.measures if m.afresh_p50_ms is not None]
        if afresh:
            lines += [
                "",
                "The same list pages read afresh each time, on a server that keeps no page "
                "(`LIST_CACHE_SECONDS=0`): what a page costs when it is first asked for, or "
                "after a change to its records. Not held to the targets.",
                "",
                "| request | median ms (c=1), read afresh | × /healthz | kept page, ms |",
                "| --- | ---: | ---: | ---: |",
                *(
                    f"| {VARIANT_LABELS[m.variant]} | {m.afresh_p50_ms:.2f} | "
                    f"{m.afresh_ratio:.1f} | {m.c1_p50_ms:.2f} |"
                    for m in afresh
                ),
            ]
        checks = target_checks(run)
        met = sum(passed for _, _, passed in checks)
        lines += [
            "",
            f"Each request's latency at concurrency 1 was measured in {args.rounds} turns, "
            "each just after one of `/healthz`: the medians and p95s are the median of its "
            "turns', \"/healthz alongside\" the median of `/healthz`'s turns, and "
            "\"× /healthz\" the median of the turns' ratios, so that the shared machine's "
            "speed of the moment falls on both. The first row is `/healthz` measured alone.",
            "",
            f"Targets met: **{met} of {len(checks)}**.",
            "",
            "| target | measured | met |",
            "| --- | ---: | --- |",
            *(
                f"| {target} | {value} | {'yes' if passed else '**no**'} |"
                for target, value, passed in checks
            ),
        ]
        e = run.export
        lines += [
            "",
            f"CSV export of the whole blended scope: {e['rows']:,} rows in "
            f"{e['seconds']:.2f} s = **{e['rows_per_second']:,.0f} rows/s**, "
            f"{e['bytes'] / 1e6:.1f} MB, {e['queries']} SQL queries; the serving worker's "
            f"memory grew by **{e['max_rss_growth_kib'] / 1024:.1f} MB** "
            f"(peak RSS {e['peak_rss_kib'] / 1024:.0f} MB).",
            "",
        ]
    if len(runs) > 1:
        smallest = min(runs, key=lambda run: run.trainees)
        lines += [
            "## Growth",
            "",
            f"Median latency at {largest.trainees:,} trainees divided by the median at "
            f"{smallest.trainees:,}.",
            "",
            "| request | "
            + " | ".join(f"{r.trainees:,}" for r in sorted(runs, key=lambda r: r.trainees))
            + f" | ratio {largest.trainees:,} / {smallest.trainees:,} |",
            "| --- | " + " | ".join("---:" for _ in runs) + " | ---: |",
        ]
        for variant in (*LIST_VARIANTS, "record"):
            values = []
            for run in sorted(runs, key=lambda r: r.trainees):
                values.append(next(m.c1_p50_ms for m in run.measures if m.variant == variant))
            lines.append(
                f"| {VARIANT_LABELS[variant]} | "
                + " | ".join(f"{v:.2f}" for v in values)
                + f" | **{values[-1] / values[0]:.2f}** |"
            )
        lines.append("")
    if plot_name:
        lines += [f"![Median latency against table size]({plot_name})", ""]
    lines += [
        f"## Query plans at {largest.trainees:,} trainees",
        "",
        "EXPLAIN (ANALYZE, BUFFERS) of each statement that reads trainees, as the page runs it.",
        "",
    ]
    for variant, plans in largest.explains.items():
        lines += [f"### {VARIANT_LABELS[variant]}", ""]
        for plan in plans:
            lines += ["```", plan, "```", ""]
    return "\n".join(lines)


def main(argv=None):
    args = parse_args(argv)
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    static_root = Path(tempfile.mkdtemp(prefix="bench-static-"))
    env = server_env(args, static_root)
    os.environ.update({k: v for k, v in env.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"})
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    manage(env, "migrate", "--noinput")
    manage(env, "collectstatic", "--noinput")
    info = machine_info(env)
    sizes = [int(size) for size in args.sizes.split(",") if size.strip()] or [None]
    runs = [measure_size(args, env, size, static_root) for size in sizes]
    plot_name = "performance-latency.png"
    plotted = write_plot(runs, out / plot_name) if len(runs) > 1 or args.smoke else False
    (out / "performance.json").write_text(
        json.dumps({"machine": info, "runs": [asdict(run) for run in runs]}, indent=2, default=str)
    )
    (out / "performance.md").write_text(markdown(runs, info, args, plot_name if plotted else None))
    shutil.rmtree(static_root, ignore_errors=True)
    print(f"wrote {out / 'performance.md'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
