"""Names a person can type: the one place that finds entities by Chinese name (simplified or
traditional), alias, pinyin or English, in a store or in the networkx graph kg.network made;
and what the graph says about an entity and what lies around it.

    >>> search(store, "zhungeerqi")[0].label
    '准格尔旗'
    >>> describe(store, "鄂旗").label
    '鄂托克旗'
    >>> resolve(to_networkx(store), "準格爾旗").iri
    'https://w3id.org/ordos-kg/resource/Banner/准格尔旗'

Matching ranks, best first: the exact label (Chinese or English), an exact alias,
a prefix of a name, a substring of a name, then pinyin (whole, prefix, substring;
tones, spaces and apostrophes ignored). Ties go to the entity more articles mention.
"""

from __future__ import annotations

import re
import unicodedata
from collections import deque
from dataclasses import asdict, dataclass, field

from .errors import AmbiguousNameError, KGError, NameNotFoundError
from .sparql import query_text
from .vocab import DIVISION_TYPES, OKG, RESOURCE, document_id, local_name

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


_QUOTES = set("\"'`´“”‘’「」『』〝〞〟‟„‚")


def normalize_name(name: str) -> str:
    """The form two names are compared in, everywhere (search, views, analysis, evaluation):
    width folded (NFKC), no whitespace or quotes, case folded."""
    s = unicodedata.normalize("NFKC", name)
    return "".join(c for c in s if not c.isspace() and c not in _QUOTES).casefold()


def pinyin_key(text: str) -> str:
    """Pinyin without tones, tone numbers, spaces or apostrophes: "Zhǔn gé ěr qí", "zhun3ge2er3qi2"
    -> "zhungeerqi"; ü and v -> u."""
    plain = "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))
    return re.sub(r"[^a-z]", "", plain.lower().replace("v", "u"))


def _is_iri(text: str) -> bool:
    return text.startswith(("http://", "https://", "res:"))


def _expand(text: str) -> str:
    return RESOURCE + text[4:] if text.startswith("res:") else text


# ---------------------------------------------------------------- the name index


@dataclass
class _Entry:
    iri: str
    type: str
    label: str = ""
    names: list[tuple[str, str, bool]] = field(default_factory=list)  # (text, lang, is alias)
    documents: int = 0


def _index(source) -> dict[str, _Entry]:
    """Every entity with its names: from the networkx graph kg.network made, or from a store."""
    if hasattr(source, "nodes"):
        return _graph_index(source)
    store = getattr(source, "store", source)
    entries: dict[str, _Entry] = {}
    for s in store.query(query_text("lookup-names")):
        iri = s["e"].value
        e = entries.setdefault(iri, _Entry(iri, local_name(s["type"].value)))
        text, lang, alias = s["name"].value, s["lang"].value.lower(), s["alias"].value == "true"
        e.names.append((text, lang, alias))
        if lang == "zh" and not alias:
            e.label = text
    for s in store.query(query_text("lookup-mention-counts")):
        if s["e"].value in entries:
            entries[s["e"].value].documents = int(s["n"].value)
    for e in entries.values():
        if not e.label:
            e.label = next((t for t, lang, _ in e.names if not lang.startswith("zh-latn")), local_name(e.iri))
    return entries


def _graph_index(G) -> dict[str, _Entry]:
    entries = {}
    for n, d in G.nodes(data=True):
        names = [(d["label"], "zh", False)] + [(a, "zh", True) for a in d.get("aliases", ())]
        if d.get("pinyin"):
            names.append((d["pinyin"], "zh-latn-pinyin", False))
        if d.get("en"):
            names.append((d["en"], "en", False))
        entries[n] = _Entry(n, d["type"], d["label"], names, len(d.get("documents", ())))
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
        f = normalize_name(text)
        if f == q:
            better(ALIAS if alias else EXACT, text)
        elif division and lang == "zh" and len(q) >= 2 and _DIVISION_SUFFIX.sub("", f) == q:
            better(ALIAS, text)
        elif f.startswith(q):
            better(PREFIX, text)
        elif q in f:
            better(SUBSTRING, text)
    return best


