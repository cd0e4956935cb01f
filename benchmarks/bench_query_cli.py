"""`kg query` end to end against the Rust `oxigraph query` on the same store (issue 13's last point),
as printed figures: the median wall time of interleaved runs of each, the ratio, and what
Python itself costs before `kg` does anything (the interpreter, and importing click and pyoxigraph).

    python benchmarks/bench_query_cli.py                          # oxigraph found on PATH
    python benchmarks/bench_query_cli.py --oxigraph /path/to/oxigraph --runs 15

The seeds are built into a temporary store once. Compiled bytecode goes to a temporary
PYTHONPYCACHEPREFIX (warmed by one run first), as an installed package has it.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
QUERY = "SELECT ?b ?name WHERE { ?b a okg:Banner ; rdfs:label ?name FILTER(LANG(?name) = 'zh') } ORDER BY ?name"
OKG = "https://w3id.org/ordos-kg/ontology#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
PLAIN = QUERY.replace("okg:", f"<{OKG}").replace("Banner ;", "Banner> ;").replace("rdfs:label", f"<{RDFS}label>")


def seconds(cmd: list[str], env: dict) -> float:
    t0 = time.perf_counter()
    subprocess.run(cmd, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - t0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--oxigraph", default=shutil.which("oxigraph"), help="the oxigraph binary (PyPI package oxigraph)")
    ap.add_argument("--runs", type=int, default=9)
    args = ap.parse_args()
    if not args.oxigraph:
        sys.exit("no oxigraph binary: pip install oxigraph into a venv of its own and pass --oxigraph PATH")
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}; "
          f"load average {os.getloadavg()[0]:.1f}")
    with tempfile.TemporaryDirectory() as tmp:
        store = Path(tmp) / "kg"
        env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        env["PYTHONPYCACHEPREFIX"] = str(Path(tmp) / "pycache")
        subprocess.run([sys.executable, "-m", "kg", "--store", str(store), "build", str(ROOT / "seeds")], env=env,
                       check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        kg_script = Path(sys.executable).with_name("kg")
        kg = [str(kg_script)] if kg_script.exists() else [sys.executable, "-m", "kg"]
        commands = {
            "kg query": [*kg, "--store", str(store), "query", QUERY],
            "oxigraph query": [args.oxigraph, "query", "--location", str(store / "current"), "--query", PLAIN,
                               "--results-format", "csv"],
            "python -c pass": [sys.executable, "-c", "pass"],
            "python -c 'import click, pyoxigraph'": [sys.executable, "-c", "import click, pyoxigraph"],
        }
        for cmd in commands.values():
            seconds(cmd, env)  # warm: bytecode written, files in the page cache
        times: dict[str, list[float]] = {name: [] for name in commands}
        for _ in range(args.runs):
            for name, cmd in commands.items():  # interleaved, so that a change of load touches all alike
                times[name].append(seconds(cmd, env))
    print(f"median of {args.runs} interleaved runs, the seeds' graph:")
    med = {name: statistics.median(t) for name, t in times.items()}
    for name, m in med.items():
        print(f"  {name:40} {m * 1000:7.0f} ms")
    print(f"  kg query / oxigraph query: {med['kg query'] / med['oxigraph query']:.1f}×; "
          f"kg query beyond importing click and pyoxigraph: "
          f"{(med['kg query'] - med[next(n for n in med if 'import' in n)]) * 1000:.0f} ms")
    print(f"load average after: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
