"""Analysis speed, as printed figures.

    python benchmarks/bench_analysis.py

Builds the seeds' graph in a temporary directory, then times reading it into
networkx, the rankings, Louvain communities, the collaboration network, the banner
summaries, and `kg analyze` end to end (a real subprocess, import time included).
Then the networkx side alone on synthetic graphs of growing size (random relations
between typed entities, about three relations per entity), to show how it scales.
"""

from __future__ import annotations

import os
import platform
import random
import subprocess
import sys
import tempfile
from pathlib import Path

from timing import median_seconds

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"


def synthetic(n: int, seed: int = 1):
    import networkx as nx

    from kg.vocab import CORE_TYPES, RELATIONS

    rnd = random.Random(seed)
    G = nx.MultiDiGraph(documents={})
    for i in range(n):
        G.add_node(f"e{i}", label=f"实体{i}", type=rnd.choice(CORE_TYPES), aliases=[], documents=[])
    for _ in range(3 * n):
        a, b = rnd.sample(range(n), 2)
        rel = rnd.choice(RELATIONS)
        G.add_edge(f"e{a}", f"e{b}", key=rel, relation=rel, evidence=[], sources=["article"])
    return G


def main() -> None:
    from kg import KnowledgeGraph
    from kg.analysis import (
        banner_summaries,
        centrality,
        collaboration_network,
        communities,
        to_networkx,
    )

    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}")
    with tempfile.TemporaryDirectory() as tmp:
        store = str(Path(tmp) / "kg")
        graph = KnowledgeGraph(store)
        graph.build([SEEDS])
        G = to_networkx(graph)
        print(f"seeds graph: {G.number_of_nodes()} entities, {G.number_of_edges()} relations")
        rows = [
            ("to_networkx (SPARQL queries kg/sparql/network-*.rq)", median_seconds(lambda: to_networkx(graph))),
            ("centrality: degree+betweenness+pagerank", median_seconds(lambda: centrality(G, top=None))),
            ("communities (Louvain)", median_seconds(lambda: communities(G))),
            ("collaboration_network", median_seconds(lambda: collaboration_network(G))),
            ("banner_summaries (4 SPARQL queries)", median_seconds(lambda: banner_summaries(graph))),
        ]
        env = dict(os.environ, KG_STORE=store)
        cli = median_seconds(lambda: subprocess.run([sys.executable, "-m", "kg", "analyze"], env=env, check=True,
                                          stdout=subprocess.DEVNULL))
        rows.append(("kg analyze, end to end (subprocess)", cli))
    for name, s in rows:
        print(f"  {name:<42} {s * 1000:8.1f} ms")

    print("synthetic graphs (networkx side only):")
    print(f"  {'entities':>8} {'relations':>9} {'centrality':>11} {'communities':>12}")
    for n in (500, 2000, 5000):
        S = synthetic(n)
        c = median_seconds(lambda S=S: centrality(S, top=10), 1)
        m = median_seconds(lambda S=S: communities(S), 1)
        print(f"  {n:>8} {S.number_of_edges():>9} {c:>10.2f}s {m:>11.2f}s")


if __name__ == "__main__":
    main()
