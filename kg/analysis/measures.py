"""Measures over the networkx graph (kg/network.py): who is central, which groups hold together,
which organisations are tied and how.

Each function takes that graph, or a KnowledgeGraph (read into one first), and returns plain
rows, dataclasses or networkx graphs.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..errors import KGError
from ..network import as_graph, undirected
from ..vocab import ORGANIZATION_TYPES

if TYPE_CHECKING:
    import networkx as nx


# ------------------------------------------------------------------ rankings

MEASURES = ("degree", "betweenness", "pagerank")


#: Above this many entities, betweenness is estimated from BETWEENNESS_SAMPLES sampled sources (fixed seed),
#: fewer on big graphs: each source costs one search of the whole graph, and BETWEENNESS_WORK bounds their sum.
EXACT_BETWEENNESS_UP_TO = 1000
BETWEENNESS_SAMPLES = 500
BETWEENNESS_WORK = 1_000_000  # sources × (entities + relations)
MIN_BETWEENNESS_SAMPLES = 10  # fewer than this and betweenness is left out (None) unless ranked by


def centrality(g, top: int | None = 10, by: str = "degree", types: list[str] | None = None) -> list[dict]:
    """Entities ranked by `by` (degree, betweenness or pagerank), with all three measures.

    degree: relations touching the entity (each stated relation counts once);
    betweenness: share of shortest paths through it, ignoring direction (above
    EXACT_BETWEENNESS_UP_TO entities, estimated from up to BETWEENNESS_SAMPLES sources with a fixed
    seed, fewer as the graph grows so that the work stays within BETWEENNESS_WORK, and None when
    that leaves fewer than MIN_BETWEENNESS_SAMPLES unless `by` asks for it: exact is O(entities × relations));
    pagerank: along the direction of the relations (towards places, operators, alliances).
    `types` keeps only entities of those core types (the measures are still over the whole graph).
    """
    import networkx as nx

    if by not in MEASURES:
        raise KGError(f"cannot rank by '{by}'", hint="rank by one of: " + ", ".join(MEASURES))
    G = as_graph(g)
    if G.number_of_nodes() == 0:
        return []
    U = undirected(G)
    k = None  # exact
    if len(U) > EXACT_BETWEENNESS_UP_TO:
        k = min(BETWEENNESS_SAMPLES, BETWEENNESS_WORK // (U.number_of_nodes() + U.number_of_edges()))
        if k < MIN_BETWEENNESS_SAMPLES:  # too few to say anything: left out, unless it is what is asked for
            k = MIN_BETWEENNESS_SAMPLES if by == "betweenness" else 0
    between = nx.betweenness_centrality(U, k=k, seed=7 if k else None) if k != 0 else {}
    pagerank = _pagerank(G)
    rows = [
        {"entity": n, "label": G.nodes[n]["label"], "type": G.nodes[n]["type"], "degree": G.degree(n),
         "betweenness": round(between[n], 4) if between else None, "pagerank": round(pagerank[n], 4)}
        for n in G
        if not types or G.nodes[n]["type"] in types
    ]
    rows.sort(key=lambda r: (-r[by], -r["degree"], -r["pagerank"], r["label"]))
    for i, r in enumerate(rows, 1):
        r["rank"] = i
    return rows[:top] if top else rows


def _pagerank(G, alpha: float = 0.85, tol: float = 1.0e-10, max_iter: int = 200) -> dict[str, float]:
    """PageRank by power iteration, as networkx defines it (parallel edges add weight; dangling
    nodes spread evenly), in plain Python: networkx's own needs scipy, which this avoids."""
    nodes = list(G)
    n = len(nodes)
    out_weight = {u: 0 for u in nodes}
    links: dict[str, dict[str, int]] = {u: {} for u in nodes}
    for u, v in G.edges():
        links[u][v] = links[u].get(v, 0) + 1
        out_weight[u] += 1
    rank = dict.fromkeys(nodes, 1.0 / n)
    for _ in range(max_iter):
        dangling = alpha * sum(rank[u] for u in nodes if not out_weight[u]) / n
        new = dict.fromkeys(nodes, (1.0 - alpha) / n + dangling)
        for u in nodes:
            if out_weight[u]:
                share = alpha * rank[u] / out_weight[u]
                for v, w in links[u].items():
                    new[v] += share * w
        if sum(abs(new[u] - rank[u]) for u in nodes) < n * tol:
            return new
        rank = new
    return rank


# ------------------------------------------------------------------ communities


@dataclass
class Community:
    """A group of entities more tied to each other than to the rest, and what ties them."""

    index: int
    members: list[str]  # IRIs, the most connected first
    labels: list[str]
    types: list[tuple[str, int]]  # core types of the members, most common first
    relations: list[tuple[str, int]]  # relations inside the group, most common first
    central: list[str]  # labels of the members with the most relations inside the group

    @property
    def size(self) -> int:
        return len(self.members)

    def binds(self) -> str:
        """What holds the group together, in one line: its relations, else its types."""
        if self.relations:
            return ", ".join(f"{r}×{n}" for r, n in self.relations[:3])
        return "no relation inside"

    def describe(self) -> str:
        types = ", ".join(f"{t}×{n}" for t, n in self.types[:3])
        return f"{'、'.join(self.central)} — {self.size} entities ({types}); bound by {self.binds()}"

    def to_dict(self) -> dict[str, Any]:
        return {"index": self.index, "size": self.size, "central": self.central, "types": dict(self.types),
                "relations": dict(self.relations), "members": self.labels}


