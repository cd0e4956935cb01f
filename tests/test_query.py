"""Binding parameters into SPARQL safely, whatever the query looks like."""

from __future__ import annotations

import pytest

from kg.sparql.terms import to_term
from kg.sparql.text import bind


@pytest.mark.parametrize("query, expected_start", [
    ("SELECT ?e WHERE { ?e rdfs:label ?name }", "SELECT ?e WHERE { VALUES (?name)"),
    ("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", "CONSTRUCT { ?s ?p ?o } WHERE { VALUES (?name)"),
    ('SELECT ?e { ?e rdfs:label "{not a brace}" ; okg:x ?name }', "SELECT ?e { VALUES (?name)"),
    ("# a comment with { a brace\nSELECT ?e WHERE { ?e ?p ?name }",
     "# a comment with { a brace\nSELECT ?e WHERE { VALUES (?name)"),
    ("PREFIX a: <http://x/y#> SELECT * { ?s a:p ?name FILTER(?n < 3) }", "PREFIX a: <http://x/y#> SELECT * { VALUES (?name)"),
    ("CONSTRUCT WHERE { ?s ?p ?name }", "CONSTRUCT WHERE { VALUES (?name)"),
])
def test_values_go_into_the_where_clause(query, expected_start):
    assert bind(query, {"name": to_term("准格尔旗")}).startswith(expected_start)


def test_a_value_cannot_break_out_of_its_literal():
    bound = bind("SELECT * WHERE { ?s ?p ?name }", {"name": to_term('x" } ; DROP ALL ; #')})
    assert '"x\\" } ; DROP ALL ; #"' in bound


def test_bound_values_find_their_rows(seed_graph):
    rows = seed_graph.rows("SELECT ?e WHERE { ?e rdfs:label ?name }", name="鄂托克旗")
    assert rows and rows[0]["e"].endswith("/Banner/鄂托克旗")
    assert seed_graph.rows("SELECT ?e WHERE { ?e rdfs:label ?name }", name='鄂托克旗"@zh } UNION { ?e ?p ?o') == []
