"""The graph's vocabulary, in one place: namespaces, the named graphs, SPEC.md's core types and
relations, and the two SKOS schemes (project stages, sectors). Plain strings and tuples, so that
importing it costs nothing; the classes and properties themselves are declared in data/ontology.ttl
(tests/test_ontology.py keeps the two together).
"""

from __future__ import annotations

from dataclasses import dataclass

# ------------------------------------------------------------------ namespaces

OKG = "https://w3id.org/ordos-kg/ontology#"
RESOURCE = "https://w3id.org/ordos-kg/resource/"
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
SKOS = "http://www.w3.org/2004/02/skos/core#"
PROV = "http://www.w3.org/ns/prov#"
DCT = "http://purl.org/dc/terms/"
XSD = "http://www.w3.org/2001/XMLSchema#"
OWL = "http://www.w3.org/2002/07/owl#"

#: Prefixes every query may use without declaring them.
PREFIXES = {
    "okg": OKG, "res": RESOURCE, "rdf": RDF, "rdfs": RDFS, "skos": SKOS, "prov": PROV,
    "dcterms": DCT, "xsd": XSD, "owl": OWL,
}


def turtle_prefixes() -> dict[str, str]:
    """Prefixes for writing Turtle: without res:, whose local names (Banner/杭锦旗) would need escaped slashes."""
    return {k: v for k, v in PREFIXES.items() if k != "res"}


#: The named graphs every build writes (one more per document: GRAPHS + "doc/<id>").
GRAPHS = RESOURCE + "graph/"
ONTOLOGY_GRAPH = GRAPHS + "ontology"
ENTITIES_GRAPH = GRAPHS + "entities"
DIVISIONS_GRAPH = GRAPHS + "divisions"
DOCUMENTS = RESOURCE + "doc/"


def local_name(iri: str | None) -> str:
    """The last part of an IRI: okg:Banner -> Banner, res:Banner/准格尔旗 -> 准格尔旗."""
    return "" if iri is None else iri.rsplit("#", 1)[-1].rstrip("/").rsplit("/", 1)[-1]


def document_id(iri: str | None) -> str | None:
    """A document's id from its IRI (res:doc/<id>)."""
    return iri.rsplit("/doc/", 1)[-1] if iri else None


# ------------------------------------------------------------------ core types and relations (SPEC.md)

CORE_TYPES = (
    "Region", "City", "Banner", "Town", "Village", "IndustrialPark", "Company", "ResearchInstitution",
    "GovernmentAgency", "Alliance", "Project", "Technology", "Product", "Person", "Place",
)
#: Kinds of okg:AdministrativeDivision.
DIVISION_TYPES = frozenset(CORE_TYPES[:5])
#: Kinds of okg:Organization.
ORGANIZATION_TYPES = frozenset(CORE_TYPES[6:10])

#: Relations between two entities.
RELATIONS = ("locatedIn", "operatedBy", "subsidiaryOf", "collaboratesWith", "memberOf",
             "usesTechnology", "develops", "produces")
#: Relations whose object is a quantity.
QUANTITY_RELATIONS = ("investment", "capacity")
CORE_PREDICATES = RELATIONS + QUANTITY_RELATIONS
SYMMETRIC = frozenset({"collaboratesWith"})
#: The relations organisations hold among themselves.
ORGANIZATION_RELATIONS = frozenset({"collaboratesWith", "memberOf", "subsidiaryOf"})

# ------------------------------------------------------------------ the scheme okg:ProjectStage

#: Each stage of a project, in the order a project passes them, with its Chinese and English names.
STAGE_NAMES: dict[str, tuple[str, str]] = {key: (zh, en) for key, zh, en in (
    ("Signed", "签约", "Signed"),
    ("Approved", "核准", "Approved"),
    ("ConstructionStarted", "开工", "Construction started"),
    ("Completed", "建成", "Completed"),
    ("InOperation", "投产", "In operation"),
    ("GridConnected", "并网", "Grid-connected"),
    ("FullCapacity", "达产", "At full capacity"),
)}
STAGES = tuple(STAGE_NAMES)

# ------------------------------------------------------------------ the scheme of sectors (okg:sector)


@dataclass(frozen=True)
class Sector:
    """An industrial sector a project can be in (kg/sectors.py says which words put it there)."""

    key: str
    zh: str
    en: str

    @property
    def iri(self) -> str:
        return OKG + "".join(part.title() for part in self.key.split("-")) + "Sector"


SECTORS: dict[str, Sector] = {s.key: s for s in (
    Sector("hydrogen", "氢能", "Hydrogen"),
    Sector("photovoltaics", "光伏", "Photovoltaics"),
    Sector("coal-chemicals", "煤化工", "Coal chemicals"),
    Sector("new-materials", "新材料", "New materials"),
    Sector("agriculture", "农牧业", "Agriculture and herding"),
    Sector("ecology", "生态", "Ecology"),
)}
