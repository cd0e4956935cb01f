"""Which part of the graph to draw: the store read into a networkx graph, and the views cut from it.

`load_graph` reads entities, relations, evidence sentences, key facts and the
ontology's names (see queries/*.rq) into one `networkx.MultiDiGraph`:

- node: an entity IRI with ``label`` (Chinese), ``type`` (core type), ``pinyin``,
  ``en``, ``aliases``, ``facts`` [(property, value text)], ``evidence`` [dict],
  ``documents`` (ids of the articles that mention it);
- edge: ``(subject, object, key=property)`` with ``evidence`` [dict] and
  ``documents`` (the articles that state it; none for reference data);
- ``G.graph``: ``labels`` {local name: (zh, en)}, ``documents`` {id: title},
  ``title`` (what the view shows).

Each view function takes that graph and returns a smaller copy of it.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from functools import cache
from importlib import resources

from ..errors import QueryError, ViewError
from ..vocab import CORE_TYPES, OKG, ORGANIZATION_RELATIONS, ORGANIZATION_TYPES, SECTORS, SYMMETRIC

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


@cache
def _query_text(name: str) -> str:
    return resources.files("kg.view").joinpath(f"queries/{name}.rq").read_text(encoding="utf-8")


def _local(iri: str) -> str:
    return iri.rsplit("#", 1)[-1] if "#" in iri else iri.rstrip("/").rsplit("/", 1)[-1]


def _rows(store, name: str) -> list[dict]:
    from ..sparql.terms import solutions_to_rows

    return solutions_to_rows(store.query(_query_text(name)))


def _store_of(graph_or_store):
    """A KnowledgeGraph or a store: the store."""
    return getattr(graph_or_store, "store", graph_or_store)


def money(yuan) -> str:
    """Yuan as a Chinese reader writes it: 3900000000 -> '39亿元'."""
    v = float(yuan)
    for unit, size in (("亿元", 1e8), ("万元", 1e4)):
        if abs(v) >= size:
            return f"{v / size:,.2f}".rstrip("0").rstrip(".") + unit
    return f"{v:,.0f}元"


def load_graph(graph_or_store):
    """The whole graph in the store as a networkx MultiDiGraph (see the module docstring)."""
    import networkx as nx

    store = _store_of(graph_or_store)
    G = nx.MultiDiGraph()
    G.graph["labels"] = {
        _local(r["term"]): (r["zh"] or _local(r["term"]), r["en"] or _local(r["term"]))
        for r in _rows(store, "labels") if r["term"].startswith(OKG)
    }
    G.graph["documents"] = {}
    G.graph["title"] = "鄂尔多斯知识图谱 Ordos KG"
    for r in _rows(store, "entities"):
        if r["e"] in G:  # an entity with two core types: keep the first
            continue
        G.add_node(
            r["e"], label=r["label"], type=r["type"], pinyin=r["pinyin"] or "", en=r["en"] or "",
            aliases=sorted(a for a in (r["aliases"] or "").split("\u001f") if a),
            sectors=set((r["sectors"] or "").split()),
            facts=[], evidence=[], documents=set(),
        )
    for r in _rows(store, "relations"):
        s, o, p = r["s"], r["o"], _local(r["p"])
        if s not in G or o not in G or s == o:
            continue
        if p in SYMMETRIC and G.has_edge(o, s, key=p):
            continue
        G.add_edge(s, o, key=p, evidence=[], documents=set())
    for r in _rows(store, "mentions"):
        G.graph["documents"][r["doc"]] = r["title"] or r["doc"]
        if r["e"] in G:
            G.nodes[r["e"]]["documents"].add(r["doc"])
    for r in _rows(store, "facts"):
        if r["s"] not in G:
            continue
        p = _local(r["p"])
        value = r["quantity"] if r["quantity"] is not None else (money(r["o"]) if p.startswith("investment") else r["o"])
        G.nodes[r["s"]]["facts"].append((p, str(value)))
    for r in _rows(store, "evidence"):
        _attach_evidence(G, r)
    return G


def _attach_evidence(G, r: dict) -> None:
    s, o, p = r["s"], r["o"], _local(r["p"])
    ev = {"text": r["text"], "document": r["doc"], "title": r["title"] or r["doc"], "property": p}
    for key in ((s, o, p), (o, s, p)):
        if G.has_edge(*key):
            data = G.edges[key]
            if ev["text"] not in {e["text"] for e in data["evidence"]}:
                data["evidence"].append(ev)
            data["documents"].add(r["doc"])
            break
    for n in (s, o):
        if isinstance(n, str) and n in G:
            evs = G.nodes[n]["evidence"]
            if not any(e["text"] == ev["text"] for e in evs):
                evs.append(ev)


# ------------------------------------------------------------------ finding entities


def fold(text: str) -> str:
    """A search key: no tone marks, spaces, apostrophes or digits; ü as u; lower case.

    >>> fold("Zhǔn gé ěr qí") == fold("zhun3ge2er3qi2") == fold("zhungeerqi")
    True
    """
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    return "".join(c for c in text.lower() if not (c.isspace() or c.isdigit() or c in "'’·-_")).replace("v", "u")


def find_entity(G, name: str, types: Iterable[str] | None = None) -> str:
    """The IRI of the entity called `name`: by IRI, label, alias or pinyin; else by a unique part of a label."""
    wanted = set(types or ())
    cands = [n for n, d in G.nodes(data=True) if not wanted or d["type"] in wanted]
    if name in G and (not wanted or G.nodes[name]["type"] in wanted):
        return name
    from ..read import to_simplified

    name = to_simplified(name.strip())  # 準格爾旗 is 准格尔旗
    for test in (
        lambda d: name == d["label"] or name in d["aliases"] or name.lower() == (d.get("en") or "").lower(),
        lambda d: fold(name) == fold(d["pinyin"]) and fold(name) != "",
        lambda d: name in d["label"] or any(name in a for a in d["aliases"]),
    ):
        hits = [n for n in cands if test(G.nodes[n])]
        if len(hits) == 1:
            return hits[0]
        if len(hits) > 1:
            labels = sorted({G.nodes[n]["label"] for n in hits}, key=len)
            if len(labels) == 1:
                return max(hits, key=G.degree)
            shown = "、".join(labels[:8]) + ("…" if len(labels) > 8 else "")
            raise ViewError(f"'{name}' names {len(labels)} entities: {shown}", hint="give the full name")
    if wanted:
        labels = sorted(G.nodes[n]["label"] for n in cands)
        shown = "、".join(labels[:12]) + ("…" if len(labels) > 12 else "")
        raise ViewError(f"no {' or '.join(sorted(wanted))} named '{name}' in the graph",
                        hint=f"the graph has: {shown}" if labels else "the graph has none")
    raise ViewError(f"no entity named '{name}' in the graph", hint="try part of its Chinese name, or its pinyin")


# ------------------------------------------------------------------ views


def _sub(G, nodes, title: str):
    H = G.subgraph(nodes).copy()
    H.graph["title"] = title
    return H


def entity_view(G, name: str, depth: int = 1):
    """One entity and everything within `depth` relations of it, either way."""
    import networkx as nx

    n = find_entity(G, name)
    near = nx.single_source_shortest_path_length(G.to_undirected(as_view=True), n, cutoff=depth)
    return _sub(G, near, f"{G.nodes[n]['label']} · {depth} 度关联 (depth {depth})")


def banner_view(G, name: str):
    """A banner, everything located in it (through towns and parks), and what those connect to."""
    b = find_entity(G, name, types=("Banner",))
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
        d["documents"] = {doc}
    for _, _, d in H.edges(data=True):
        d["evidence"] = [e for e in d["evidence"] if e["document"] == doc]
        d["documents"] = {doc}
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

    store = _store_of(graph_or_store)
    result = store.query(sparql)
    kind = type(result).__name__
    if kind == "QueryTriples":
        triples = [(t.subject, t.predicate, t.object) for t in result]
    elif kind == "QuerySolutions":
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
                H.add_node(iri, label=_local(iri), type="Other", pinyin="", en="", aliases=[],
                           facts=[], evidence=[], documents=set())
        return iri

    for s, p, o in triples:
        if s is None or p is None or o is None or not isinstance(s, NamedNode):
            continue
        pk = _local(p.value)
        if isinstance(o, Literal):
            H.nodes[node(s)]["facts"].append((pk, o.value))
            continue
        if not isinstance(o, NamedNode):
            continue
        u, v = node(s), node(o)
        if u == v or H.has_edge(u, v, key=pk) or (pk in SYMMETRIC and H.has_edge(v, u, key=pk)):
            continue
        data = G.get_edge_data(u, v, key=pk) or {"evidence": [], "documents": set()}
        H.add_edge(u, v, key=pk, evidence=list(data["evidence"]), documents=set(data["documents"]))
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
        _check_size(_entity_count(_store_of(graph_or_store)))  # the whole graph: refused before it is read
    G = load_graph(graph_or_store)
    if entity:
        G = entity_view(G, entity, depth)
    elif banner:
        G = banner_view(G, banner)
    elif document:
        G = document_view(G, document)
    elif query:
        G = query_view(G, graph_or_store, query)
    elif sector:
        G = sector_view(G, sector)
    if types:
        G = types_view(G, types)
    if top:
        G = top_view(G, top)
    _check_size(G.number_of_nodes())
    return G


def _entity_count(store) -> int:
    from ..vocab import RESOURCE

    rows = store.query(f"SELECT (COUNT(DISTINCT ?e) AS ?n) WHERE {{ GRAPH <{RESOURCE}graph/entities> {{ ?e a ?t }} }}")
    return int(next(iter(rows))["n"].value)


def _check_size(n: int) -> None:
    if n > MAX_DRAWN:
        raise ViewError(f"{n:,} entities are more than one page can draw ({MAX_DRAWN:,})",
                        hint="draw a part: --banner NAME, --types Project,Company, --sector NAME, --entity NAME, "
                             f"or --top {MAX_DRAWN // 2} (the most connected entities)")
