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
    """The whole graph in `fmt`: ttl and nt merge the named graphs, trig, nq and jsonld keep them apart."""
    from pyoxigraph import Triple

    from ..format import rdf_bytes

    if fmt not in {"ttl", "nt"} | QUAD_FORMATS:
        raise KGError(f"unknown export format {fmt!r}")
    quads = store_quads(store)
    if fmt in QUAD_FORMATS:
        return rdf_bytes(quads, fmt)
    return rdf_bytes({Triple(q.subject, q.predicate, q.object) for q in quads}, fmt)
