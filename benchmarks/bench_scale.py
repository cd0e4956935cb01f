"""How the graph scales with the corpus, as printed figures.

    python benchmarks/bench_scale.py [--sizes 100,1000] [--with-10000] [--timeout 60] [--jobs N]
                                     [--keep DIR [--reuse]] [--no-questions] [--no-views]

For each size N, makes a synthetic corpus of N articles (benchmarks/make_corpus.py) and five
more articles kept back, then with the real `kg` command in a temporary store: builds the
graph (wall, characters per second, peak memory of the build and its workers), counts the
quads and the store's size on disk, ingests each article kept back into its own copy of the
graph (a checkpoint: the graph measured stays as built), runs every ready question
(in a separate process, each question once after a warm-up, median and max; one that runs
past --timeout is stopped and reported as such), and times `kg viz` and `kg analyze`.
Every step is stopped after --timeout seconds (the build after 30 × that).
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import select
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from make_corpus import make_corpus

ROOT = Path(__file__).resolve().parent.parent
KG = [sys.executable, "-m", "kg"]
# A value for each parameter the ready questions take: names every synthetic corpus has (its first round
# is the articles as they are).
SAMPLE = {
    "banner": "鄂托克旗", "company": "中科合成油公司", "technology": "草酸亚铁工艺路线", "product": "磷酸铁锂",
    "document": "00003_", "place": "准格尔旗", "entity": "乌审旗", "subject": "年产60万吨磷酸铁锂项目",
    "sector": "hydrogen", "first": "年产60万吨磷酸铁锂项目", "second": "乌审旗",
    "stage": "ConstructionStarted", "project": "年产60万吨磷酸铁锂项目", "date": "2026-06-30", "year": "2025",
}
QUESTIONS_CHILD = """
import sys, time
from kg.sparql import questions as Q
from kg.sparql.terms import solutions_to_rows
from kg.store import open_store
SAMPLE = eval(sys.argv[2])
store = open_store(sys.argv[1])
print(" ".join(q.name for q in Q.questions()), flush=True)
for q in Q.questions()[int(sys.argv[3]):]:
    params = {p.name: SAMPLE[p.name] for p in q.params if p.required}
    solutions_to_rows(Q.run(store, q, **params))  # warm
    t = time.perf_counter()
    n = len(solutions_to_rows(Q.run(store, q, **params)))
    print(q.name, n, (time.perf_counter() - t) * 1000, flush=True)
