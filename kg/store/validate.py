"""Checking the graph against the SHACL shapes of the core, with pySHACL."""

from __future__ import annotations

from importlib import resources


def validate_store(store) -> tuple[bool, str]:
    """(conforms, report text) for the union of the store's graphs."""
    from pyoxigraph import RdfFormat, serialize

    from .export import store_quads

    quads = store_quads(store)
    data = serialize([q.triple for q in quads], format=RdfFormat.N_TRIPLES)
    return validate_ntriples(data)


def validate_ntriples(data: bytes) -> tuple[bool, str]:
    import rdflib
    from pyshacl import validate

    g = rdflib.Graph()
    g.parse(data=data, format="nt")
    shapes = rdflib.Graph().parse(data=resources.files("kg").joinpath("data/shapes.ttl").read_bytes(), format="turtle")
    ont = rdflib.Graph().parse(data=resources.files("kg").joinpath("data/ontology.ttl").read_bytes(), format="turtle")
    conforms, _, text = validate(g, shacl_graph=shapes, ont_graph=ont, inference="none", allow_warnings=True)
    return bool(conforms), text
