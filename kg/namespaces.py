"""The namespaces of the graph, in a module of their own so that querying imports nothing heavy."""

from __future__ import annotations

OKG = "https://w3id.org/ordos-kg/ontology#"
RESOURCE = "https://w3id.org/ordos-kg/resource/"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
PROV = "http://www.w3.org/ns/prov#"
DCT = "http://purl.org/dc/terms/"
XSD = "http://www.w3.org/2001/XMLSchema#"

#: Prefixes every query may use without declaring them.
PREFIXES = {
    "okg": OKG, "res": RESOURCE, "rdf": RDF, "rdfs": RDFS, "skos": SKOS, "prov": PROV,
    "dcterms": DCT, "xsd": XSD, "owl": "http://www.w3.org/2002/07/owl#",
}


def turtle_prefixes() -> dict[str, str]:
    """Prefixes for writing Turtle: without res:, whose local names (Banner/杭锦旗) would need escaped slashes."""
    return {k: v for k, v in PREFIXES.items() if k != "res"}
