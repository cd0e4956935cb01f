"""One vocabulary (kg/vocab.py): the ontology declares it as written there, and no module defines it again."""

from __future__ import annotations

import re
from pathlib import Path

import rdflib

from kg import vocab
from kg.sectors import WORDS, classify

ROOT = Path(__file__).resolve().parent.parent
OKG = rdflib.Namespace(vocab.OKG)
SKOS = rdflib.Namespace(vocab.SKOS)


def ontology():
    return rdflib.Graph().parse(ROOT / "kg" / "data" / "ontology.ttl")


def test_core_types_divisions_and_organisations_are_the_ontologys():
    g = ontology()
    sub = rdflib.RDFS.subClassOf
    assert {str(c).rsplit("#", 1)[-1] for c in g.subjects(sub, OKG.AdministrativeDivision)} >= set(vocab.DIVISION_TYPES)
    assert {str(c).rsplit("#", 1)[-1] for c in g.subjects(sub, OKG.Organization)} >= set(vocab.ORGANIZATION_TYPES)
    for t in vocab.CORE_TYPES:
        assert (OKG[t], rdflib.RDF.type, rdflib.OWL.Class) in g, t
    for r in vocab.RELATIONS:
        assert (OKG[r], rdflib.RDF.type, rdflib.OWL.ObjectProperty) in g, r


def test_stage_and_sector_names_are_the_ontologys_labels():
    g = ontology()

    def labels(term):
        return {lit.language: str(lit) for lit in g.objects(term, SKOS.prefLabel)}

    for key, (zh, en) in vocab.STAGE_NAMES.items():
        assert (OKG[key], SKOS.inScheme, OKG.ProjectStage) in g, key
        assert labels(OKG[key]) == {"zh": zh, "en": en}
    for s in vocab.SECTORS.values():
        term = rdflib.URIRef(s.iri)
        assert str(g.value(term, SKOS.notation)) == s.key
        assert labels(term) == {"zh": s.zh, "en": s.en}


def test_every_sector_has_its_words_and_a_project_can_be_in_two():
    assert set(WORDS) == set(vocab.SECTORS)
    assert classify("某某旗光伏制氢示范项目") == ["hydrogen", "photovoltaics"]


# A definition of the vocabulary anywhere else in the package: a namespace IRI assigned to a name,
# or a tuple/set that lists the core types or the core relations.
_SECOND = [
    re.compile(r'^\s*\w+\s*=\s*"https://w3id\.org/ordos-kg/(ontology#|resource/)"', re.M),
    re.compile(r'^\s*\w+\s*=\s*"http://www\.w3\.org/[^"]*#"', re.M),
    re.compile(r'=\s*[({\[]\s*"Region",\s*"City",\s*"Banner",\s*"Town",\s*"Village",\s*"IndustrialPark",\s*"Company"', re.M),
    re.compile(r'=\s*[({\[]\s*"locatedIn",\s*"operatedBy",\s*"subsidiaryOf"', re.M),
    re.compile(r'=\s*[({\[]\s*"Signed",\s*"Approved",\s*"ConstructionStarted"', re.M),
    re.compile(r'=\s*[({\[]\s*"Company",\s*"ResearchInstitution",\s*"GovernmentAgency",\s*"Alliance"\s*[)}\]]', re.M),
]


def test_no_module_defines_the_vocabulary_again():
    found = []
    for f in sorted((ROOT / "kg").rglob("*.py")):
        if f.name == "vocab.py":
            continue
        text = f.read_text(encoding="utf-8")
        for pattern in _SECOND:
            for m in pattern.finditer(text):
                found.append(f"{f.relative_to(ROOT)}:{text.count(chr(10), 0, m.start()) + 1}")
    assert not found, "defined again outside kg/vocab.py: " + ", ".join(found)
