"""The graph as networkx: who is central, which groups hold together, how two entities connect.

`to_networkx(kg)` reads the entities and the core relations between them out of a
KnowledgeGraph into a `networkx.MultiDiGraph`:

- a node per entity, keyed by its IRI, with `label` (simplified Chinese), `type`
  (the core type: Banner, Company, ...), `aliases`, `documents` (the articles that
  mention it) and `investment` (stated total, yuan) where one is stated;
- an edge per relation, keyed by the relation name (`locatedIn`, `operatedBy`, ...),
  with `relation`, `evidence` (a list of `{"document", "text"}`: the sentences that
  state it) and `sources` ("article" and/or "divisions" for the reference tree);
- `G.graph["documents"]`: the articles, `{doc id: title}`.

The other functions take that graph, or a KnowledgeGraph (they build the graph
first), and return plain rows, dataclasses or networkx graphs.
"""

from __future__ import annotations

import itertools
from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from ..errors import KGError
from ..vocab import CORE_TYPES, DIVISIONS_GRAPH, ENTITIES_GRAPH, ORGANIZATION_TYPES, RELATIONS

if TYPE_CHECKING:
    import networkx as nx

_VALUES_TYPES = " ".join(f"okg:{t}" for t in CORE_TYPES)
_VALUES_RELATIONS = " ".join(f"okg:{r}" for r in RELATIONS)

ENTITIES = f"""
SELECT ?e ?t ?label WHERE {{
  GRAPH <{ENTITIES_GRAPH}> {{ ?e a ?t ; rdfs:label ?label FILTER(lang(?label) = "zh") }}
}}
"""

ALIASES = f"""
SELECT ?e ?alt WHERE {{ GRAPH <{ENTITIES_GRAPH}> {{ ?e skos:altLabel ?alt }} }}
"""

#: Each class of the ontology under a core type (a join done here rather than per entity in the store).
CORE_OF = f"""
SELECT ?t ?core WHERE {{ VALUES ?core {{ {_VALUES_TYPES} }} ?t rdfs:subClassOf* ?core }}
"""

EDGES = f"""
SELECT DISTINCT ?s ?p ?o ?g WHERE {{
  VALUES ?p {{ {_VALUES_RELATIONS} }}
  GRAPH ?g {{ ?s ?p ?o }}
  FILTER(isIRI(?o))
}}
"""

EVIDENCE = f"""
SELECT ?s ?p ?o ?doc ?text ?start WHERE {{
  VALUES ?p {{ {_VALUES_RELATIONS} }}
  ?ev a okg:Evidence ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ; okg:evidenceText ?text .
  OPTIONAL {{ ?ev prov:wasDerivedFrom ?doc }}
  OPTIONAL {{ ?ev okg:startOffset ?start }}
}}
"""

MENTIONS = """
SELECT ?e ?doc WHERE { ?e okg:mentionedIn ?doc }
"""

DOCUMENTS = """
SELECT ?doc ?title WHERE { ?doc a okg:Document . OPTIONAL { ?doc dcterms:title ?title } }
"""

INVESTMENT = """
SELECT ?e (MAX(?v) AS ?investment) WHERE { ?e okg:investment ?v } GROUP BY ?e
"""


def _local(iri: str) -> str:
    return iri.rsplit("#", 1)[-1] if "#" in iri else iri.rsplit("/", 1)[-1]


def _doc_id(iri: str | None) -> str | None:
    if not iri:
        return None
    return iri.split("/doc/", 1)[-1]


