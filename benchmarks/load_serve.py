"""Load test for `kg serve`, on loopback only.

Starts `kg serve` on a graph of the seeds (built into a temporary directory unless
--store is given), then runs 50 concurrent clients for 10 s, each on its own kept-alive
connection, in two rounds: the ready questions (kg/queries/*.rq, parameters bound to
entities of the graph), cycled; and one simple query. Prints requests/s, errors and
p50/p99 latency for each round.

    python benchmarks/load_serve.py [--clients 50] [--seconds 10] [--store DIR] [--workers N]

The clients run in separate processes (so their Python does not share the server's
GIL); on a 2-core machine they compete with the server for the CPU, as a real load
generator on the same machine would.
"""

from __future__ import annotations

import argparse
import http.client
import multiprocessing
import os
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SIMPLE = 'SELECT ?b ?name WHERE { ?b a okg:Banner ; rdfs:label ?name FILTER(LANG(?name) = "zh") }'


def sample_values(store, question) -> dict:
    """A value for each parameter of a ready question, taken from the graph itself."""
    from kg.graph import OKG

    def entity(kind: str, nth: int = 0) -> str:
        cls = {"entity": "Banner", "Organization": "Company"}.get(kind, kind)
        rows = list(store.query(f"SELECT DISTINCT ?e WHERE {{ ?e a/rdfs:subClassOf* <{OKG}{cls}> }} ORDER BY ?e"))
        return rows[min(nth, len(rows) - 1)]["e"].value

    values, seen = {}, 0
    for p in question.params:
        if not p.required and p.default is None:
            continue
        if p.default is not None:
            values[p.name] = p.default
        elif p.kind == "document":
            values[p.name] = next(iter(store.query("SELECT ?d WHERE { ?d a okg:Document } ORDER BY ?d")))["d"].value
        elif p.kind == "property":
            values[p.name] = OKG + "locatedIn"
        elif p.kind == "choice":
            values[p.name] = p.choices[0]
        elif p.kind in ("integer", "number"):
            values[p.name] = "1"
        elif p.kind == "text":
            values[p.name] = "氢"
        else:
            values[p.name] = entity(p.kind, seen)
            seen += 1
    return values


def ready_queries(store_dir: str) -> list[tuple[str, str]]:
    """(name, SPARQL with its parameters bound) for each ready question that can be bound."""
    from kg.sparql.questions import bind_parameters as bind_params
    from kg.sparql.questions import questions
    from kg.sparql.text import bind
    from kg.store import open_store

    store = open_store(store_dir)
    out = []
    for q in questions():
        try:
            out.append((q.name, bind(q.sparql, bind_params(store, q, sample_values(store, q)))))
        except Exception as e:  # noqa: BLE001 - report and go on
            print(f"  (skipping {q.name}: {e})", file=sys.stderr)
    store.close()
    return out


def client_process(port: int, queries: list[str], threads: int, seconds: float, offset: int, out,
                   path: str = "/sparql") -> None:
    """`threads` clients, each on one kept-alive connection, until the time is up."""
    results: list[tuple[float, int]] = []
    lock = threading.Lock()
    deadline = time.perf_counter() + seconds

    def client(k: int) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        mine = []
        i = offset + k
        while time.perf_counter() < deadline:
            body = urllib.parse.urlencode({"query": queries[i % len(queries)]})
            i += 1
            t0 = time.perf_counter()
            try:
                conn.request("POST", path, body, {"Content-Type": "application/x-www-form-urlencoded",
                                                        "Accept": "application/sparql-results+json"})
                r = conn.getresponse()
                r.read()
                status = r.status
            except (OSError, http.client.HTTPException):
                status = 0
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            mine.append((time.perf_counter() - t0, status))
        conn.close()
        with lock:
            results.extend(mine)

    ts = [threading.Thread(target=client, args=(k,)) for k in range(threads)]
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    out.put(results)


def load(port: int, queries: list[str], clients: int, seconds: float, procs: int, path: str = "/sparql") -> dict:
    ctx = multiprocessing.get_context("spawn")
    out = ctx.Queue()
    per = [clients // procs + (1 if i < clients % procs else 0) for i in range(procs)]
    ps = [ctx.Process(target=client_process, args=(port, queries, n, seconds, sum(per[:i]), out, path))
          for i, n in enumerate(per) if n]
    t0 = time.perf_counter()
    for p in ps:
        p.start()
    results = [r for _ in ps for r in out.get()]
    for p in ps:
        p.join()
    wall = time.perf_counter() - t0
    lat = sorted(r[0] for r in results)
    errors = sum(1 for r in results if r[1] != 200)
    q = statistics.quantiles(lat, n=100) if len(lat) > 1 else [lat[0]] * 99
    return {"requests": len(results), "errors": errors, "rps": len(results) / seconds, "wall": wall,
            "p50": q[49] * 1000, "p99": q[98] * 1000, "max": lat[-1] * 1000}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--clients", type=int, default=50)
    ap.add_argument("--seconds", type=float, default=10.0)
    ap.add_argument("--store", help="an existing store directory (default: build the seeds into a temporary one)")
    ap.add_argument("--workers", type=int, default=None, help="kg serve --workers (default: one per CPU)")
    ap.add_argument("--client-processes", type=int, default=2)
    args = ap.parse_args()
    if args.clients > 200 or args.seconds > 120:
        sys.exit("keep it bounded: at most 200 clients for 120 s")

    tmp = tempfile.TemporaryDirectory()
    store = args.store
    if not store:
        store = os.path.join(tmp.name, "kg")
        subprocess.run([sys.executable, "-m", "kg", "--store", store, "build", str(ROOT / "seeds")], check=True,
                       stdout=subprocess.DEVNULL)
    questions = ready_queries(store)
    cmd = [sys.executable, "-m", "kg", "--store", store, "serve", "--host", "127.0.0.1", "--port", "0", "--quiet"]
    if args.workers:
        cmd += ["--workers", str(args.workers)]
    server = subprocess.Popen(cmd, stderr=subprocess.PIPE, text=True)
    try:
        line = server.stderr.readline()
        m = re.search(r"http://127\.0\.0\.1:(\d+)/", line)
        if not m:
            sys.exit(f"kg serve did not start: {line}{server.stderr.read()}")
        port = int(m.group(1))
        time.sleep(1.0)  # let the workers open the store
        print(f"kg serve on 127.0.0.1:{port}, {os.cpu_count()} CPUs, workers: {args.workers or os.cpu_count()}; "
              f"{args.clients} clients for {args.seconds:g} s per round")
        rounds = [(f"ready questions ({len(questions)}, cycled)", [q for _, q in questions]),
                  ("simple query (banners)", [SIMPLE])]
        for label, queries in rounds:
            r = load(port, queries, args.clients, args.seconds, args.client_processes)
            print(f"{label:36s} {r['rps']:7.1f} req/s  {r['requests']:6d} requests  {r['errors']} errors  "
                  f"p50 {r['p50']:6.1f} ms  p99 {r['p99']:6.1f} ms  max {r['max']:6.1f} ms")
    finally:
        server.terminate()
        server.wait(20)
        tmp.cleanup()


if __name__ == "__main__":
    main()