"""


CPU_SECONDS: list[float] = []  # CPU time of the last step run, its workers included (the machine may be shared)


def run(cmd: list[str], env: dict, timeout: float) -> tuple[float | None, int, str]:
    """Wall seconds (None past the timeout), peak memory in KiB of the process and its workers, stdout."""
    t = time.perf_counter()
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        p = subprocess.Popen(cmd, env=env, stdout=out, stderr=err)
        deadline = t + timeout
        while True:
            pid, status, usage = os.wait4(p.pid, os.WNOHANG)
            if pid:
                break
            if time.perf_counter() > deadline:
                p.kill()
                os.wait4(p.pid, 0)
                return None, 0, ""
            time.sleep(0.05)
        p.returncode = os.waitstatus_to_exitcode(status)
        CPU_SECONDS[:] = [usage.ru_utime + usage.ru_stime]
        wall = time.perf_counter() - t
        out.seek(0)
        text = out.read().decode("utf-8", "replace")
        if p.returncode != 0:
            err.seek(0)
            last = (err.read().decode("utf-8", "replace").strip().splitlines() or [""])[-1]
            raise Failed(f"{' '.join(cmd[3:4])} failed (exit {p.returncode}): {last}")
    return wall, usage.ru_maxrss, text


class Failed(Exception):
    """A step that exited with an error."""


def question_times(store: str, timeout: float) -> list[tuple[str, float | None]]:
    """(name, ms) for every ready question; None for one stopped at the timeout."""
    names: list[str] = [""]
    out: list[tuple[str, float | None]] = []
    while len(out) < len(names):
        p = subprocess.Popen([sys.executable, "-c", QUESTIONS_CHILD, store, repr(SAMPLE), str(len(out))],
                             stdout=subprocess.PIPE, text=True)
        names = p.stdout.readline().split()  # the child's kg, which may not be the one imported here
        while len(out) < len(names):
            ready, _, _ = select.select([p.stdout], [], [], 2 * timeout)  # warm-up and the timed run
            line = p.stdout.readline() if ready else ""
            if not line:
                p.kill()
                p.wait()
                out.append((names[len(out)], None))
                break
            name, _, ms = line.split()
            out.append((name, float(ms)))
        else:
            p.wait()
    return out


def step(cmd: list[str], env: dict, timeout: float) -> float | str | None:
    """Wall seconds, None past the timeout, or why it failed."""
    try:
        return run(cmd, env, timeout)[0]
    except Failed as e:
        return str(e)


def du(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file())


def fmt(seconds: float | str | None, timeout: float) -> str:
    if isinstance(seconds, str):
        return seconds
    return f"> {timeout:.0f} s (stopped)" if seconds is None else f"{seconds:.1f} s"


HELD = 5  # articles ingested one at a time into copies of the graph
HELD_FROM = 1000  # their place in the corpus after the N built: never one of the N


def scratch_copy(store: Path, into: Path) -> Path:
    """A store at `into` holding a checkpoint of `store`'s current graph and its names index
    (hard links where it can: cheap however big the graph), to ingest into and throw away."""
    from pyoxigraph import Store

    from kg.store.names import index_path

    current = (store / "current").resolve()
    db = into / "stores" / current.name
    db.parent.mkdir(parents=True)
    Store.read_only(str(current)).backup(str(db))
    if index_path(current).exists():
        shutil.copyfile(index_path(current), index_path(db))
    os.symlink(os.path.relpath(db, into), into / "current")
    return into


def ingest_times(store: Path, held: list[Path], work: Path, timeout: float) -> list[float | str | None]:
    """Seconds to ingest each held-back article, each into its own copy of the graph."""
    out: list[float | str | None] = []
    for i, article in enumerate(held):
        scratch = scratch_copy(store, work / f"scratch-{i}")
        out.append(step([*KG, "ingest", str(article)], dict(os.environ, KG_STORE=str(scratch)), timeout))
        shutil.rmtree(scratch, ignore_errors=True)
    return out


def graph_counts(store: Path) -> tuple[int, int, int]:
    """Entities, evidence records (statements) and quads of a kept graph."""
    from pyoxigraph import Store

    db = Store.read_only(str((store / "current").resolve()))
    entities, statements = (int(next(iter(db.query(q, use_default_graph_as_union=True)))[0].value) for q in (
        "SELECT (COUNT(DISTINCT ?e) AS ?n) WHERE { GRAPH <https://w3id.org/ordos-kg/resource/graph/entities> { ?e a ?t } }",
        "SELECT (COUNT(?ev) AS ?n) WHERE { ?ev a <https://w3id.org/ordos-kg/ontology#Evidence> }"))
    return entities, statements, len(db)


def bench(n: int, timeout: float, jobs: int | None, tmp: Path, questions: bool = True, keep: bool = False,
          reuse: bool = False, views: bool = True) -> dict:
    corpus, extra, store = tmp / f"corpus-{n}", tmp / f"extra-{n}", tmp / f"kg-{n}"
    held = make_corpus(n + HELD_FROM + HELD, extra, start=n + HELD_FROM)
    env = dict(os.environ, KG_STORE=str(store))
    if reuse and (store / "current").exists():
        files = sorted(corpus.iterdir())
        r: dict = {"n": n, "chars": sum(len(p.read_text(encoding="utf-8")) for p in files), "build": "kept"}
        r["entities"], r["statements"], r["quads"] = graph_counts(store)
    else:
        files = make_corpus(n, corpus)
        r = {"n": n, "chars": sum(len(p.read_text(encoding="utf-8")) for p in files)}
        build = [*KG, "build", str(corpus)] + (["--jobs", str(jobs)] if jobs else [])
        try:
            r["build"], r["peak_kib"], out = run(build, env, 30 * timeout)
            r["build_cpu"] = CPU_SECONDS[0]
        except Failed as e:
            r["build"], r["failed"] = None, str(e)
        if r["build"] is None:
            return r
        m = re.search(r"(\d+) entities, (\d+) statements, (\d+) triples", out)
        r["entities"], r["statements"], r["quads"] = (int(x) for x in m.groups()) if m else (None,) * 3
    r["store_bytes"] = du(store)
    r["load_ingest"] = os.getloadavg()[0]
    r["ingest"] = ingest_times(store, held, tmp, timeout)
    r["load_questions"] = os.getloadavg()[0]
    r["questions"] = question_times(str(store), timeout) if questions else []
    r["load_views"] = os.getloadavg()[0]
    if not views:
        r["viz"] = r["viz_top"] = r["analyze"] = "not run"
        return r
    page = tmp / f"graph-{n}.html"
    page.unlink(missing_ok=True)
    r["viz"] = step([*KG, "viz", "-o", str(page)], env, timeout)
    r["viz_bytes"] = page.stat().st_size if page.exists() else None
    r["viz_top"] = step([*KG, "viz", "--top", "1000", "-o", str(tmp / f"top-{n}.html")], env, timeout)
    r["analyze"] = step([*KG, "analyze"], env, timeout)
    if not keep:
        shutil.rmtree(store, ignore_errors=True)
    return r


def report(r: dict, timeout: float) -> None:
    n = r["n"]
    print(f"\n## {n:,} articles ({r['chars']:,} characters)")
    if r["build"] is None:
        print(f"kg build: {r.get('failed') or f'> {30 * timeout:.0f} s (stopped)'}")
        return
    if r["build"] == "kept":
        print("kg build: not run (the graph kept from an earlier run with --keep)")
    else:
        print(f"kg build: {r['build']:.1f} s wall ({r['build_cpu']:.0f} s CPU), {r['chars'] / r['build']:,.0f} "
              f"characters/s, peak memory {r['peak_kib'] / 1024:,.0f} MiB")
    if r["quads"] is not None:
        print(f"graph: {r['entities']:,} entities, {r['statements']:,} statements, {r['quads']:,} quads, "
              f"store {r['store_bytes'] / 2**20:,.1f} MiB on disk")
    times = [t for t in r["ingest"] if isinstance(t, float)]
    failed = [t for t in r["ingest"] if not isinstance(t, float)]
    print(f"kg ingest of one more article, {len(r['ingest'])} articles each into a copy of the graph (load "
          f"{r['load_ingest']:.1f}): " + (f"median {statistics.median(times):.2f} s, max {max(times):.2f} s" if times else "")
          + ("; " + ", ".join(fmt(t, timeout) for t in failed) if failed else ""))
    print(f"(load {r['load_questions']:.1f} when the questions began, {r['load_views']:.1f} when the views began)")
    qs = r["questions"]
    done = [ms for _, ms in qs if ms is not None]
    stopped = [name for name, ms in qs if ms is None]
    slowest = max((q for q in qs if q[1] is not None), key=lambda q: q[1], default=None)
    if slowest is None:
        print("ready questions: not run" if not qs else f"ready questions: all stopped past {timeout:.0f} s")
    else:
        print(f"ready questions ({len(qs)}): median {statistics.median(done):.0f} ms, max {slowest[1]:.0f} ms ({slowest[0]})"
              + (f"; stopped past {timeout:.0f} s: {', '.join(stopped)}" if stopped else ""))
    over = sorted(((name, ms) for name, ms in qs if ms is not None and ms >= 1000), key=lambda q: -q[1])
    if over:
        print("  over 1 s: " + ", ".join(f"{name} {ms / 1000:.1f} s" for name, ms in over))
    if r["analyze"] == "not run":
        return
    size = f", {r['viz_bytes'] / 2**20:.1f} MB page" if r.get("viz_bytes") else ""
    print(f"kg viz (whole graph): {fmt(r['viz'], timeout)}{size}; kg viz --top 1000: {fmt(r['viz_top'], timeout)}")
    print(f"kg analyze: {fmt(r['analyze'], timeout)}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="100,1000", help="corpus sizes, comma-separated (default 100,1000)")
    ap.add_argument("--with-10000", action="store_true", help="add 10,000 articles (long: tens of minutes)")
    ap.add_argument("--timeout", type=float, default=60, help="seconds before a step is stopped (the build: 30×)")
    ap.add_argument("--jobs", type=int, help="passed to kg build --jobs")
    ap.add_argument("--no-questions", action="store_true", help="skip the ready questions (they take longest)")
    ap.add_argument("--keep", type=Path, metavar="DIR", help="make the corpora and stores in DIR and keep them")
    ap.add_argument("--no-views", action="store_true", help="skip kg viz and kg analyze")
    ap.add_argument("--reuse", action="store_true", help="with --keep: use the graphs kept in DIR instead of building")
    args = ap.parse_args()
    sizes = [int(s) for s in args.sizes.split(",") if s] + ([10000] if args.with_10000 else [])
    print(f"load average before: {os.getloadavg()[0]:.1f}; machine: {platform.machine()}, {os.cpu_count()} cores, "
          f"{os.sysconf('SC_PAGE_SIZE') * os.sysconf('SC_PHYS_PAGES') / 2**30:.0f} GiB, Python {platform.python_version()}")
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        if args.keep:
            args.keep.mkdir(parents=True, exist_ok=True)
            work = args.keep
        for n in sizes:
            report(bench(n, args.timeout, args.jobs, work, not args.no_questions, keep=bool(args.keep),
                         reuse=args.reuse and bool(args.keep), views=not args.no_views), args.timeout)
            sys.stdout.flush()


if __name__ == "__main__":
    main()