def to_networkx(kg, evidence: bool = True) -> nx.MultiDiGraph:
    """The knowledge graph as a networkx MultiDiGraph of entities and the relations between them,
    each relation with the sentences that state it (`evidence=False` leaves them out: faster).

    >>> G = to_networkx(KnowledgeGraph())
    >>> G.nodes["https://w3id.org/ordos-kg/resource/Banner/准格尔旗"]["label"]
    '准格尔旗'
    """
    import networkx as nx

    G = nx.MultiDiGraph()
    G.graph["documents"] = {_doc_id(r["doc"]): r["title"] for r in _sorted(kg, DOCUMENTS, "doc")}
    cores: dict[str, list[str]] = {}
    for r in kg.rows(CORE_OF):
        cores.setdefault(r["t"], []).append(_local(r["core"]))
    aliases: dict[str, set[str]] = {}
    for r in kg.rows(ALIASES):
        aliases.setdefault(r["e"], set()).add(r["alt"])
    typed = sorted((r["e"], core, r["label"]) for r in kg.rows(ENTITIES) for core in cores.get(r["t"], ()))
    for e, type_, label in typed:
        if e in G:  # an entity with two core types keeps the first
            continue
        G.add_node(e, label=label, type=type_, aliases=sorted(aliases.get(e, ())), documents=[])
    for r in _sorted(kg, MENTIONS, "e", "doc"):
        if r["e"] in G:
            G.nodes[r["e"]]["documents"].append(_doc_id(r["doc"]))
    for r in kg.rows(INVESTMENT):
        if r["e"] in G and r["investment"] is not None:
            G.nodes[r["e"]]["investment"] = r["investment"]

    sentences: dict[tuple[str, str, str], list[dict]] = {}
    for r in _sorted(kg, EVIDENCE, "s", "p", "o", "doc", "start") if evidence else ():
        key = (r["s"], _local(r["p"]), r["o"])
        sentences.setdefault(key, []).append({"document": _doc_id(r["doc"]), "text": r["text"]})

    for r in _sorted(kg, EDGES, "s", "p", "o", "g"):
        s, rel, o = r["s"], _local(r["p"]), r["o"]
        if s not in G or o not in G:
            continue
        source = "divisions" if r["g"] == DIVISIONS_GRAPH else "article"
        if G.has_edge(s, o, key=rel):
            sources = G.edges[s, o, rel]["sources"]
            if source not in sources:
                sources.append(source)
            continue
        G.add_edge(s, o, key=rel, relation=rel, sources=[source], evidence=sentences.get((s, rel, o), []))
    return G


def _sorted(kg, sparql: str, *keys: str) -> list[dict]:
    """Rows in a fixed order, sorted here: ORDER BY in the store costs seconds on a big graph."""
    return sorted(kg.rows(sparql), key=lambda r: tuple((r[k] is not None, r[k] if r[k] is not None else 0) for k in keys))


def _graph(g) -> nx.MultiDiGraph:
    """Accept a networkx graph, or a KnowledgeGraph to turn into one."""
    if hasattr(g, "rows"):
        return to_networkx(g)
    return g


def _undirected(G) -> nx.Graph:
    """A simple undirected graph, each edge weighted by the number of relations between its ends."""
    import networkx as nx

    U = nx.Graph()
    U.add_nodes_from(sorted(G.nodes))
    for s, o in sorted((s, o) for s, o, _ in G.edges(keys=True)):
        if s == o:
            continue
        if U.has_edge(s, o):
            U[s][o]["weight"] += 1
        else:
            U.add_edge(s, o, weight=1)
    return U


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
    G = _graph(g)
    if G.number_of_nodes() == 0:
        return []
    U = _undirected(G)
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

    G = _graph(g)
    U = _undirected(G)
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

    G = _graph(g)
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


# ------------------------------------------------------------------ explanations


def find_entity(g, name: str) -> str:
    """The IRI of the entity called `name` (its IRI, label or an alias)."""
    G = _graph(g)
    if name in G:
        return name
    by_label = [n for n, lab in G.nodes(data="label") if lab == name]
    if not by_label:
        by_label = [n for n, al in G.nodes(data="aliases") if name in (al or [])]
    if by_label:
        return min(by_label, key=lambda n: -G.degree(n))
    near = sorted({lab for _, lab in G.nodes(data="label") if name in lab or lab in name})[:5]
    hint = ("did you mean: " + ", ".join(near)) if near else "list entities with: kg query 'SELECT ?label WHERE { ?e rdfs:label ?label }'"
    raise KGError(f"no entity called '{name}' in the graph", hint=hint)


@dataclass
class Step:
    """One relation on a path, in the direction it was stated."""

    subject: str
    relation: str
    object: str
    evidence: list[dict] = field(default_factory=list)
    forward: bool = True  # True when the path walks from subject to object

    def __str__(self) -> str:
        return f"{self.subject} —{self.relation}→ {self.object}"


@dataclass
class Connection:
    """How two entities connect: a shortest chain of stated relations, each with its evidence."""

    source: str
    target: str
    steps: list[Step]

    @property
    def length(self) -> int:
        return len(self.steps)

    def __str__(self) -> str:
        if not self.steps:
            return self.source
        out = self.source
        for st in self.steps:
            nxt = st.object if st.forward else st.subject
            out += f" —{st.relation}→ {nxt}" if st.forward else f" ←{st.relation}— {nxt}"
        return out

    def explain(self) -> str:
        """The chain, then each step with the sentence that states it."""
        lines = [str(self)]
        for st in self.steps:
            ev = st.evidence[0] if st.evidence else None
            if st.relation == "mentionedIn" and ev:
                said = f"the article {ev['document']} names it"
            elif ev:
                said = f"「{ev['text']}」 ({ev['document']})"
            else:
                said = "administrative divisions (reference data)"
            lines.append(f"  {st}: {said}")
        return "\n".join(lines)

    def to_dict(self) -> dict[str, Any]:
        return {"source": self.source, "target": self.target, "path": str(self),
                "steps": [{"subject": s.subject, "relation": s.relation, "object": s.object,
                           "evidence": s.evidence} for s in self.steps]}


