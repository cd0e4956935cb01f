"""Adding articles to a graph: only what they change is written, in one transaction.

An ingest
1. reads the articles and asks the store only about them: which stored documents have the
   ids they could take (kg/identity.py) and which have the same text. An article whose text
   is in the graph already is left alone and reported unchanged;
2. extracts the others and resolves their mentions against the stored entities that the
   names index (kg/store/names.py) says they could join, not against every entity;
3. writes one change (kg/store `Change`): the graphs of the articles it replaces dropped,
   the entities that no article mentions any more taken out, the new articles' graphs and
   the entity triples the graph does not hold yet added; the store writes it in one
   transaction (the embedded store into a checkpoint it then makes current), so a failed or
   killed ingest leaves the graph as it was.

What it reads and writes grows with the articles ingested, not with the graph.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from .errors import DocumentError

# Past this many files, the stored documents are read in one query rather than looked up one by one.
ONE_BY_ONE = 64

DOCUMENTS = """
SELECT ?id ?path ?sha WHERE {
  GRAPH ?g { ?d a okg:Document OPTIONAL { ?d okg:sourcePath ?path } OPTIONAL { ?d okg:sha256 ?sha } }
  BIND(STRAFTER(STR(?d), "/doc/") AS ?id)
}"""


def ingest(store, paths: Iterable[str | Path], progress=None):
    """Add the articles at `paths` to the graph in `store` (see the module docstring); a BuildReport."""
    from .api import BuildReport, _nothing_read, find_documents, read_documents
    from .extraction import extract_documents
    from .graph import document_graph
    from .resolve import resolve, stored_candidates
    from .stories import stories
    from .store import Change

    report = BuildReport()
    paths = list(paths)
    stored = _stored_documents(store, find_documents(paths))
    docs = read_documents(paths, report, progress, {i: path for i, (path, _) in stored.items()})
    if not docs:
        raise DocumentError(_nothing_read(report))
    holders = _holders(store, {d.sha256 for d in docs}, stored)
    fresh, read = [], list(report.documents)
    report.documents.clear()
    for d, path in zip(docs, read):
        if d.sha256 in holders:  # the same text is in the graph: nothing to do
            report.unchanged.append((path, holders[d.sha256]))
        else:
            fresh.append(d)
            report.documents.append(path)
    if not fresh:
        return report
    facts = extract_documents(fresh, progress)
    index = store.names()
    known = stored_candidates(facts, index)
    ex = resolve(facts, known=known, taken=index)
    ex.stories = stories({d.id: d.fingerprint for d in fresh})  # reposts among the new articles
    ex.report = report
    replaced = [d.id for d in fresh if d.id in stored]
    quads = _new_quads(store, ex)
    change = Change(graphs=[document_graph(i).value for i in replaced], orphans=_orphans(store, replaced, ex, quads),
                    quads=quads, index=index, entities=all_entities(ex))
    store.apply(change)
    report.entities, report.relations, report.quads = len(ex.entities), len(ex.relations), len(quads)
    return report


def all_entities(ex) -> list:
    """The extraction's entities and the divisions the graph adds above them (a town's banner
    when no article names it), as kg/graph.py writes them: what the names index holds."""
    from .graph import division_quads

    entities = list(ex.entities)
    for _ in division_quads(entities):  # it appends the divisions it adds
        pass
    return entities


def _okg(name: str):
    from pyoxigraph import NamedNode

    from .vocab import OKG

    return NamedNode(OKG + name)


def _stored_documents(store, files: list[Path]) -> dict[str, tuple[str, str]]:
    """{id: (source path, sha256)} of the stored documents whose ids these files could take."""
    from .graph import document_graph, document_iri
    from .identity import file_hash, stem_id

    if len(files) > ONE_BY_ONE:
        return {r["id"].value: (r["path"].value if r["path"] else "", r["sha"].value if r["sha"] else "")
                for r in store.query(DOCUMENTS)}
    out = {}
    for f in files:
        stem, h = stem_id(f), file_hash(f)
        for doc_id in dict.fromkeys((stem, f"{stem}-{h[:8] or 'x'}", f"{stem}-{h[:16]}")):
            found = {q.predicate.value.rsplit("#", 1)[-1]: q.object.value
                     for q in store.pattern(document_iri(doc_id), None, None, document_graph(doc_id))}
            if found:
                out[doc_id] = (found.get("sourcePath", ""), found.get("sha256", ""))
    return out


def _holders(store, shas: set[str], stored: dict[str, tuple[str, str]]) -> dict[str, str]:
    """{sha256: id} of the stored documents with one of these texts."""
    from pyoxigraph import Literal

    if len(stored) > ONE_BY_ONE:  # every stored document was read already
        return {sha: doc_id for doc_id, (_, sha) in stored.items() if sha in shas}
    out = {}
    for sha in shas:
        for q in store.pattern(None, _okg("sha256"), Literal(sha), None):
            out[sha] = q.subject.value.rsplit("/doc/", 1)[-1]
    return out


def _new_quads(store, ex) -> list:
    """The quads of the new articles, less those the graph holds already outside their own graphs
    (the triples of the stored entities they mention, sectors, the division tree), looked up by
    subject."""
    from .graph import document_graph, iter_quads

    quads = list(iter_quads(ex, with_ontology=False))
    own = {document_graph(d.id) for d in ex.documents}
    pairs = {(q.subject, q.graph_name) for q in quads if q.graph_name not in own}
    held = {q for s, g in pairs for q in store.pattern(s, None, None, g)}
    return [q for q in quads if q not in held]


def _orphans(store, replaced: list[str], ex, quads) -> list[str]:
    """Entities that only the replaced versions of articles mentioned, and that neither the new
    articles nor the division tree hold: they leave the graph."""
    from pyoxigraph import NamedNode

    from .graph import DIVISION_GRAPH, document_graph

    mentioned = _okg("mentionedIn")
    graphs = {document_graph(d) for d in replaced}
    before = {q.subject.value for g in graphs for q in store.pattern(None, mentioned, None, g)}
    kept = {e.id for e in ex.entities} | {q.subject.value for q in quads if isinstance(q.subject, NamedNode)}
    out = []
    for iri in sorted(before - kept):
        e = NamedNode(iri)
        elsewhere = any(q.graph_name not in graphs for q in store.pattern(e, mentioned, None, None))
        if not elsewhere and not any(store.pattern(e, None, None, DIVISION_GRAPH)) \
                and not any(store.pattern(None, None, e, DIVISION_GRAPH)):
            out.append(iri)
    return out
