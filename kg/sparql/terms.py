"""RDF terms and Python values: a value bound to a query variable, a result row read back."""

from __future__ import annotations

from decimal import Decimal

from ..vocab import XSD

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


def result_kind(result) -> str:
    """What a query gave, the one place that tells: "boolean" (ASK), "triples" (CONSTRUCT, DESCRIBE)
    or "rows" (SELECT)."""
    from pyoxigraph import QueryBoolean, QuerySolutions, QueryTriples

    if isinstance(result, QueryBoolean):
        return "boolean"
    if isinstance(result, QueryTriples):
        return "triples"
    if isinstance(result, QuerySolutions):
        return "rows"
    raise TypeError(f"not a query result: {type(result)!r}")
