"""Writing the graph out in the standard RDF formats."""

from __future__ import annotations

from ..errors import KGError

QUAD_FORMATS = {"trig", "nq", "jsonld"}


def store_quads(store):
    """Every quad of the store, read through SPARQL so that remote stores work too."""
    from pyoxigraph import Quad

    rows = store.query("SELECT ?s ?p ?o ?g WHERE { GRAPH ?g { ?s ?p ?o } }")
    return [Quad(r["s"], r["p"], r["o"], r["g"]) for r in rows]


def export_graph(store, fmt: str) -> bytes:
    from pyoxigraph import RdfFormat, Triple, serialize

    from ..vocab import turtle_prefixes

    formats = {"ttl": RdfFormat.TURTLE, "nt": RdfFormat.N_TRIPLES, "trig": RdfFormat.TRIG,
               "nq": RdfFormat.N_QUADS, "jsonld": RdfFormat.JSON_LD}
    if fmt not in formats:
        raise KGError(f"unknown export format {fmt!r}")
    quads = store_quads(store)
    if fmt in QUAD_FORMATS:
        items = quads
    else:
        items = list({Triple(q.subject, q.predicate, q.object) for q in quads})
    kwargs = {"prefixes": turtle_prefixes()} if fmt in {"ttl", "trig"} else {}
    return serialize(items, format=formats[fmt], **kwargs)
