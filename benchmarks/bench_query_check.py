"""What the query check of issue 12 costs (kg/sparql/check.py), as printed figures.

    python benchmarks/bench_query_check.py [--runs 7]

In process: the check over each of the ready questions in kg/queries/ (no parse: they do not
contain the letters "service"), and the check of a query that does (rdflib's parser: the first
call imports it). End to end: `kg query --name largest-investments` and a query with the word
"service" in a literal, as real subprocesses on the seeds' graph (median wall seconds).
"""

from __future__ import annotations

import argparse
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORDY = 'SELECT ?e WHERE { ?e rdfs:label ?l FILTER(CONTAINS(?l, "service")) }'


def wall(store: str, args: list[str], runs: int) -> float:
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        subprocess.run([sys.executable, "-m", "kg", "--store", store, *args], capture_output=True, check=False)
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=7)
    runs = ap.parse_args().runs
    print(f"machine: {platform.machine()}, {platform.python_version()}")

    from kg.sparql.check import check

    questions = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "kg" / "queries").glob("*.rq"))]
    t0 = time.perf_counter()
    for _ in range(runs):
        for q in questions:
            check(q)
    per = (time.perf_counter() - t0) / (runs * len(questions))
    print(f"check, {len(questions)} ready questions: {per * 1000:.2f} ms each (no parse)")
    t0 = time.perf_counter()
    check(WORDY)
    first = time.perf_counter() - t0
    t0 = time.perf_counter()
    for _ in range(runs):
        check(WORDY)
    print(f"check with a parse: first {first:.2f} s (imports rdflib), then {(time.perf_counter() - t0) / runs * 1000:.0f} ms")

    with tempfile.TemporaryDirectory() as tmp:
        store = str(Path(tmp) / "kg")
        subprocess.run([sys.executable, "-m", "kg", "--store", store, "build", str(ROOT / "seeds")], check=True,
                       capture_output=True)
        print(f"kg query --name largest-investments: {wall(store, ['query', '--name', 'largest-investments'], runs):.2f} s")
        print(f"kg query with 'service' in a literal: {wall(store, ['query', WORDY], runs):.2f} s")


if __name__ == "__main__":
    main()
