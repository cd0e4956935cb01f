"""Ready-question and lookup speed, as printed figures.

    python benchmarks/bench_questions.py [--runs 7] [--cli-runs 5]

Builds the seeds' graph in a temporary directory, then times each ready question
inside the process (median of several runs, in ms: binding the parameters, which
looks names up, plus the query and reading every row), the lookups (search,
describe, neighbors, path), and `kg query --name ...` end to end as a real
subprocess (median wall seconds, Python start-up and imports included).

Targets from the issue: under 50 ms per question in process, under 0.3 s wall
for `kg query --name`.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from timing import median_seconds

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"

# A value for each parameter name the ready questions use.
SAMPLE = {
    "banner": "鄂托克旗", "company": "中科合成油公司", "technology": "草酸亚铁工艺路线", "product": "磷酸铁锂",
    "document": "003", "place": "准格尔旗", "entity": "乌审旗", "subject": "年产60万吨磷酸铁锂项目",
    "sector": "hydrogen", "first": "年产60万吨磷酸铁锂项目", "second": "乌审旗",
}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=7, help="runs per question in process (median)")
    ap.add_argument("--cli-runs", type=int, default=5, help="runs per `kg query --name` subprocess (median)")
    args = ap.parse_args()

    from kg import KnowledgeGraph, lookup
    from kg.format import table
    from kg.sparql import questions as Q
    from kg.sparql.terms import solutions_to_rows

    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}")
    with tempfile.TemporaryDirectory() as tmp:
        location = str(Path(tmp) / "kg")
        graph = KnowledgeGraph(location)
        t = time.perf_counter()
        report = graph.build([SEEDS])
        print(f"seeds graph: {report.entities} entities, {report.relations} statements, {report.quads} quads "
              f"(built in {time.perf_counter() - t:.1f} s)\n")
        store = graph.store

        rows = []
        for q in Q.questions():
            params = {p.name: SAMPLE[p.name] for p in q.params if p.required}
            n_rows = len(Q.rows(store, q, **params))  # warm
            ms = 1000 * median_seconds(lambda q=q, params=params: solutions_to_rows(Q.run(store, q, **params)),
                                       args.runs)
            rows.append((q.name, n_rows, ms))

        print(table(["ready question (in process)", "rows", "median ms"], [[n, r, round(ms, 1)] for n, r, ms in rows]))
        times = [r[2] for r in rows]
        print(f"all {len(rows)} questions: max {max(times):.1f} ms, median {statistics.median(times):.1f} ms, "
              f"under 50 ms: {sum(t < 50 for t in times)}/{len(times)}\n")

        lookups = [
            ("search zhungeerqi", lambda: lookup.search(store, "zhungeerqi")),
            ("search 鄂旗", lambda: lookup.search(store, "鄂旗")),
            ("describe 鄂旗", lambda: lookup.describe(store, "鄂旗")),
            ("describe 年产60万吨磷酸铁锂项目", lambda: lookup.describe(store, "年产60万吨磷酸铁锂项目")),
            ("neighbors 磷酸铁锂 --depth 2", lambda: lookup.neighbors(store, "磷酸铁锂", 2)),
            ("path 磷酸铁锂 鄂尔多斯市", lambda: lookup.path(store, "磷酸铁锂", "鄂尔多斯市")),
        ]
        timed = []
        for name, f in lookups:
            f()
            timed.append([name, round(1000 * median_seconds(f, args.runs), 1)])
        print(table(["lookup (in process)", "median ms"], timed) + "\n")

        env = dict(os.environ, KG_STORE=location)
        commands = [
            ["query", "--name", "projects-in-banner", "--param", "banner=鄂托克旗"],
            ["query", "--name", "investment-by-sector"],
            ["query", "--name", "fact-evidence", "--param", "subject=年产60万吨磷酸铁锂项目", "--format", "json"],
            ["query", "--name", "admin-tree", "--format", "csv"],
            ["queries"],
            ["search", "zhungeerqi"],
            ["describe", "鄂旗"],
        ]
        walls = []
        for c in commands:
            s = median_seconds(lambda c=c: subprocess.run([sys.executable, "-m", "kg", *c], env=env, check=True,
                                                          stdout=subprocess.DEVNULL), args.cli_runs)
            walls.append(["kg " + " ".join(c), round(s, 3)])
        base = median_seconds(lambda: subprocess.run([sys.executable, "-c", "pass"], check=True), args.cli_runs)
        walls.append(["(python -c pass, for reference)", round(base, 3)])
        print(table(["end to end (a real subprocess)", "median wall s"], walls))
        query_walls = [w for (c, w) in walls if c.startswith("kg query")]
        print(f"kg query --name: max {max(query_walls):.3f} s, under 0.3 s: "
              f"{sum(w < 0.3 for w in query_walls)}/{len(query_walls)}")


if __name__ == "__main__":
    main()