def communities(g, seed: int = 7, resolution: float = 1.0, min_size: int = 1) -> list[Community]:
    """Louvain communities (networkx, fixed seed: the same graph gives the same groups).

    Every entity belongs to exactly one community; entities with no relation form
    communities of one, which `min_size=2` leaves out. Largest first.
    """
    from networkx.algorithms.community import louvain_communities

    G = as_graph(g)
    U = undirected(G)
    if U.number_of_nodes() == 0:
        return []
    groups = louvain_communities(U, weight="weight", resolution=resolution, seed=seed)
    group_of = {n: i for i, members in enumerate(groups) for n in members}
    inside: list[Counter] = [Counter() for _ in groups]  # relations inside each group, in one pass over the edges
    for s, o, k in G.edges(keys=True):
        if group_of[s] == group_of[o]:
            inside[group_of[s]][k] += 1
    out = []
    for i, members in enumerate(groups):
        inner_degree = {n: sum(d["weight"] for m, d in U[n].items() if group_of[m] == i) for n in members}
        ordered = sorted(members, key=lambda n: (-inner_degree[n], -G.degree(n), G.nodes[n]["label"]))
        rels = inside[i]
        out.append(Community(
            index=0,
            members=ordered,
            labels=[G.nodes[n]["label"] for n in ordered],
            types=Counter(G.nodes[n]["type"] for n in ordered).most_common(),
            relations=rels.most_common(),
            central=[G.nodes[n]["label"] for n in ordered[:3]],
        ))
    out.sort(key=lambda c: (-c.size, c.labels[0]))
    for i, c in enumerate(out, 1):
        c.index = i
    return [c for c in out if c.size >= min_size]


# ------------------------------------------------------------------ organisations


def collaboration_network(g, include_isolated: bool = False) -> nx.Graph:
    """Organisations and the ties between them, as an undirected networkx Graph.

    A tie is one of: a stated `collaboratesWith`; a `subsidiaryOf`; membership of the
    same alliance (the alliance names the tie, it is not a node); operating the same
    project. Each edge has `ties` (a list of `{"kind", "via", "evidence"}`) and
    `weight` (how many ties). Nodes keep the label and type of the full graph.
    """
    import networkx as nx

    G = as_graph(g)
    orgs = {n for n, t in G.nodes(data="type") if t in ORGANIZATION_TYPES}
    C = nx.Graph()

    def tie(a, b, kind, via=None, evidence=()):
        if a == b:
            return
        for n in (a, b):
            if n not in C:
                C.add_node(n, **{k: G.nodes[n][k] for k in ("label", "type")})
        if not C.has_edge(a, b):
            C.add_edge(a, b, ties=[], weight=0)
        C[a][b]["ties"].append({"kind": kind, "via": via, "evidence": list(evidence)})
        C[a][b]["weight"] += 1

    members: dict[str, list[tuple[str, list]]] = {}
    operators: dict[str, list[tuple[str, list]]] = {}
    for s, o, rel, data in sorted(G.edges(keys=True, data=True), key=lambda e: (e[0], e[1], e[2])):
        if rel in ("collaboratesWith", "subsidiaryOf") and s in orgs and o in orgs:
            tie(s, o, rel, None, data["evidence"])
        elif rel == "memberOf" and s in orgs and G.nodes[o]["type"] == "Alliance":
            members.setdefault(o, []).append((s, data["evidence"]))
        elif rel == "operatedBy" and o in orgs:
            operators.setdefault(s, []).append((o, data["evidence"]))
    for kind, groups in (("alliance", members), ("project", operators)):
        for hub, group in sorted(groups.items()):
            for i, (a, ev_a) in enumerate(group):
                for b, ev_b in group[i + 1:]:
                    tie(a, b, kind, G.nodes[hub]["label"], ev_a + ev_b)
    if include_isolated:
        for n in sorted(orgs - set(C)):
            C.add_node(n, **{k: G.nodes[n][k] for k in ("label", "type")})
    return C


def collaboration_rows(g) -> list[dict]:
    """The collaboration network as rows: one per pair of organisations, with how they are tied."""
    C = g if not hasattr(g, "rows") and not g.is_directed() else collaboration_network(g)
    rows = []
    for a, b, d in C.edges(data=True):
        la, lb = sorted([C.nodes[a]["label"], C.nodes[b]["label"]])
        how = "; ".join(t["kind"] + (f" ({t['via']})" if t["via"] else "") for t in d["ties"])
        rows.append({"organisation": la, "with": lb, "ties": d["weight"], "how": how})
    rows.sort(key=lambda r: (-r["ties"], r["organisation"], r["with"]))
    return rows
