"""How fast `kg viz` pages are written and drawn.

    python benchmarks/bench_viz.py            # needs the seeds and, for the browser figure, /usr/bin/chromium

Prints:
- the seconds to write the HTML of the seeds' whole graph (reading the store, building the view,
  rendering, writing), median of 5 runs, with the store already built;
- the seconds to write a synthetic graph of 2,000 nodes and 5,000 edges (layout computed beforehand);
- the seconds from opening that page in headless Chromium to the layout being settled and drawn,
  and the same for the seeds' graph (physics on).
"""

from __future__ import annotations

import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def synthetic(n_nodes: int = 2000, n_edges: int = 5000, seed: int = 1):
    """A graph shaped like kg.network.to_networkx's output: typed, labelled entities and core relations."""
    import networkx as nx

    from kg.vocab import CORE_TYPES, RELATIONS

    rng = random.Random(seed)
    G = nx.MultiDiGraph(labels={}, documents={"doc": "合成测试文章"}, title="合成图 synthetic 2,000 × 5,000")
    for i in range(n_nodes):
        t = CORE_TYPES[i % len(CORE_TYPES)]
        G.add_node(f"n{i}", label=f"测试实体{i}号", type=t, pinyin=f"ce shi shi ti {i} hao", en="", aliases=[],
                   facts=[], evidence=[], documents={"doc"})
    while G.number_of_edges() < n_edges:
        u, v = rng.randrange(n_nodes), rng.randrange(n_nodes)
        p = rng.choice(RELATIONS)
        if u != v and not G.has_edge(f"n{u}", f"n{v}", key=p):
            ev = {"text": f"测试实体{u}号与测试实体{v}号有关。", "document": "doc", "title": "合成测试文章", "property": p}
            G.add_edge(f"n{u}", f"n{v}", key=p, evidence=[ev], documents={"doc"})
    return G


def open_and_settle(path: Path) -> tuple[float, dict]:
    """Seconds from navigation to window.kgReady in headless Chromium, and what the page reported."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 900})
        page.route("**/*", lambda r: r.continue_() if r.request.url == path.as_uri() else r.abort())
        t0 = time.perf_counter()
        page.goto(path.as_uri())
        page.wait_for_function("() => window.kgReady", timeout=120_000, polling=20)
        seconds = time.perf_counter() - t0
        ready = page.evaluate("window.kgReady")
        browser.close()
    return seconds, ready


def main() -> None:
    from kg import KnowledgeGraph
    from kg.view import view_graph, write_html

    out = Path(tempfile.mkdtemp(prefix="bench-viz-"))
    graph = KnowledgeGraph(str(out / "store"))
    graph.build([ROOT / "seeds"])
    view_graph(graph)  # warm: imports, query parsing
    times = []
    for _ in range(5):
        t0 = time.perf_counter()
        write_html(view_graph(graph), out / "seeds.html")
        times.append(time.perf_counter() - t0)
    print(f"seeds' graph HTML written: {statistics.median(times):.3f} s (median of 5; "
          f"{(out / 'seeds.html').stat().st_size / 1e6:.2f} MB)")

    G = synthetic()
    t0 = time.perf_counter()
    write_html(G, out / "synthetic.html")
    print(f"synthetic 2,000 nodes / 5,000 edges HTML written (layout included): {time.perf_counter() - t0:.2f} s")

    if not Path(CHROMIUM).exists():
        print(f"browser figures skipped: {CHROMIUM} not found")
        return
    for name in ("seeds", "synthetic"):
        runs = [open_and_settle(out / f"{name}.html") for _ in range(3)]
        s = statistics.median(r[0] for r in runs)
        ready = runs[0][1]
        print(f"{name}: opened, settled and drawn in headless Chromium: {s:.2f} s (median of 3; "
              f"{ready['nodes']} nodes, {ready['edges']} edges; in-page {ready['ms']} ms)")
    print(f"files in {out}")


if __name__ == "__main__":
    sys.exit(main())
