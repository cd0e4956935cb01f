"""The graph built from the seeds answers the questions a user would check first."""

from __future__ import annotations

import pytest

NARISONG = "准格尔旗纳日松光伏制氢产业示范项目"


def label_of(graph, iri):
    rows = graph.rows('SELECT ?l WHERE { ?e rdfs:label ?l FILTER(lang(?l) = "zh") }', e=iri)
    return rows[0]["l"]


def entity(graph, label):
    rows = graph.rows(
        'SELECT ?e WHERE { { ?e rdfs:label ?name } UNION { ?e skos:altLabel ?name } }', name=label
    )
    assert rows, f"no entity named {label}"
    return rows[0]["e"]


def test_jungar_banner_is_a_banner_in_ordos(seed_graph):
    jungar = entity(seed_graph, "准格尔旗")
    rows = seed_graph.rows('SELECT ?city WHERE { ?b a okg:Banner ; okg:locatedIn ?city . ?city rdfs:label "鄂尔多斯市"@zh }',
                           b=jungar)
    assert rows
    assert seed_graph.rows("SELECT ?t WHERE { ?b a ?t }", b=jungar)[0]["t"].endswith("#Banner")


def test_narisong_project_is_in_jungar_with_its_evidence(seed_graph):
    project = entity(seed_graph, NARISONG)
    jungar = entity(seed_graph, "准格尔旗")
    rows = seed_graph.rows(
        """SELECT ?doc ?sentence WHERE {
             ?st rdf:subject ?p ; rdf:predicate okg:locatedIn ; rdf:object ?b ;
                 okg:evidenceText ?sentence ; prov:wasDerivedFrom ?doc .
             GRAPH ?g { ?p okg:locatedIn ?b } }""",
        p=project,
        b=jungar,
    )
    assert rows, "the locatedIn triple and its evidence record"
    assert any("准格尔旗纳日松光伏制氢" in r["sentence"] for r in rows)
    assert rows[0]["doc"].endswith("/doc/000_0f44c1ebc675fa11")


def test_short_and_full_banner_names_are_one_entity(seed_graph):
    assert entity(seed_graph, "鄂旗") == entity(seed_graph, "鄂托克旗")
    assert label_of(seed_graph, entity(seed_graph, "鄂旗")) == "鄂托克旗"


def test_zhunneng_company_names_are_one_entity(seed_graph):
    names = ["准能集团", "国能准能集团", "神华准能集团", "国能准能公司"]
    assert len({entity(seed_graph, n) for n in names}) == 1


def test_green_ammonia_project_investment_is_39_yi_yuan(seed_graph):
    rows = seed_graph.rows(
        """SELECT ?label ?v WHERE { ?p okg:investment ?v ; rdfs:label ?label .
           FILTER(lang(?label) = "zh" && CONTAINS(?label, "绿氨")) }"""
    )
    assert [r["v"] for r in rows] == [3_900_000_000]


def test_money_already_spent_is_kept_apart_from_the_total(seed_graph):
    project = entity(seed_graph, NARISONG)
    rows = seed_graph.rows("SELECT ?total ?done WHERE { OPTIONAL { ?p okg:investment ?total } "
                           "OPTIONAL { ?p okg:investmentCompleted ?done } }", p=project)
    assert rows[0]["done"] == 2_002_000_000
    assert rows[0]["total"] is None


def test_every_entity_has_one_chinese_label_and_a_core_type(seed_graph):
    rows = seed_graph.rows(
        """SELECT ?e (COUNT(DISTINCT ?l) AS ?n) WHERE {
             GRAPH <https://w3id.org/ordos-kg/resource/graph/entities> { ?e a ?t ; rdfs:label ?l FILTER(lang(?l) = "zh") }
           } GROUP BY ?e HAVING (COUNT(DISTINCT ?l) != 1)"""
    )
    assert rows == []


def test_documents_carry_title_source_and_script(seed_graph):
    rows = seed_graph.rows("SELECT ?d ?title ?source ?script WHERE { ?d a okg:Document ; dcterms:title ?title ; "
                           "okg:script ?script OPTIONAL { ?d dcterms:source ?source } }")
    assert len(rows) == 5
    assert all(r["script"] == "simplified" for r in rows)
    assert {r["source"] for r in rows} >= {"数据来源：中共准格尔旗委宣传部"}


def test_graph_conforms_to_the_shapes(seed_graph):
    from kg.store.validate import validate_store

    conforms, report = validate_store(seed_graph.store)
    assert conforms, report


@pytest.mark.parametrize("fmt", ["ttl", "nt", "trig", "nq", "jsonld"])
def test_export_formats_parse_back(seed_graph, fmt):
    import rdflib

    from kg.store.export import export_graph

    data = export_graph(seed_graph.store, fmt)
    rdflib_fmt = {"ttl": "turtle", "nt": "nt", "trig": "trig", "nq": "nquads", "jsonld": "json-ld"}[fmt]
    g = rdflib.Dataset() if fmt in {"trig", "nq", "jsonld"} else rdflib.Graph()
    g.parse(data=data, format=rdflib_fmt)
    assert len(g) > 0 or sum(len(c) for c in g.contexts()) > 1000
