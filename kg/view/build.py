"""Which part of the graph to draw: views cut from the networkx graph of kg/network.py.

`view_graph` reads the graph with `kg.network.to_networkx` (entities with their names, facts and
sentences; relations with their evidence), keeps a symmetric relation once, and cuts the view
asked for; names are found with kg.lookup. Each view function takes that graph and returns a
smaller copy of it.
"""

from __future__ import annotations

from collections.abc import Iterable

from ..errors import QueryError, ViewError
from ..lookup import resolve
from ..network import store_of, to_networkx
from ..vocab import ORGANIZATION_RELATIONS, ORGANIZATION_TYPES, SECTORS, SYMMETRIC, local_name

#: The core types in legend order, with the colour and vis-network shape each is drawn with.
TYPE_STYLE: dict[str, tuple[str, str]] = {
    "Region": ("#6a3d9a", "hexagon"),
    "City": ("#b15928", "hexagon"),
    "Banner": ("#e31a1c", "hexagon"),
    "Town": ("#ff7f00", "hexagon"),
    "Village": ("#fdbf6f", "hexagon"),
    "IndustrialPark": ("#33a02c", "square"),
    "Place": ("#8fbf5a", "triangleDown"),
    "Project": ("#d62f8f", "diamond"),
    "Company": ("#1f78b4", "dot"),
    "ResearchInstitution": ("#17a2b8", "star"),
    "GovernmentAgency": ("#5a5a5a", "square"),
    "Alliance": ("#9e7cc1", "star"),
    "Technology": ("#00a087", "triangle"),
    "Product": ("#a6a21c", "triangleDown"),
    "Person": ("#f781bf", "dot"),
    "Other": ("#9a9a9a", "dot"),
}


def whole_view(graph_or_store):
    """The whole graph to draw: kg.network's graph, with a symmetric relation stated both ways
    kept once (its sentences together) and no relation of an entity with itself."""
    G = to_networkx(graph_or_store)
    for u, v, k in list(G.edges(keys=True)):
        if u == v:
            G.remove_edge(u, v, key=k)
        elif k in SYMMETRIC and G.has_edge(v, u, key=k) and (v, u) < (u, v):
            kept = G.edges[v, u, k]
            for ev in G.edges[u, v, k]["evidence"]:
                if ev["text"] not in {e["text"] for e in kept["evidence"]}:
                    kept["evidence"].append(ev)
            kept["documents"] = sorted(set(kept["documents"]) | set(G.edges[u, v, k]["documents"]))
            G.remove_edge(u, v, key=k)
    return G


# ------------------------------------------------------------------ views


def _sub(G, nodes, title: str):
    H = G.subgraph(nodes).copy()
    H.graph["title"] = title
    return H


def entity_view(G, name: str, depth: int = 1):
    """One entity and everything within `depth` relations of it, either way."""
    import networkx as nx

    n = resolve(G, name).iri
    near = nx.single_source_shortest_path_length(G.to_undirected(as_view=True), n, cutoff=depth)
    return _sub(G, near, f"{G.nodes[n]['label']} · {depth} 度关联 (depth {depth})")


def banner_view(G, name: str):
    """A banner, everything located in it (through towns and parks), and what those connect to."""
    b = resolve(G, name, {"Banner"}).iri
    inside = {b}
    frontier = [b]
    while frontier:
        nxt = []
        for m in frontier:
            for s, _, p in G.in_edges(m, keys=True):
                if p == "locatedIn" and s not in inside:
                    inside.add(s)
                    nxt.append(s)
        frontier = nxt
    around = set(inside)
    for m in inside:
        around.update(G.successors(m))
        around.update(G.predecessors(m))
    return _sub(G, around, f"{G.nodes[b]['label']} 及其辖内 · banner view")


def types_view(G, types: Iterable[str]):
    """Only entities of these types, and the relations among them."""
    wanted = set(types)
    keep = [n for n, d in G.nodes(data=True) if d["type"] in wanted]
    H = _sub(G, keep, G.graph.get("title", ""))
    return H


def document_view(G, doc: str):
    """What one article says: the entities it mentions and the relations it states."""
    docs = G.graph["documents"]
    if doc not in docs:
        hits = [d for d in docs if d.startswith(doc)]
        if len(hits) != 1:
            known = ", ".join(sorted(docs)[:10]) + (" …" if len(docs) > 10 else "")
            why = "matches several documents" if hits else "is not a document in the graph"
            raise ViewError(f"'{doc}' {why}", hint=f"documents: {known}")
        doc = hits[0]
    keep = [n for n, d in G.nodes(data=True) if doc in d["documents"]]
    H = G.subgraph(keep).copy()
    H.remove_edges_from([(u, v, k) for u, v, k, d in H.edges(keys=True, data=True) if doc not in d["documents"]])
    for _, d in H.nodes(data=True):
        d["evidence"] = [e for e in d["evidence"] if e["document"] == doc]
        d["documents"] = [doc]
    for _, _, d in H.edges(data=True):
        d["evidence"] = [e for e in d["evidence"] if e["document"] == doc]
        d["documents"] = [doc]
    H.graph["title"] = docs[doc]
    return H


