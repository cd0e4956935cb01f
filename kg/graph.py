"""Making RDF: an Extraction becomes quads in named graphs (see docs/rdf-model.md)."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from decimal import Decimal
from functools import lru_cache
from importlib import resources

from pyoxigraph import Literal, NamedNode, Quad

from .divisions import gazetteer
from .resolve import Entity, Extraction, Relation
from .vocab import DCT, DIVISIONS_GRAPH, ENTITIES_GRAPH, OKG, ONTOLOGY_GRAPH, PROV, RDF, RDFS, RESOURCE, SKOS, XSD

ONTOLOGY = NamedNode(ONTOLOGY_GRAPH)
ENTITY_GRAPH = NamedNode(ENTITIES_GRAPH)
DIVISION_GRAPH = NamedNode(DIVISIONS_GRAPH)

A = NamedNode(RDF + "type")
LABEL = NamedNode(RDFS + "label")
ALT = NamedNode(SKOS + "altLabel")


def okg(name: str) -> NamedNode:
    return NamedNode(OKG + name)


def document_iri(doc_id: str) -> NamedNode:
    return NamedNode(RESOURCE + "doc/" + doc_id)


def document_graph(doc_id: str) -> NamedNode:
    return NamedNode(RESOURCE + "graph/doc/" + doc_id)


def zh(text: str) -> Literal:
    return Literal(text, language="zh")


def decimal(value) -> Literal:
    return Literal(format(Decimal(str(value)).normalize(), "f"), datatype=NamedNode(XSD + "decimal"))


def integer(value: int) -> Literal:
    return Literal(str(value), datatype=NamedNode(XSD + "integer"))


@lru_cache(maxsize=4096)
def pinyin(text: str) -> str:
    """Tone-marked pinyin, syllables apart: 准格尔旗 -> 'Zhǔn gé ěr qí'."""
    from pypinyin import Style, lazy_pinyin

    syllables = [s for s in lazy_pinyin(text, style=Style.TONE, errors="default") if s.strip()]
    out = " ".join(syllables)
    return out[:1].upper() + out[1:]


def ontology_quads() -> list[Quad]:
    from pyoxigraph import RdfFormat, parse

    data = resources.files("kg").joinpath("data/ontology.ttl").read_bytes()
    return [Quad(t.subject, t.predicate, t.object, ONTOLOGY) for t in parse(data, format=RdfFormat.TURTLE)]


def entity_quads(e: Entity) -> Iterator[Quad]:
    s = NamedNode(e.id)
    g = ENTITY_GRAPH
    yield Quad(s, A, okg(e.type), g)
    yield Quad(s, LABEL, zh(e.label), g)
    d = gazetteer().lookup(e.label) if e.type in {"Region", "City", "Banner", "Town", "Place"} else None
    official = d.name_pinyin if d is not None and d.name == e.label else ""
    yield Quad(s, LABEL, Literal(official or pinyin(e.label), language="zh-Latn-pinyin"), g)
    for alias in sorted(e.aliases):
        yield Quad(s, ALT, zh(alias), g)
    if e.division_code and not e.division_code.startswith("x"):
        yield Quad(s, okg("divisionCode"), Literal(e.division_code), g)
    if d is not None and d.name_en:
        yield Quad(s, LABEL, Literal(d.name_en, language="en"), g)


def division_quads(entities: list[Entity]) -> Iterator[Quad]:
    """The administrative tree, from reference data, for the divisions the graph names."""
    g = gazetteer()
    by_name = {e.label: e for e in entities if e.type in {"Region", "City", "Banner", "Town"}}
    for e in list(by_name.values()):
        d = g.lookup(e.label)
        if d is None:
            continue
        parent = g.parent(d)
        if parent is None:
            continue
        pe = by_name.get(parent.name)
        if pe is None:
            from .resolve import entity_iri

            pe = Entity(entity_iri(parent.type, parent.name), parent.name, parent.type, set(), [], parent.code)
            by_name[parent.name] = pe
            for q in entity_quads(pe):
                yield q
            entities.append(pe)
        yield Quad(NamedNode(e.id), okg("locatedIn"), NamedNode(pe.id), DIVISION_GRAPH)


def document_quads(ex: Extraction) -> Iterator[Quad]:
    """Per document: the document, what it mentions, what it states, with evidence."""
    docs = {d.id: d for d in ex.documents}
    for d in ex.documents:
        g = document_graph(d.id)
        s = document_iri(d.id)
        yield Quad(s, A, okg("Document"), g)
        yield Quad(s, NamedNode(DCT + "title"), zh(d.title), g)
        if d.source_line:
            yield Quad(s, NamedNode(DCT + "source"), Literal(d.source_line), g)
        yield Quad(s, okg("script"), Literal(d.script), g)
        yield Quad(s, okg("sourcePath"), Literal(d.source), g)
        yield Quad(s, okg("sha256"), Literal(d.sha256), g)
        yield Quad(s, okg("characterCount"), integer(len(d.raw)), g)
        if d.id in ex.stories:  # a repost: one story, several sources
            yield Quad(s, NamedNode(PROV + "alternateOf"), document_iri(ex.stories[d.id]), g)
        if getattr(d, "published", None):
            yield Quad(s, okg("published"), Literal(d.published, datatype=NamedNode(XSD + "date")), g)
    for e in ex.entities:
        for doc_id in sorted({m[0] for m in e.mentions}):
            yield Quad(NamedNode(e.id), okg("mentionedIn"), document_iri(doc_id), document_graph(doc_id))
    counters: dict[str, int] = {}
    rules: dict[str, set[str]] = {}
    tree = division_edges(ex.entities)
    for r in ex.relations:
        if r.document not in docs:
            continue
        # a town in its banner is a reference fact: stated once, in the divisions graph, not in every article
        yield from relation_quads(r, counters, direct=not (r.predicate == "locatedIn" and (r.subject, r.object) in tree))
        if r.rule:
            rules.setdefault(r.document, set()).add(r.rule)
    for doc_id, names in rules.items():
        for name in sorted(names):
            yield from rule_quads(name, document_graph(doc_id))


def division_edges(entities: list[Entity]) -> set[tuple[str, str]]:
    """(division, its parent) as entity IRIs: the locatedIn triples division_quads writes."""
    from .resolve import entity_iri

    g = gazetteer()
    by_name = {e.label: e.id for e in entities if e.type in {"Region", "City", "Banner", "Town"}}
    out = set()
    for name, iri in by_name.items():
        d = g.lookup(name)
        parent = g.parent(d) if d is not None else None
        if parent is not None:
            out.add((iri, by_name.get(parent.name) or entity_iri(parent.type, parent.name)))
    return out


def relation_quads(r: Relation, counters: dict[str, int], direct: bool = True) -> Iterator[Quad]:
    """A relation's evidence record in its document's graph, and the triple itself unless `direct` is false."""
    g = document_graph(r.document)
    s = NamedNode(r.subject)
    p = okg(r.predicate)
    if isinstance(r.object, str):
        o = NamedNode(r.object)
    elif r.predicate == "milestone":
        o = yield from milestone_quads(r, g)
    elif r.predicate == "capacity":
        value, unit = r.object["value"], r.object["unit"]
        slug = hashlib.sha1(f"{r.subject}|{value}|{unit}".encode()).hexdigest()[:12]
        o = NamedNode(RESOURCE + "quantity/" + slug)
        yield Quad(o, A, okg("Quantity"), g)
        yield Quad(o, okg("quantityValue"), decimal(value), g)
        yield Quad(o, okg("unit"), Literal(unit), g)
        yield Quad(o, LABEL, Literal(f"{format(Decimal(str(value)).normalize(), 'f')} {unit}"), g)
    else:
        o = decimal(r.object["value"])
    if direct:
        yield Quad(s, p, o, g)
    n = counters.get(r.document, 0) + 1
    counters[r.document] = n
    ev = NamedNode(f"{RESOURCE}evidence/{r.document}/{n}")
    yield Quad(ev, A, NamedNode(RDF + "Statement"), g)
    yield Quad(ev, A, okg("Evidence"), g)
    yield Quad(ev, NamedNode(RDF + "subject"), s, g)
    yield Quad(ev, NamedNode(RDF + "predicate"), p, g)
    yield Quad(ev, NamedNode(RDF + "object"), o, g)
    yield Quad(ev, okg("evidenceText"), zh(r.evidence), g)
    yield Quad(ev, okg("startOffset"), integer(r.start), g)
    yield Quad(ev, okg("endOffset"), integer(r.end), g)
    yield Quad(ev, NamedNode(PROV + "wasDerivedFrom"), document_iri(r.document), g)
    if r.rule:
        yield Quad(ev, NamedNode(PROV + "wasGeneratedBy"), rule_iri(r.rule), g)


def rule_iri(name: str) -> NamedNode:
    """The activity of applying one rule of the catalogue (kg/extraction/rules.toml), or the trained model:
    res:rule/operatedBy/由X投资建设."""
    from .resolve import entity_iri

    return NamedNode(RESOURCE + "rule/" + "/".join(entity_iri("", part)[len(RESOURCE) + 1 :] for part in name.split("/")))


def rule_quads(name: str, g: NamedNode) -> Iterator[Quad]:
    """The rule an evidence record was generated by, as a PROV activity named for it (its name is an
    identifier, not a Chinese name: no language tag)."""
    node = rule_iri(name)
    yield Quad(node, A, okg("ExtractionRule"), g)
    yield Quad(node, LABEL, Literal(name), g)


def milestone_quads(r: Relation, g: NamedNode):
    """A milestone node (SPEC.md, "Milestones"): its stage, date at the precision given, planned flag."""
    from .dates import xsd_type

    m = r.object
    key = f"{r.subject}|{m['stage']}|{m.get('date')}|{m['planned']}|{m.get('date_text')}"
    o = NamedNode(RESOURCE + "milestone/" + hashlib.sha1(key.encode()).hexdigest()[:12])
    yield Quad(o, A, okg("Milestone"), g)
    yield Quad(o, okg("stage"), okg(m["stage"]), g)
    if m.get("date"):
        yield Quad(o, okg("date"), Literal(m["date"], datatype=NamedNode(XSD + xsd_type(m["date"]))), g)
    elif m.get("date_text"):
        yield Quad(o, okg("dateText"), zh(m["date_text"]), g)
    yield Quad(o, okg("planned"), Literal("true" if m["planned"] else "false", datatype=NamedNode(XSD + "boolean")), g)
    return o


def sector_quads(ex: Extraction) -> Iterator[Quad]:
    """Each project's sectors (kg/sectors.py), from its names, its products and the sentences about it."""
    from .sectors import classify
    from .vocab import SECTORS

    labels = {e.id: e for e in ex.entities}
    products: dict[str, list[str]] = {}
    evidence: dict[str, list[str]] = {}
    for r in ex.relations:
        evidence.setdefault(r.subject, []).append(r.evidence)
        if r.predicate == "produces" and isinstance(r.object, str) and r.object in labels:
            products.setdefault(r.subject, []).append(labels[r.object].label)
    for e in ex.entities:
        if e.type != "Project":
            continue
        for key in classify(e.label, *e.aliases, *products.get(e.id, []), evidence=" ".join(evidence.get(e.id, []))):
            yield Quad(NamedNode(e.id), okg("sector"), NamedNode(SECTORS[key].iri), ENTITY_GRAPH)


def iter_quads(ex: Extraction, with_ontology: bool = True) -> Iterator[Quad]:
    """Every quad of a whole graph built from one Extraction, one at a time (a big graph need not
    be held in memory as quads before it is stored)."""
    if with_ontology:
        yield from ontology_quads()
    entities = list(ex.entities)
    for e in entities:
        yield from entity_quads(e)
    yield from sector_quads(ex)
    yield from division_quads(entities)
    yield from document_quads(ex)


def extraction_quads(ex: Extraction, with_ontology: bool = True) -> list[Quad]:
    """Every quad of a whole graph built from one Extraction."""
    return list(iter_quads(ex, with_ontology))
