"""Asking the graph: SPARQL results as Python values, parameters bound safely, statistics."""

from __future__ import annotations

import re
from decimal import Decimal

from .vocab import XSD

_NUMERIC = {XSD + t for t in ("integer", "int", "long", "short", "nonNegativeInteger", "positiveInteger")}
_DECIMAL = {XSD + "decimal"}
_FLOAT = {XSD + "double", XSD + "float"}


def to_term(value):
    """A Python value as an RDF term, for binding to a query variable (never pasted into the text)."""
    from pyoxigraph import BlankNode, Literal, NamedNode

    if isinstance(value, (NamedNode, Literal, BlankNode)):
        return value
    if isinstance(value, bool):
        return Literal(str(value).lower(), datatype=NamedNode(XSD + "boolean"))
    if isinstance(value, int):
        return Literal(str(value), datatype=NamedNode(XSD + "integer"))
    if isinstance(value, (float, Decimal)):
        return Literal(str(value), datatype=NamedNode(XSD + "decimal"))
    text = str(value)
    if text.startswith(("http://", "https://")):
        return NamedNode(text)
    return Literal(text, language="zh") if any("\u4e00" <= c <= "\u9fff" for c in text) else Literal(text)


def term_value(term):
    """An RDF term as a Python value: numbers as numbers, everything else as text."""
    if term is None:
        return None
    from pyoxigraph import Literal

    if isinstance(term, Literal):
        dt = term.datatype.value if term.datatype is not None else ""
        try:
            if dt in _NUMERIC:
                return int(term.value)
            if dt in _DECIMAL:
                d = Decimal(term.value)
                return int(d) if d == d.to_integral() else float(d)
            if dt in _FLOAT:
                return float(term.value)
        except (ValueError, ArithmeticError):
            return term.value
        if dt == XSD + "boolean":
            return term.value == "true"
        return term.value
    return term.value


def solutions_to_rows(solutions) -> list[dict]:
    names = [v.value for v in solutions.variables]
    return [{n: term_value(s[n]) for n in names} for s in solutions]


STATS_QUERIES = {
    "entities_per_type": """
        SELECT ?type (COUNT(DISTINCT ?e) AS ?n) WHERE {
          GRAPH <https://w3id.org/ordos-kg/resource/graph/entities> { ?e a ?t }
          BIND(STRAFTER(STR(?t), "#") AS ?type)
        } GROUP BY ?type ORDER BY DESC(?n) ?type""",
    "triples_per_property": """
        SELECT ?property (COUNT(*) AS ?n) WHERE {
          GRAPH ?g { ?s ?p ?o }
          FILTER(STRSTARTS(STR(?g), "https://w3id.org/ordos-kg/resource/graph/")
                 && ?g != <https://w3id.org/ordos-kg/resource/graph/ontology>)
          BIND(REPLACE(STR(?p), "^.*[#/]", "") AS ?property)
        } GROUP BY ?property ORDER BY DESC(?n) ?property""",
    "per_document": """
        SELECT ?document ?title (COUNT(DISTINCT ?e) AS ?entities) (COUNT(DISTINCT ?ev) AS ?statements) WHERE {
          GRAPH ?g { ?doc a okg:Document ; dcterms:title ?title . }
          OPTIONAL { GRAPH ?g { ?e okg:mentionedIn ?doc } }
          OPTIONAL { GRAPH ?g { ?ev a okg:Evidence } }
          BIND(STRAFTER(STR(?doc), "/doc/") AS ?document)
        } GROUP BY ?document ?title ORDER BY ?document""",
    "stories": """
        SELECT (COUNT(DISTINCT ?doc) AS ?articles) (COUNT(DISTINCT ?story) AS ?stories)
               (COUNT(DISTINCT ?first) AS ?reposted) (COUNT(DISTINCT ?doc) - COUNT(DISTINCT ?story) AS ?reposts_folded) WHERE {
          ?doc a okg:Document
          OPTIONAL { ?doc prov:alternateOf ?first }
          BIND(COALESCE(?first, ?doc) AS ?story)
        }""",
}


def stats(store) -> dict:
    """Entities per type, triples per property, entities and statements per document."""
    return {name: solutions_to_rows(store.query(q)) for name, q in STATS_QUERIES.items()}


def bind(sparql: str, bindings: dict) -> str:
    """Bind variables by a VALUES block at the top of the WHERE clause.

    The values are RDF terms serialised by pyoxigraph (N-Triples syntax, escaped),
    never user text pasted into the query; binding inside the WHERE clause keeps
    the meaning of GROUP BY and aggregates, which a trailing VALUES would not.
    """
    if not bindings:
        return sparql
    names = " ".join("?" + k for k in bindings)
    terms = " ".join(str(v) for v in bindings.values())
    block = f" VALUES ({names}) {{ ({terms}) }} "
    at = _where_brace(sparql)
    if at is None:
        from .errors import QueryError

        raise QueryError("cannot bind parameters: the query has no WHERE clause")
    return sparql[: at + 1] + block + sparql[at + 1 :]


def _where_brace(q: str) -> int | None:
    """Index of the '{' that opens the WHERE clause: the first brace outside strings, IRIs and
    comments, after a CONSTRUCT template if there is one."""
    from .sparql_text import mask

    text = mask(q)
    depth = 0
    skip_template = bool(re.match(r"(?is)\s*(?:(?:PREFIX|BASE)\b[^{]*?>\s*)*CONSTRUCT\s*\{", text))
    for i, c in enumerate(text):
        if c == "{":
            if depth == 0 and not skip_template:
                return i
            depth += 1
        elif c == "}":
            depth -= 1
            if depth == 0 and skip_template:
                skip_template = False
    return None