def sector_view(G, sector: str):
    """Projects of a sector (okg:sector, written by the graph builder from kg/sectors.py) and what they connect to."""
    zh, en = SECTORS[sector].zh, SECTORS[sector].en
    projects = [n for n, d in G.nodes(data=True) if d["type"] == "Project" and sector in d.get("sectors", ())]
    keep = set(projects)
    for p in projects:
        keep.update(G.successors(p))
        keep.update(G.predecessors(p))
    return _sub(G, keep, f"{zh} {en}")


def organizations_view(G):
    """Organisations and how they work together: collaboration, membership, ownership."""
    orgs = {n for n, d in G.nodes(data=True) if d["type"] in ORGANIZATION_TYPES}
    H = G.subgraph(orgs).copy()
    H.remove_edges_from([(u, v, k) for u, v, k in H.edges(keys=True) if k not in ORGANIZATION_RELATIONS])
    H.remove_nodes_from([n for n in list(H) if H.degree(n) == 0])
    H.graph["title"] = "组织合作网络 Organisation collaboration"
    return H


def query_view(G, graph_or_store, sparql: str):
    """The triples a CONSTRUCT returns, or a SELECT binding ?s ?p ?o; literals go in tooltips."""
    import networkx as nx
    from pyoxigraph import Literal, NamedNode

    from ..sparql.terms import result_kind

    store = store_of(graph_or_store)
    result = store.query(sparql)
    kind = result_kind(result)
    if kind == "triples":
        triples = [(t.subject, t.predicate, t.object) for t in result]
    elif kind == "rows":
        names = {v.value for v in result.variables}
        if not {"s", "p", "o"} <= names:
            raise QueryError("a SELECT to draw must bind ?s ?p ?o",
                             hint="or write a CONSTRUCT; this one binds " + ", ".join(f"?{n}" for n in sorted(names)))
        triples = [(r["s"], r["p"], r["o"]) for r in result]
    else:
        raise QueryError("only a CONSTRUCT or a SELECT of ?s ?p ?o can be drawn")
    H = nx.MultiDiGraph(**{k: v for k, v in G.graph.items()})
    H.graph["title"] = "查询结果 Query result"

    def node(term) -> str:
        iri = term.value
        if iri not in H:
            if iri in G:
                H.add_node(iri, **{k: (list(v) if isinstance(v, list) else v) for k, v in G.nodes[iri].items()})
            else:
                H.add_node(iri, label=local_name(iri), type="Other", pinyin="", en="", aliases=[],
                           facts=[], evidence=[], documents=[])
        return iri

    for s, p, o in triples:
        if s is None or p is None or o is None or not isinstance(s, NamedNode):
            continue
        pk = local_name(p.value)
        if isinstance(o, Literal):
            H.nodes[node(s)]["facts"].append((pk, o.value))
            continue
        if not isinstance(o, NamedNode):
            continue
        u, v = node(s), node(o)
        if u == v or H.has_edge(u, v, key=pk) or (pk in SYMMETRIC and H.has_edge(v, u, key=pk)):
            continue
        data = G.get_edge_data(u, v, key=pk) or {"evidence": [], "documents": []}
        H.add_edge(u, v, key=pk, evidence=list(data["evidence"]), documents=list(data["documents"]))
    return H


#: A page with more entities than this takes minutes to lay out and tens of megabytes: draw a part instead.
MAX_DRAWN = 2000


def top_view(G, k: int):
    """The k entities with the most relations, and the relations between them."""
    keep = sorted(G.nodes, key=lambda n: (-G.degree(n), G.nodes[n]["label"]))[:k]
    return _sub(G, keep, G.graph.get("title") or f"top {k}")


def view_graph(graph_or_store, *, entity: str | None = None, depth: int = 1, banner: str | None = None,
               types: Iterable[str] | None = None, query: str | None = None, document: str | None = None,
               sector: str | None = None, top: int | None = None):
    """The part of the graph to draw: the whole graph, or one of the views, filtered by type if asked,
    cut to the `top` most connected entities if asked. A part too big to draw (MAX_DRAWN) is a ViewError
    that names the views that would draw.

    >>> G = view_graph(KnowledgeGraph(), banner="准格尔旗", types=["Project", "Banner", "Town"])
    """
    if not (entity or banner or document or query or sector or types or top):
        _check_size(_entity_count(store_of(graph_or_store)))  # the whole graph: refused before it is read
    G = whole_view(graph_or_store)
    views = ((entity, lambda: entity_view(G, entity, depth)), (banner, lambda: banner_view(G, banner)),
             (document, lambda: document_view(G, document)), (query, lambda: query_view(G, graph_or_store, query)),
             (sector, lambda: sector_view(G, sector)))
    cut = next((view for asked, view in views if asked), None)  # the first view asked for
    if cut is not None:
        G = cut()
    if types:
        G = types_view(G, types)
    if top:
        G = top_view(G, top)
    _check_size(G.number_of_nodes())
    return G


def _entity_count(store) -> int:
    from ..vocab import ENTITIES_GRAPH

    rows = store.query(f"SELECT (COUNT(DISTINCT ?e) AS ?n) WHERE {{ GRAPH <{ENTITIES_GRAPH}> {{ ?e a ?t }} }}")
    return int(next(iter(rows))["n"].value)


def _check_size(n: int) -> None:
    if n > MAX_DRAWN:
        raise ViewError(f"{n:,} entities are more than one page can draw ({MAX_DRAWN:,})",
                        hint="draw a part: --banner NAME, --types Project,Company, --sector NAME, --entity NAME, "
                             f"or --top {MAX_DRAWN // 2} (the most connected entities)")
