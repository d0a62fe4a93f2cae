"""The benchmark script runs end to end on tiny data, so that it cannot rot."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

PROJECT_DIR = Path(__file__).resolve().parents[1]


def test_bench_script_smoke(tmp_path):
    result = subprocess.run(
        [
            sys.executable,
            "scripts/bench.py",
            "--smoke",
            "--out",
            str(tmp_path),
            "--database-url",
            f"sqlite:///{tmp_path / 'bench.sqlite3'}",
        ],
        cwd=PROJECT_DIR,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    report = (tmp_path / "performance.md").read_text()
    data = json.loads((tmp_path / "performance.json").read_text())
    (run,) = data["runs"]
    variants = {measure["variant"]: measure for measure in run["measures"]}
    assert set(variants) == {
        "healthz",
        "hat_list",
        "blended_list",
        "blended_provider",
        "blended_status_route",
        "blended_search",
        "blended_last_name_page_50",
        "record",
    }
    assert all(measure["errors"] == 0 for measure in variants.values())
    assert all(measure["c1_requests"] > 0 for measure in variants.values())
    assert variants["hat_list"]["queries"] <= 8
    # Each list page is measured again read afresh (no page kept), the others are not.
    afresh = {name for name, measure in variants.items() if measure["afresh_p50_ms"]}
    assert afresh == set(variants) - {"healthz", "record"}
    assert "| Blended, name search | " in report and "read afresh" in report
    assert run["export"]["rows"] == run["scope"]
    assert "| Hat list, 1,500-trainee provider, page 1" in report
    assert "python scripts/bench.py --smoke --database-url sqlite:///" in report
    assert "--out" not in report
    # Each variant's ratio and spread is judged against the list-speed targets.
    assert report.count("Targets met: **") == 1
    assert "| Hat list, 1,500-trainee provider, page 1: median ≤ 10× /healthz |" in report
    assert "| Record page: median ≤ 15× /healthz |" in report
    assert (tmp_path / "performance-latency.png").stat().st_size > 1000


def test_each_page_is_compared_with_the_healthz_measured_just_before_it(monkeypatch):
    """The ratio is the median of each turn's page over the floor measured just before it:
    a machine that slows down between turns moves both, not the ratio."""
    sys.path.insert(0, str(PROJECT_DIR / "scripts"))
    import bench

    turns = iter(
        [
            {"p50_ms": 0.5, "p95_ms": 0.9, "requests": 100, "rps": 1000.0, "errors": 0},
            {"p50_ms": 5.0, "p95_ms": 8.0, "requests": 50, "rps": 200.0, "errors": 0},
            {"p50_ms": 1.0, "p95_ms": 1.5, "requests": 100, "rps": 500.0, "errors": 0},
            {"p50_ms": 10.0, "p95_ms": 12.0, "requests": 50, "rps": 100.0, "errors": 1},
            {"p50_ms": 0.0, "p95_ms": 0.0, "requests": 0, "rps": 0.0, "errors": 0},
            {"p50_ms": 6.0, "p95_ms": 9.0, "requests": 50, "rps": 200.0, "errors": 0},
        ]
    )
    calls = []

    def load(url, cookie, connections, duration):
        calls.append((url, cookie, connections, duration))
        return next(turns)

    monkeypatch.setattr(bench, "load", load)
    one, floor, ratio = bench.in_turn_with_floor("/page", "c=1", "/healthz", 6.0, 3)
    assert [call[0] for call in calls] == ["/healthz", "/page"] * 3
    assert all(call[2:] == (1, 2.0) for call in calls)
    assert [call[1] for call in calls] == [None, "c=1"] * 3
    # Turn ratios 10, 10 and (a floor that answered nothing) very large: the median is 10.
    assert ratio == 10.0
    assert floor == 0.5
    assert (one["p50_ms"], one["p95_ms"], one["errors"], one["requests"]) == (6.0, 9.0, 1, 150)
    assert one["rps"] == 150 / (50 / 200 + 50 / 100 + 50 / 200)


def test_turns_must_be_one_or_more():
    sys.path.insert(0, str(PROJECT_DIR / "scripts"))
    import bench

    assert bench.parse_args(["--database-url", "sqlite://", "--rounds", "2"]).rounds == 2
    with pytest.raises(SystemExit):
        bench.parse_args(["--database-url", "sqlite://", "--rounds", "0"])