def search(source, text: str, types: set[str] | None = None, limit: int | None = 20) -> list[Match]:
    """Entities whose names match `text`, best first (see the module's docstring), in a store, a
    KnowledgeGraph or a networkx graph from kg.network.to_networkx.

    `types` keeps only entities of these core types (local names such as "Banner").
    """
    return _search(_index(source), text, types, limit)


def _search(entries: dict[str, _Entry], text: str, types: set[str] | None, limit: int | None) -> list[Match]:
    text = text.strip()
    if not text:
        raise KGError("give a name to look for")
    if _is_iri(text):
        e = entries.get(_expand(text))
        found = [Match(e.iri, e.label, e.type, e.iri, EXACT, e.documents)] if e else []
        return [m for m in found if not types or m.type in types]
    q = normalize_name(text)
    if _CJK.search(text):
        from .read import to_simplified

        q = normalize_name(to_simplified(text))
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


def _exact(store, name: str, types: set[str] | None) -> Match | None:
    """The entity whose label (else alias) is exactly `name`, if just one is: one indexed lookup."""
    from pyoxigraph import Literal

    text = name.strip()
    term = Literal(text, language="zh" if _CJK.search(text) else "en")
    rows = store.query(query_text("lookup-exact-name"), {"name": term})
    hits = [(s["e"].value, local_name(s["type"].value), s["alias"].value == "true") for s in rows]
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


def resolve(source, name: str, types: set[str] | None = None) -> Match:
    """The one entity `name` means, in a store, a KnowledgeGraph or a networkx graph from
    kg.network.to_networkx; ambiguity and absence are errors that list what there is.

    In a store an exact label or alias is looked up directly; anything else goes through `search`."""
    store = None if hasattr(source, "nodes") else getattr(source, "store", source)
    if store is not None and not _is_iri(name.strip()):
        hit = _exact(store, name, types)
        if hit is not None:
            return hit
    entries = _index(source)
    found = _search(entries, name, types, None)
    if not found:
        raise _not_found(entries, name, types)
    top = [m for m in found if m.rank == found[0].rank]
    if len(top) == 1:
        return top[0]
    shown = ", ".join(f"{m.label} ({m.type})" for m in top[:12])
    more = f" and {len(top) - 12} more" if len(top) > 12 else ""
    raise AmbiguousNameError(
        f"'{name}' could mean {len(top)} entities: {shown}{more}", top,
        hint="give the full name, or the IRI from: kg search " + name,
    )


def _not_found(entries: dict[str, _Entry], name: str, types: set[str] | None) -> NameNotFoundError:
    """The error for a name nothing goes by, with the names it holds (准格尔旗 in 准格尔旗大学), or
    else the entities of the type asked for, as its hint."""
    wanted = [e for e in entries.values() if not types or e.type in types]
    key = normalize_name(name)
    near = sorted({e.label for e in wanted if e.label and normalize_name(e.label) in key})
    what = " or ".join(sorted(types)) if types else "entity"
    hint = None
    if near:
        hint = "did you mean: " + "、".join(near[:5])
    elif types:
        labels = sorted(e.label for e in wanted)
        hint = ("the graph has: " + "、".join(labels[:12]) + ("…" if len(labels) > 12 else "")) if labels else \
            "the graph has none"
    return NameNotFoundError(f"no {what} is called '{name}'", hint=hint)


# ---------------------------------------------------------------- describe

@dataclass
class Statement:
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
        return asdict(self)


@dataclass
class Description:
    iri: str
    label: str
    type: str
    names: list[dict]  # {"name", "lang", "kind": label|alias}
    documents: list[dict]  # {"document", "title"}
    facts: list[Statement]
    milestones: list[dict] = field(default_factory=list)  # a project's dated stages, in time order

    def as_dict(self) -> dict:
        return asdict(self)


