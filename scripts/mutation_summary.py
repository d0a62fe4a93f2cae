#!/usr/bin/env python
"""The mutation score of the last `mutmut run`, per file and overall (`make mutation`).

    python scripts/mutation_summary.py            # after mutmut run, from the project folder
    python scripts/mutation_summary.py --min 90   # exit 1 when fewer than 90% are killed

Reads mutmut's results in mutants/ for the files of [tool.mutmut] only_mutate in
pyproject.toml. A mutant counts as killed when a test failed or timed out with it (as
mutmut's own score counts it); every other outcome, equivalent mutants included, counts
against the score. Survivors are listed by name: `mutmut show NAME` prints the change.
"""

import argparse
import json
import sys
import tomllib
from collections import Counter
from pathlib import Path

from mutmut.stats import status_by_exit_code

KILLED = {"killed", "timeout"}


def files_to_mutate() -> list[str]:
    config = tomllib.loads(Path("pyproject.toml").read_text())["tool"]["mutmut"]
    return config["only_mutate"]


def outcomes(path: str) -> dict[str, str]:
    """Each mutant of ``path`` and what became of it ("killed", "survived", ...)."""
    meta = Path("mutants") / f"{path}.meta"
    if not meta.exists():
        return {}
    exit_codes = json.loads(meta.read_text())["exit_code_by_key"]
    return {name: status_by_exit_code[code] for name, code in exit_codes.items()}


def score(killed: int, total: int) -> str:
    return f"{100 * killed / total:.1f}%" if total else "-"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--min", type=float, default=0, help="lowest acceptable score, in %")
    args = parser.parse_args()

    rows, not_killed, overall = [], [], Counter()
    for path in files_to_mutate():
        by_mutant = outcomes(path)
        counts = Counter(by_mutant.values())
        rows.append((path, counts))
        overall.update(counts)
        not_killed += [(name, status) for name, status in by_mutant.items() if status not in KILLED]

    total = sum(overall.values())
    if not total:
        print("No mutation results in mutants/: run `make mutation` first.")
        return 1
    print(f"{'file':<28} {'killed':>7} {'total':>6} {'score':>7}  other outcomes")
    for path, counts in [*rows, ("all", overall)]:
        killed, count = sum(counts[status] for status in KILLED), sum(counts.values())
        others = ", ".join(f"{n} {status}" for status, n in counts.items() if status not in KILLED)
        print(f"{path:<28} {killed:>7} {count:>6} {score(killed, count):>7}  {others}")
    if not_killed:
        print("\nNot killed (`.venv/bin/mutmut show NAME` prints the change):")
        for name, status in sorted(not_killed):
            print(f"  {status:<12} {name}")
    if overall["not checked"]:
        print("\nThe run did not finish: some mutants were not checked.")
        return 1
    killed = sum(overall[status] for status in KILLED)
    if 100 * killed / total < args.min:
        print(f"\nBelow the minimum score of {args.min:g}%.")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
