"""Names a person can type: find entities by Chinese name, alias, pinyin or English,
and see what the graph says about them and how they connect.

    >>> search(store, "zhungeerqi")[0].label
    '准格尔旗'
    >>> describe(store, "鄂旗").label
    '鄂托克旗'

Matching ranks, best first: the exact label (Chinese or English), an exact alias,
a prefix of a name, a substring of a name, then pinyin (whole, prefix, substring;
tones, spaces and apostrophes ignored). Ties go to the entity more articles mention.
"""

from __future__ import annotations

import re
import unicodedata
from collections import deque
from dataclasses import dataclass, field
from itertools import pairwise

from .errors import AmbiguousNameError, KGError, NameNotFoundError
from .vocab import DIVISION_TYPES, OKG, RESOURCE

# How a name matched, best first.
EXACT, ALIAS, PREFIX, SUBSTRING, PINYIN, PINYIN_PREFIX, PINYIN_SUBSTRING = range(7)
HOW = {EXACT: "label", ALIAS: "alias", PREFIX: "prefix", SUBSTRING: "substring",
       PINYIN: "pinyin", PINYIN_PREFIX: "pinyin prefix", PINYIN_SUBSTRING: "pinyin substring"}

_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")

# A division's name without its last word (鄂托克 for 鄂托克旗, Etuoke for È tuō kè qí) works as a short name.
_DIVISION_SUFFIX = re.compile(r"(自治区|省|市|旗|区|县|镇|苏木|乡|街道|村|嘎查|社区)$")
_DIVISION_SUFFIX_PINYIN = re.compile(r"(zizhiqu|sheng|shi|qi|qu|xian|zhen|sumu|xiang|jiedao|cun|gacha|shequ)$")


@dataclass
class Match:
    """One entity found for a name, and how well it matched."""

    iri: str
    label: str
    type: str
    matched: str  # the name (label, alias, pinyin or English) that matched
    rank: int  # EXACT ... PINYIN_SUBSTRING
    documents: int  # how many articles mention it

    @property
    def how(self) -> str:
        return HOW[self.rank]

    def as_dict(self) -> dict:
        return {"iri": self.iri, "label": self.label, "type": self.type, "matched": self.matched,
                "how": self.how, "documents": self.documents}


# ---------------------------------------------------------------- text keys