def property_labels(store) -> dict[str, tuple[str, str]]:
    """Local property name -> (Chinese label, English label), from the ontology in the store."""
    out = {}
    for s in store.query(query_text("lookup-property-labels")):
        p = s["p"].value
        if p.startswith(OKG):
            out[local_name(p)] = (s["zh"].value if s["zh"] else "", s["en"].value if s["en"] else "")
    return out


def describe(store, name: str) -> Description:
    """Everything the graph says about one entity: type, names, facts both ways with evidence, articles."""
    from pyoxigraph import NamedNode

    from .sparql.terms import term_value

    m = resolve(store, name)
    e = NamedNode(m.iri)
    own = [(s["name"].value, s["lang"].value.lower(), s["alias"].value == "true")
           for s in store.query(query_text("lookup-names-of"), {"e": e})]
    labels = property_labels(store)
    names = [{"name": t, "lang": lang, "kind": "alias" if alias else "label"}
             for t, lang, alias in sorted(set(own), key=lambda n: (n[2], n[1] != "zh", n[1], n[0]))]
    facts = []
    for s in store.query(query_text("lookup-facts-out"), {"e": e}):
        p = local_name(s["p"].value)
        o = s["o"]
        other = s["olabel"].value if s["olabel"] else str(term_value(o))
        facts.append(Statement("out", p, labels.get(p, ("", ""))[0], other,
                          o.value if isinstance(o, NamedNode) else None,
                          local_name(s["otype"].value) if s["otype"] else None,
                          s["text"].value if s["text"] else None, document_id(s["doc"].value if s["doc"] else None),
                          s["title"].value if s["title"] else None))
    for s in store.query(query_text("lookup-facts-in"), {"e": e}):
        p = local_name(s["p"].value)
        facts.append(Statement("in", p, labels.get(p, ("", ""))[0], s["slabel"].value, s["s"].value,
                          local_name(s["stype"].value) if s["stype"] else None,
                          s["text"].value if s["text"] else None, document_id(s["doc"].value if s["doc"] else None),
                          s["title"].value if s["title"] else None))
    facts = [f for f in _drop_unevidenced_duplicates(facts) if f.predicate != "milestone"]  # shown as milestones
    facts.sort(key=lambda f: (f.direction != "out", f.predicate, f.other, f.document or ""))
    docs = [{"document": document_id(s["doc"].value), "title": s["title"].value if s["title"] else None}
            for s in store.query(query_text("lookup-documents-of"), {"e": e})]
    return Description(m.iri, m.label, m.type, names, docs, facts, milestones_of(store, m.iri))


def milestones_of(store, iri: str) -> list[dict]:
    """A project's milestones in time order (undated last), as the ready question `milestones` gives them."""
    from .sparql.questions import rows

    keys = ("date", "stage", "stage_zh", "planned", "date_text", "evidence", "document")
    return [{k: r.get(k) for k in keys} for r in rows(store, "milestones", project=iri)]


def _drop_unevidenced_duplicates(facts: list[Statement]) -> list[Statement]:
    """A fact stated with evidence needs no second row without it (the same triple from reference data)."""
    evidenced = {(f.direction, f.predicate, f.other) for f in facts if f.evidence}
    return [f for f in facts if f.evidence or (f.direction, f.predicate, f.other) not in evidenced]


# ---------------------------------------------------------------- connections

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
        return asdict(self)


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
            for query, outward in ((query_text("lookup-edges-out"), True), (query_text("lookup-edges-in"), False)):
                for s in store.query(query, {"n": NamedNode(node)}):
                    other, p = s["x"].value, s["p"].value
                    edge = (node, p, other) if outward else (other, p, node)
                    if edge in seen_edges:
                        continue
                    seen_edges.add(edge)
                    if other not in labels:
                        labels[other] = s["x_label"].value
                        nxt.append(other)
                    out.append(Edge(d, edge[0], labels[edge[0]], local_name(p), edge[2], labels[edge[2]]))
        frontier = nxt
    return out