DOC = "doc:"  # prefix of the document nodes added when searching through articles


def _search_graph(G, via_documents: bool, avoid=(), keep=()):
    """The undirected graph that paths are searched in: without entities of the `avoid` types
    (but for those in `keep`), with the articles as extra nodes if asked."""
    U = _undirected(G)
    U.remove_nodes_from([n for n, t in G.nodes(data="type") if t in avoid and n not in keep])
    if via_documents:
        for n, docs in G.nodes(data="documents"):
            for d in docs or []:
                U.add_edge(DOC + d, n, weight=1)
    return U


def _label(G, n: str) -> str:
    if n.startswith(DOC):
        d = n[len(DOC):]
        return f"《{G.graph.get('documents', {}).get(d) or d}》"
    return G.nodes[n]["label"]


def _steps(G, path: list[str]) -> list[Step]:
    steps = []
    for a, b in itertools.pairwise(path):
        if a.startswith(DOC) or b.startswith(DOC):  # an article that mentions the entity
            doc, ent, fwd = (a, b, False) if a.startswith(DOC) else (b, a, True)
            d = doc[len(DOC):]
            ev = [{"document": d, "text": G.graph.get("documents", {}).get(d) or d}]
            steps.append(Step(G.nodes[ent]["label"], "mentionedIn", _label(G, doc), ev, fwd))
            continue
        # prefer an edge stated in an article (it has evidence) over reference data
        options = [(a, b, k, d, True) for k, d in (G.get_edge_data(a, b) or {}).items()]
        options += [(b, a, k, d, False) for k, d in (G.get_edge_data(b, a) or {}).items()]
        s, o, k, d, fwd = min(options, key=lambda x: (not x[3]["evidence"], x[2]))
        steps.append(Step(G.nodes[s]["label"], k, G.nodes[o]["label"], d["evidence"], fwd))
    return steps


def connections(g, source: str, target: str, limit: int = 3, via_documents: bool = False,
                avoid: tuple[str, ...] = ()) -> list[Connection]:
    """Up to `limit` shortest chains of relations between two entities (either direction); [] if none.

    `source` and `target` are labels, aliases or IRIs. With `via_documents`, when no
    chain of relations joins them, a chain may also pass through an article that
    mentions both (`mentionedIn`), evidence being the article's title. `avoid` names
    core types a chain may not pass through: ("Region", "City") leaves out chains
    that say only that both lie in Inner Mongolia.
    >>> print(connections(kg, "清华大学", "准格尔旗")[0].explain())
    """
    G = _graph(g)
    a, b = find_entity(G, source), find_entity(G, target)
    for docs in (False, True) if via_documents else (False,):
        found = _shortest(G, _search_graph(G, docs, avoid, (a, b)), a, b, limit)
        if found:
            return found
    return []


def _shortest(G, U, a: str, b: str, limit: int) -> list[Connection]:
    import networkx as nx

    chosen = []
    try:
        for p in nx.all_shortest_paths(U, a, b):
            chosen.append(p)
            if len(chosen) >= limit:
                break
    except nx.NetworkXNoPath:
        return []
    return [Connection(_label(G, a), _label(G, b), _steps(G, p)) for p in sorted(chosen)]


def nearest(g, source: str, type: str = "Banner", limit: int = 3, via_documents: bool = False,
            avoid: tuple[str, ...] = ()) -> list[Connection]:
    """Chains from an entity to the nearest entities of a core type (e.g. how 清华大学 reaches a banner).

    With `via_documents`, articles that mention both count as a link when relations alone do not
    reach one; `avoid` names core types a chain may not pass through (see `connections`).
    """
    import networkx as nx

    G = _graph(g)
    if type not in CORE_TYPES:
        raise KGError(f"'{type}' is not a core type", hint="use one of: " + ", ".join(CORE_TYPES))
    a = find_entity(G, source)
    for docs in (False, True) if via_documents else (False,):
        U = _search_graph(G, docs, [t for t in avoid if t != type], (a,))
        lengths = nx.single_source_shortest_path_length(U, a)
        reach = [(d, G.nodes[n]["label"], n) for n, d in lengths.items()
                 if n != a and n in G and G.nodes[n]["type"] == type]
        if reach:
            best = min(d for d, _, _ in reach)
            out = []
            for _, _, n in sorted(x for x in reach if x[0] == best)[:limit]:
                out.extend(_shortest(G, U, a, n, 1))
            return out
    return []