def fold(text: str) -> str:
    """For comparing names: compatibility forms, lower case, no spaces."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text)).casefold()


def pinyin_key(text: str) -> str:
    """Pinyin without tones, spaces or apostrophes: "Zhǔn gé ěr qí" -> "zhungeerqi"; ü and v -> u."""
    plain = "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))
    return re.sub(r"[^a-z0-9]", "", plain.lower().replace("v", "u"))


def _is_iri(text: str) -> bool:
    return text.startswith(("http://", "https://", "res:"))


def _expand(text: str) -> str:
    return RESOURCE + text[4:] if text.startswith("res:") else text


def local_type(iri: str | None) -> str:
    return "" if iri is None else iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


# ---------------------------------------------------------------- the name index

NAMES = """
SELECT ?e ?type ?name (LANG(?name) AS ?lang) ?alias WHERE {
  GRAPH <https://w3id.org/ordos-kg/resource/graph/entities> {
    ?e a ?type .
    { ?e rdfs:label ?name BIND(false AS ?alias) } UNION { ?e skos:altLabel ?name BIND(true AS ?alias) }
  }
}"""

NAMES_OF = """
SELECT ?name (LANG(?name) AS ?lang) ?alias WHERE {
  GRAPH <https://w3id.org/ordos-kg/resource/graph/entities> {
    { ?e rdfs:label ?name BIND(false AS ?alias) } UNION { ?e skos:altLabel ?name BIND(true AS ?alias) }
  }
}"""

MENTIONS = """
SELECT ?e (COUNT(DISTINCT ?doc) AS ?n) WHERE { ?e okg:mentionedIn ?doc } GROUP BY ?e"""


@dataclass
class _Entry:
    iri: str
    type: str
    label: str = ""
    names: list[tuple[str, str, bool]] = field(default_factory=list)  # (text, lang, is alias)
    documents: int = 0


def _index(store) -> dict[str, _Entry]:
    entries: dict[str, _Entry] = {}
    for s in store.query(NAMES):
        iri = s["e"].value
        e = entries.setdefault(iri, _Entry(iri, local_type(s["type"].value)))
        text, lang, alias = s["name"].value, s["lang"].value.lower(), s["alias"].value == "true"
        e.names.append((text, lang, alias))
        if lang == "zh" and not alias:
            e.label = text
    for s in store.query(MENTIONS):
        if s["e"].value in entries:
            entries[s["e"].value].documents = int(s["n"].value)
    for e in entries.values():
        if not e.label:
            e.label = next((t for t, lang, _ in e.names if not lang.startswith("zh-latn")), local_type(e.iri))
    return entries


def _rank(entry: _Entry, q: str, qkey: str) -> tuple[int, str] | None:
    """The best way `entry` matches the folded query `q` (pinyin key `qkey`), or None."""
    best: tuple[int, str] | None = None

    def better(rank: int, name: str) -> None:
        nonlocal best
        if best is None or rank < best[0]:
            best = (rank, name)

    division = entry.type in DIVISION_TYPES
    for text, lang, alias in entry.names:
        if lang.startswith("zh-latn"):
            key = pinyin_key(text)
            if qkey and len(qkey) >= 2:
                if key == qkey or (division and _DIVISION_SUFFIX_PINYIN.sub("", key) == qkey):
                    better(PINYIN, text)
                elif key.startswith(qkey):
                    better(PINYIN_PREFIX, text)
                elif qkey in key:
                    better(PINYIN_SUBSTRING, text)
            continue
        f = fold(text)
        if f == q:
            better(ALIAS if alias else EXACT, text)
        elif division and lang == "zh" and len(q) >= 2 and _DIVISION_SUFFIX.sub("", f) == q:
            better(ALIAS, text)
        elif f.startswith(q):
            better(PREFIX, text)
        elif q in f:
            better(SUBSTRING, text)
    return best


def search(store, text: str, types: set[str] | None = None, limit: int | None = 20) -> list[Match]:
    """Entities whose names match `text`, best first (see the module's docstring).

    `types` keeps only entities of these core types (local names such as "Banner").
    """
    text = text.strip()
    if not text:
        raise KGError("give a name to look for")
    entries = _index(store)
    if _is_iri(text):
        e = entries.get(_expand(text))
        found = [Match(e.iri, e.label, e.type, e.iri, EXACT, e.documents)] if e else []
        return [m for m in found if not types or m.type in types]
    q = fold(text)
    if _CJK.search(text):
        from .read import to_simplified

        q = fold(to_simplified(text))
    qkey = "" if _CJK.search(text) else pinyin_key(text)
    out = []
    for e in entries.values():
        if types and e.type not in types:
            continue
        r = _rank(e, q, qkey)
        if r is not None:
            out.append(Match(e.iri, e.label, e.type, r[1], r[0], e.documents))
    out.sort(key=lambda m: (m.rank, -m.documents, len(m.label), m.label))
    return out[:limit] if limit else out


EXACT_NAME = """
SELECT DISTINCT ?e ?type ?alias ?name WHERE {
  GRAPH <https://w3id.org/ordos-kg/resource/graph/entities> {
    { ?e rdfs:label ?name BIND(false AS ?alias) } UNION { ?e skos:altLabel ?name BIND(true AS ?alias) }
    ?e a ?type .
  }
}"""


def _exact(store, name: str, types: set[str] | None) -> Match | None:
    """The entity whose label (else alias) is exactly `name`, if just one is: one indexed lookup."""
    from pyoxigraph import Literal

    text = name.strip()
    term = Literal(text, language="zh" if _CJK.search(text) else "en")
    hits = [(s["e"].value, local_type(s["type"].value), s["alias"].value == "true") for s in store.query(EXACT_NAME, {"name": term})]
    hits = [h for h in hits if not types or h[1] in types]
    labels = {h[0]: h for h in hits if not h[2]}
    aliases = {h[0]: h for h in hits if h[2]}
    best = labels or aliases
    if len(best) != 1:
        return None
    iri, type_, alias = next(iter(best.values()))
    label = text
    if alias or term.language != "zh":  # an alias or an English name: show the Chinese label
        label = next((s["name"].value for s in store.query(
            "SELECT ?e ?name WHERE { ?e rdfs:label ?name FILTER(LANG(?name) = 'zh') }", {"e": _node(iri)})), text)
    return Match(iri, label, type_, text, ALIAS if alias else EXACT, 0)


def _node(iri: str):
    from pyoxigraph import NamedNode

    return NamedNode(iri)


def resolve(store, name: str, types: set[str] | None = None) -> Match:
    """The one entity `name` means; ambiguity and absence are errors that list what there is.

    An exact label or alias is looked up directly; anything else goes through `search`."""
    if not _is_iri(name.strip()):
        hit = _exact(store, name, types)
        if hit is not None:
            return hit
    found = search(store, name, types, limit=None)
    if not found:
        what = f" of type {', '.join(sorted(types))}" if types else ""
        raise NameNotFoundError(f"no entity{what} is called '{name}'")
    top = [m for m in found if m.rank == found[0].rank]
    if len(top) == 1:
        return top[0]
    shown = ", ".join(f"{m.label} ({m.type})" for m in top[:12])
    more = f" and {len(top) - 12} more" if len(top) > 12 else ""
    raise AmbiguousNameError(
        f"'{name}' could mean {len(top)} entities: {shown}{more}", top,
        hint="give the full name, or the IRI from: kg search " + name,
    )


# ---------------------------------------------------------------- describe

FACTS_OUT = """
SELECT DISTINCT ?e ?p ?o ?olabel ?otype ?text ?doc ?title WHERE {
  ?e ?p ?o .
  FILTER(STRSTARTS(STR(?p), STR(okg:)) && ?p != okg:mentionedIn)
  OPTIONAL { ?o rdfs:label ?olabel FILTER(LANG(?olabel) = "zh" || LANG(?olabel) = "") }
  OPTIONAL { GRAPH <https://w3id.org/ordos-kg/resource/graph/entities> { ?o a ?otype } }
  OPTIONAL {
    ?ev rdf:subject ?e ; rdf:predicate ?p ; rdf:object ?o ; okg:evidenceText ?text ; prov:wasDerivedFrom ?doc .
    OPTIONAL { ?doc dcterms:title ?title }
  }
}"""

FACTS_IN = """
SELECT DISTINCT ?e ?p ?s ?slabel ?stype ?text ?doc ?title WHERE {
  ?s ?p ?e .
  FILTER(STRSTARTS(STR(?p), STR(okg:)))
  ?s rdfs:label ?slabel FILTER(LANG(?slabel) = "zh")
  OPTIONAL { GRAPH <https://w3id.org/ordos-kg/resource/graph/entities> { ?s a ?stype } }
  OPTIONAL {
    ?ev rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?e ; okg:evidenceText ?text ; prov:wasDerivedFrom ?doc .
    OPTIONAL { ?doc dcterms:title ?title }
  }
}"""

DOCUMENTS = """
SELECT DISTINCT ?e ?doc ?title WHERE { ?e okg:mentionedIn ?doc OPTIONAL { ?doc dcterms:title ?title } } ORDER BY ?doc"""

PROPERTY_LABELS = """
SELECT ?p ?zh ?en WHERE {
  ?p a ?kind FILTER(?kind IN (owl:ObjectProperty, owl:DatatypeProperty, rdf:Property))
  OPTIONAL { ?p rdfs:label ?zh FILTER(LANG(?zh) = "zh") }
  OPTIONAL { ?p rdfs:label ?en FILTER(LANG(?en) = "en") }
}"""


@dataclass
class Fact:
    """One statement about an entity: `direction` "out" is entity → other, "in" is other → entity."""

    direction: str
    predicate: str  # local name, e.g. locatedIn
    predicate_zh: str
    other: str  # the other entity's label, or the value
    other_iri: str | None
    other_type: str | None
    evidence: str | None
    document: str | None  # document id
    title: str | None

    def as_dict(self) -> dict:
        return dict(self.__dict__)


@dataclass
class Description:
    iri: str
    label: str
    type: str
    names: list[dict]  # {"name", "lang", "kind": label|alias}
    documents: list[dict]  # {"document", "title"}
    facts: list[Fact]
    milestones: list[dict] = field(default_factory=list)  # a project's dated stages, in time order

    def as_dict(self) -> dict:
        d = dict(self.__dict__)
        d["facts"] = [f.as_dict() for f in self.facts]
        return d


def _doc_id(iri: str | None) -> str | None:
    return iri.rsplit("/doc/", 1)[-1] if iri else None


def property_labels(store) -> dict[str, tuple[str, str]]:
    """Local property name -> (Chinese label, English label), from the ontology in the store."""
    out = {}
    for s in store.query(PROPERTY_LABELS):
        p = s["p"].value
        if p.startswith(OKG):
            out[local_type(p)] = (s["zh"].value if s["zh"] else "", s["en"].value if s["en"] else "")
    return out


def describe(store, name: str) -> Description:
    """Everything the graph says about one entity: type, names, facts both ways with evidence, articles."""
    from pyoxigraph import NamedNode

    from .sparql.terms import term_value

    m = resolve(store, name)
    e = NamedNode(m.iri)
    own = [(s["name"].value, s["lang"].value.lower(), s["alias"].value == "true") for s in store.query(NAMES_OF, {"e": e})]
    labels = property_labels(store)
    names = [{"name": t, "lang": lang, "kind": "alias" if alias else "label"}
             for t, lang, alias in sorted(set(own), key=lambda n: (n[2], n[1] != "zh", n[1], n[0]))]
    facts = []
    for s in store.query(FACTS_OUT, {"e": e}):
        p = local_type(s["p"].value)
        o = s["o"]
        other = s["olabel"].value if s["olabel"] else str(term_value(o))
        facts.append(Fact("out", p, labels.get(p, ("", ""))[0], other,
                          o.value if type(o).__name__ == "NamedNode" else None,
                          local_type(s["otype"].value) if s["otype"] else None,
                          s["text"].value if s["text"] else None, _doc_id(s["doc"].value if s["doc"] else None),
                          s["title"].value if s["title"] else None))
    for s in store.query(FACTS_IN, {"e": e}):
        p = local_type(s["p"].value)
        facts.append(Fact("in", p, labels.get(p, ("", ""))[0], s["slabel"].value, s["s"].value,
                          local_type(s["stype"].value) if s["stype"] else None,
                          s["text"].value if s["text"] else None, _doc_id(s["doc"].value if s["doc"] else None),
                          s["title"].value if s["title"] else None))
    facts = [f for f in _drop_unevidenced_duplicates(facts) if f.predicate != "milestone"]  # shown as milestones
    facts.sort(key=lambda f: (f.direction != "out", f.predicate, f.other, f.document or ""))
    docs = [{"document": _doc_id(s["doc"].value), "title": s["title"].value if s["title"] else None}
            for s in store.query(DOCUMENTS, {"e": e})]
    return Description(m.iri, m.label, m.type, names, docs, facts, milestones_of(store, m.iri))


def milestones_of(store, iri: str) -> list[dict]:
    """A project's milestones in time order (undated last), as the ready question `milestones` gives them."""
    from .sparql.questions import rows

    keys = ("date", "stage", "stage_zh", "planned", "date_text", "evidence", "document")
    return [{k: r.get(k) for k in keys} for r in rows(store, "milestones", project=iri)]


def _drop_unevidenced_duplicates(facts: list[Fact]) -> list[Fact]:
    """A fact stated with evidence needs no second row without it (the same triple from reference data)."""
    evidenced = {(f.direction, f.predicate, f.other) for f in facts if f.evidence}
    return [f for f in facts if f.evidence or (f.direction, f.predicate, f.other) not in evidenced]


# ---------------------------------------------------------------- connections

EDGES_OUT = """
SELECT DISTINCT ?p ?x ?x_label WHERE {
  ?n ?p ?x .
  FILTER(STRSTARTS(STR(?p), STR(okg:)) && ?p != okg:mentionedIn)
  GRAPH <https://w3id.org/ordos-kg/resource/graph/entities> { ?x a ?t ; rdfs:label ?x_label FILTER(LANG(?x_label) = "zh") }
}"""

EDGES_IN = """
SELECT DISTINCT ?p ?x ?x_label WHERE {
  ?x ?p ?n .
  FILTER(STRSTARTS(STR(?p), STR(okg:)) && ?p != okg:mentionedIn)
  GRAPH <https://w3id.org/ordos-kg/resource/graph/entities> { ?x a ?t ; rdfs:label ?x_label FILTER(LANG(?x_label) = "zh") }
}"""

LABEL = """
SELECT ?label WHERE { ?e rdfs:label ?label FILTER(LANG(?label) = "zh") }"""

ALL_EDGES = """
SELECT DISTINCT ?s ?p ?o WHERE {
  ?s ?p ?o .
  FILTER(STRSTARTS(STR(?p), STR(okg:)) && ?p != okg:mentionedIn)
  GRAPH <https://w3id.org/ordos-kg/resource/graph/entities> { ?s a ?st . ?o a ?ot }
}"""

ALL_MENTIONS = """
SELECT DISTINCT ?s ?o ?title WHERE { ?s okg:mentionedIn ?o OPTIONAL { ?o dcterms:title ?title } }"""


@dataclass
class Edge:
    """A relation between two entities, found `depth` steps from where the walk began."""

    depth: int
    subject: str
    subject_label: str
    predicate: str
    object: str
    object_label: str

    def as_dict(self) -> dict:
        return dict(self.__dict__)


def neighbors(store, name: str, depth: int = 1) -> list[Edge]:
    """The relations within `depth` steps of an entity, either direction, nearest first."""
    from pyoxigraph import NamedNode

    if depth < 1:
        raise KGError("depth must be at least 1")
    start = resolve(store, name)
    labels = {start.iri: start.label}
    seen_edges: set[tuple[str, str, str]] = set()
    frontier = deque([start.iri])
    out: list[Edge] = []
    for d in range(1, depth + 1):
        nxt: deque[str] = deque()
        while frontier:
            node = frontier.popleft()
            for query, outward in ((EDGES_OUT, True), (EDGES_IN, False)):
                for s in store.query(query, {"n": NamedNode(node)}):
                    other, p = s["x"].value, s["p"].value
                    edge = (node, p, other) if outward else (other, p, node)
                    if edge in seen_edges:
                        continue
                    seen_edges.add(edge)
                    if other not in labels:
                        labels[other] = s["x_label"].value
                        nxt.append(other)
                    out.append(Edge(d, edge[0], labels[edge[0]], local_type(p), edge[2], labels[edge[2]]))
        frontier = nxt
    return out


@dataclass
class Step:
    """One step of a path: from `source` along `predicate` to `target`; `forward` False means the
    triple points the other way (target predicate source)."""

    source: str
    source_label: str
    predicate: str
    forward: bool
    target: str
    target_label: str

    def as_dict(self) -> dict:
        return dict(self.__dict__)


def path(store, a: str, b: str, through_documents: bool = False) -> list[Step]:
    """The shortest chain of relations between two entities (either direction).

    With `through_documents`, two entities the same article mentions count as connected
    through that article.
    """
    import networkx as nx

    ma, mb = resolve(store, a), resolve(store, b)
    if ma.iri == mb.iri:
        return []
    labels = {ma.iri: ma.label, mb.iri: mb.label}
    g = nx.Graph()
    for s in store.query(ALL_EDGES):
        u, p, v = s["s"].value, local_type(s["p"].value), s["o"].value
        if u != v and not g.has_edge(u, v):
            g.add_edge(u, v, predicate=p, subject=u)
    if through_documents:
        for s in store.query(ALL_MENTIONS):
            u, doc = s["s"].value, s["o"].value
            labels.setdefault(doc, s["title"].value if s["title"] else _doc_id(doc))
            if not g.has_edge(u, doc):
                g.add_edge(u, doc, predicate="mentionedIn", subject=u)
    try:
        nodes = nx.shortest_path(g, ma.iri, mb.iri)
    except (nx.NetworkXNoPath, nx.NodeNotFound):
        how = "" if through_documents else "; try --through-documents to connect through shared articles"
        raise KGError(f"no connection between {ma.label} and {mb.label} in the graph{how}") from None
    for n in nodes:
        if n not in labels:
            labels[n] = next((s["label"].value for s in store.query(LABEL, {"e": _node(n)})), n)
    steps = []
    for u, v in pairwise(nodes):
        data = g.edges[u, v]
        steps.append(Step(u, labels[u], data["predicate"], data["subject"] == u, v, labels[v]))
    return steps
