"""The benchmark script runs end to end on tiny data, so that it cannot rot."""

import json
import subprocess
import sys
from pathlib import Path

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
    assert run["export"]["rows"] == run["scope"]
    assert "| Hat list, 1,500-trainee provider, page 1" in report
    assert "python scripts/bench.py --smoke --database-url sqlite:///" in report
    assert "--out" not in report
    # Each variant's ratio and spread is judged against the list-speed targets.
    assert report.count("Targets met: **") == 1
    assert "| Hat list, 1,500-trainee provider, page 1: median ≤ 10× /healthz |" in report
    assert "| Record page: median ≤ 15× /healthz |" in report
    assert (tmp_path / "performance-latency.png").stat().st_size > 1000
