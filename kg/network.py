"""The graph as networkx, read once the same way for every view, analysis and path, and the one
way to find how two entities connect.

`to_networkx(graph)` reads the entities and the core relations between them out of a
KnowledgeGraph (or a store) into a `networkx.MultiDiGraph`:

- a node per entity, keyed by its IRI, with `label` (simplified Chinese), `type` (the core
  type: Banner, Company, ...), `aliases`, `documents` (ids of the articles that mention it,
  sorted) and `investment` (stated total, yuan) where one is stated; with `details`, also
  `pinyin`, `en`, `sectors` (keys) and `facts` [(property, value as text)]; with `evidence`,
  also `evidence`: the sentences about it;
- an edge per relation, keyed by the relation name (`locatedIn`, `operatedBy`, ...), with
  `relation`, `sources` ("article" and/or "divisions" for the reference tree), `evidence`
  (a list of `{"document", "title", "text", "property"}`: the sentences that state it) and
  `documents` (the articles those come from; none for reference data);
- `G.graph`: `documents` {doc id: title}, `labels` {local name: (zh, en)} for the
  ontology's classes and properties, `title`.

Names are found with kg.lookup, on the graph as on the store: `connections(G, "準格爾旗", …)`
means what `kg describe 準格爾旗` does. Each query is a file kg/sparql/network-*.rq.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from .errors import KGError
from .vocab import CORE_TYPES, DIVISIONS_GRAPH, DOCUMENTS, OKG, document_id, local_name

if TYPE_CHECKING:
    import networkx as nx

TITLE = "鄂尔多斯知识图谱 Ordos KG"


def _rows(store, name: str, *keys: str) -> list[dict]:
    """A query's rows as Python values, in a fixed order sorted here (ORDER BY in the store costs
    seconds on a big graph)."""
    from .sparql import query_text
    from .sparql.terms import solutions_to_rows

    rows = solutions_to_rows(store.query(query_text("network-" + name)))
    if keys:
        rows.sort(key=lambda r: tuple((r[k] is not None, r[k] if r[k] is not None else 0) for k in keys))
    return rows


def store_of(graph):
    """A KnowledgeGraph or a store: the store."""
    return getattr(graph, "store", graph)


def to_networkx(graph, evidence: bool = True, details: bool = True) -> nx.MultiDiGraph:
    """The knowledge graph as a networkx MultiDiGraph of entities and the relations between them
    (see the module docstring). `evidence=False` leaves the sentences out and `details=False` the
    pinyin, English names, sectors and facts: faster on a big graph, and rankings need neither.

    >>> G = to_networkx(KnowledgeGraph())
    >>> G.nodes["https://w3id.org/ordos-kg/resource/Banner/准格尔旗"]["label"]
    '准格尔旗'
    """
    import networkx as nx

    store = store_of(graph)
    G = nx.MultiDiGraph()
    G.graph["title"] = TITLE
    G.graph["documents"] = {document_id(r["doc"]): r["title"] or document_id(r["doc"])
                            for r in _rows(store, "documents", "doc")}
    G.graph["labels"] = {local_name(r["term"]): (r["zh"] or local_name(r["term"]), r["en"] or local_name(r["term"]))
                         for r in _rows(store, "term-labels") if r["term"].startswith(OKG)}
    cores: dict[str, list[str]] = {}
    for r in _rows(store, "core-classes"):
        cores.setdefault(r["t"], []).append(local_name(r["core"]))
    aliases: dict[str, set[str]] = {}
    for r in _rows(store, "aliases"):
        aliases.setdefault(r["e"], set()).add(r["alt"])
    typed = sorted((r["e"], core, r["label"]) for r in _rows(store, "entities") for core in cores.get(r["t"], ()))
    for e, type_, label in typed:
        if e in G:  # an entity with two core types keeps the first
            continue
        G.add_node(e, label=label, type=type_, aliases=sorted(aliases.get(e, ())), documents=[])
    for r in _rows(store, "mentions", "e", "doc"):
        if r["e"] in G:
            docs = G.nodes[r["e"]]["documents"]
            if not docs or docs[-1] != document_id(r["doc"]):
                docs.append(document_id(r["doc"]))
    for r in _rows(store, "investment"):
        if r["e"] in G and r["investment"] is not None:
            G.nodes[r["e"]]["investment"] = r["investment"]
    if details:
        _add_details(store, G)
    sentences = _evidence(store, G) if evidence else {}
    for r in _rows(store, "edges", "s", "p", "o", "g"):
        s, rel, o = r["s"], local_name(r["p"]), r["o"]
        if s not in G or o not in G:
            continue
        source = "divisions" if r["g"] == DIVISIONS_GRAPH else "article"
        if G.has_edge(s, o, key=rel):
            sources = G.edges[s, o, rel]["sources"]
            if source not in sources:
                sources.append(source)
            continue
        said = sentences.get((s, rel, o), [])
        G.add_edge(s, o, key=rel, relation=rel, sources=[source], evidence=said,
                   documents=sorted({ev["document"] for ev in said}))
    return G


def _add_details(store, G) -> None:
    from .format import money

    for n in G:
        G.nodes[n].update(pinyin="", en="", sectors=[], facts=[])
    for r in _rows(store, "other-names", "e", "lang", "name"):
        if r["e"] in G:
            key = "pinyin" if r["lang"].lower().startswith("zh-latn") else "en" if r["lang"].lower() == "en" else None
            if key and not G.nodes[r["e"]][key]:
                G.nodes[r["e"]][key] = r["name"]
    for r in _rows(store, "sectors", "e", "sector"):
        if r["e"] in G and r["sector"] not in G.nodes[r["e"]]["sectors"]:
            G.nodes[r["e"]]["sectors"].append(r["sector"])
    for r in _rows(store, "facts", "s", "p", "o"):
        if r["s"] in G:
            p = local_name(r["p"])
            value = r["quantity"] if r["quantity"] is not None else (money(r["o"]) if p.startswith("investment") else r["o"])
            G.nodes[r["s"]]["facts"].append((p, str(value)))


def _evidence(store, G) -> dict[tuple[str, str, str], list[dict]]:
    """The sentences behind each statement, by (subject, property, object); each entity's own
    sentences (about its relations and its facts) go on its node."""
    docs = G.graph["documents"]
    for n in G:
        G.nodes[n]["evidence"] = []
    said: dict[tuple[str, str, str], list[dict]] = {}
    for r in _rows(store, "evidence", "doc", "start", "s", "p", "o"):
        s, p, o = r["s"], local_name(r["p"]), r["o"]
        doc = document_id(r["doc"])
        ev = {"document": doc, "title": docs.get(doc) or doc, "text": r["text"], "property": p}
        stated = said.setdefault((s, p, o), [])
        if not any(e["document"] == doc and e["text"] == ev["text"] for e in stated):
            stated.append(ev)
        for n in (s, o):
            if isinstance(n, str) and n in G:
                evs = G.nodes[n]["evidence"]
                if not any(e["text"] == ev["text"] for e in evs):
                    evs.append(ev)
    return said


def as_graph(g) -> nx.MultiDiGraph:
    """A networkx graph as it is; a KnowledgeGraph or a store read into one."""
    if hasattr(g, "nodes"):
        return g
    return to_networkx(g)


def undirected(G) -> nx.Graph:
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


# ------------------------------------------------------------------ paths


@dataclass
class Step:
    """One relation on a path, in the direction it was stated (subject relation object), with
    the sentences that state it; `forward` is True when the path walks from subject to object."""

    subject: str  # the subject's label
    relation: str
    object: str  # the object's label
    evidence: list[dict] = field(default_factory=list)
    forward: bool = True
    subject_iri: str = ""
    object_iri: str = ""

    @property
    def source_label(self) -> str:
        """The label of the end the path walks from (`target_label`: the one it walks to)."""
        return self.subject if self.forward else self.object

    @property
    def target_label(self) -> str:
        return self.object if self.forward else self.subject

    def as_dict(self) -> dict:
        """The step in the direction walked, as `kg path --format json` prints it."""
        ends = (self.subject_iri, self.object_iri) if self.forward else (self.object_iri, self.subject_iri)
        return {"source": ends[0], "source_label": self.source_label, "predicate": self.relation,
                "forward": self.forward, "target": ends[1], "target_label": self.target_label}

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
        out = self.source
        for st in self.steps:
            out += f" —{st.relation}→ {st.object}" if st.forward else f" ←{st.relation}— {st.subject}"
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
    U = undirected(G)
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
            steps.append(Step(G.nodes[ent]["label"], "mentionedIn", _label(G, doc), ev, fwd, ent, DOCUMENTS + d))
            continue
        # prefer an edge stated in an article (it has evidence) over reference data
        options = [(a, b, k, d, True) for k, d in (G.get_edge_data(a, b) or {}).items()]
        options += [(b, a, k, d, False) for k, d in (G.get_edge_data(b, a) or {}).items()]
        s, o, k, d, fwd = min(options, key=lambda x: (not x[3].get("evidence"), "article" not in x[3]["sources"], x[2]))
        steps.append(Step(G.nodes[s]["label"], k, G.nodes[o]["label"], d.get("evidence", []), fwd, s, o))
    return steps


def connections(g, source: str, target: str, limit: int = 3, via_documents: bool = False,
                avoid: tuple[str, ...] = ()) -> list[Connection]:
    """Up to `limit` shortest chains of relations between two entities (either direction); [] if none.

    `source` and `target` are names as kg.lookup finds them (label, alias, pinyin, English,
    traditional script, IRI). With `via_documents`, when no chain of relations joins them, a
    chain may also pass through an article that mentions both (`mentionedIn`), evidence being
    the article's title. `avoid` names core types a chain may not pass through: ("Region",
    "City") leaves out chains that say only that both lie in Inner Mongolia.
    >>> print(connections(kg, "清华大学", "准格尔旗")[0].explain())
    """
    from .lookup import resolve

    G = as_graph(g)
    a, b = resolve(G, source).iri, resolve(G, target).iri
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

    from .lookup import resolve

    G = as_graph(g)
    if type not in CORE_TYPES:
        raise KGError(f"'{type}' is not a core type", hint="use one of: " + ", ".join(CORE_TYPES))
    a = resolve(G, source).iri
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


def path(graph, a: str, b: str, through_documents: bool = False) -> list[Step]:
    """The shortest chain of relations between two entities of a KnowledgeGraph or store (`kg path`),
    each step in the direction walked; [] when both names mean one entity.

    With `through_documents`, when no chain of relations joins them, two entities the same
    article mentions count as connected through that article.
    """
    from .lookup import resolve

    store = store_of(graph)
    ma, mb = resolve(store, a), resolve(store, b)
    if ma.iri == mb.iri:
        return []
    found = connections(to_networkx(store, evidence=False, details=False), ma.iri, mb.iri, limit=1,
                        via_documents=through_documents)
    if not found:
        how = "" if through_documents else "; try --through-documents to connect through shared articles"
        raise KGError(f"no connection between {ma.label} and {mb.label} in the graph{how}")
    return found[0].steps
