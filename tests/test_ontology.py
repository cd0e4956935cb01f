"""The ontology and the graph agree: everything the builder writes is declared, in both languages."""

from __future__ import annotations

from pathlib import Path

import rdflib

ROOT = Path(__file__).resolve().parent.parent
OKG = rdflib.Namespace("https://w3id.org/ordos-kg/ontology#")


def ontology():
    return rdflib.Graph().parse(ROOT / "kg" / "data" / "ontology.ttl")


def test_the_top_level_ontology_is_the_packaged_one():
    assert (ROOT / "ontology.ttl").resolve() == (ROOT / "kg" / "data" / "ontology.ttl").resolve()


def test_every_class_and_property_the_graph_uses_is_declared_with_chinese_and_english_labels(seed_graph):
    g = ontology()
    used = {r["t"] for r in seed_graph.rows(
        "SELECT DISTINCT ?t WHERE { { ?s a ?t } UNION { ?s ?t ?o } FILTER(STRSTARTS(STR(?t), STR(okg:))) }")}
    assert used
    for term in used:
        ref = rdflib.URIRef(term)
        langs = {lit.language for lit in g.objects(ref, rdflib.RDFS.label)}
        assert {"zh", "en"} <= langs, f"{term} lacks a @zh or @en label"
        assert (ref, None, None) in g, f"{term} is not declared in ontology.ttl"


def test_core_types_and_relations_of_spec_are_declared():
    g = ontology()
    for name in ("Region City Banner Town Village IndustrialPark Company ResearchInstitution GovernmentAgency "
                 "Alliance Project Technology Product Person Place AdministrativeDivision Organization").split():
        assert (OKG[name], rdflib.RDF.type, rdflib.OWL.Class) in g
    for name in "locatedIn operatedBy subsidiaryOf collaboratesWith memberOf usesTechnology develops produces capacity".split():
        assert (OKG[name], rdflib.RDF.type, rdflib.OWL.ObjectProperty) in g
    assert (OKG.investment, rdflib.RDF.type, rdflib.OWL.DatatypeProperty) in g
    assert (OKG.collaboratesWith, rdflib.RDF.type, rdflib.OWL.SymmetricProperty) in g
