"""Parameters written in as constants (kg/sparql/substitute.py): only where the variable is the
parameter, never inside a string, an IRI or a comment, never into a sub-SELECT's own variable,
and not at all where a constant cannot stand for it."""

from __future__ import annotations

from pyoxigraph import Literal, NamedNode

from kg.sparql.substitute import substitute

X = NamedNode("https://w3id.org/ordos-kg/resource/Banner/鄂托克旗")


def test_the_parameter_becomes_the_term_in_patterns_and_in_the_projection():
    q = 'SELECT ?x ?p WHERE { ?p okg:locatedIn ?x . FILTER(STR(?x) != "?x") }  # ?x'
    assert substitute(q, {"x": X}) == (f'SELECT ({X} AS ?x) ?p WHERE {{ ?p okg:locatedIn {X} . '
                                       f'FILTER(STR({X}) != "?x") }}  # ?x')


def test_a_sub_select_that_projects_it_gets_the_constant_one_that_does_not_keeps_its_own():
    q = ("SELECT ?p ?n WHERE { { SELECT ?p ?x (COUNT(?d) AS ?n) WHERE { ?p okg:locatedIn ?x ; okg:mentionedIn ?d }"
         " GROUP BY ?p ?x } { SELECT ?q WHERE { ?q okg:locatedIn ?x } } }")
    out = substitute(q, {"x": X})
    assert f"?p okg:locatedIn {X}" in out and "GROUP BY ?p  }" in out and "SELECT ?p  (COUNT" in out
    assert "?q okg:locatedIn ?x" in out  # that ?x is the sub-SELECT's own


def test_where_a_constant_cannot_stand_for_the_variable_nothing_is_substituted():
    assert substitute("SELECT ?p WHERE { ?p okg:investment ?i BIND(?i * 2 AS ?x) }", {"x": Literal("1")}) is None
    assert substitute("SELECT ?p WHERE { ?p okg:locatedIn ?x } ORDER BY ?x", {"x": X}) is None
    assert substitute("SELECT * WHERE { ?p okg:locatedIn ?x }", {"x": X}) is None
    assert substitute("SELECT ?p WHERE { VALUES ?x { 1 } ?p okg:locatedIn ?x }", {"x": X}) is None


def test_a_literal_is_written_by_pyoxigraph_escaped():
    out = substitute('SELECT ?p WHERE { ?p rdfs:label ?x }', {"x": Literal('a" } DROP ALL #')})
    assert out == 'SELECT ?p WHERE { ?p rdfs:label "a\\" } DROP ALL #" }'
