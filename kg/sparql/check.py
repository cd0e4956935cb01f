"""The check every query from a user passes before it runs: read-only, nothing fetched from
elsewhere, bounded in size and nesting.

SERVICE is the one construct of a SPARQL query that makes Oxigraph open a connection
(LOAD and the other updates are refused as updates; FROM names a graph of the store,
it fetches nothing). It is found with a real SPARQL parser, rdflib's: the query's parse
tree holds a ServiceGraphPattern or it does not. rdflib's parser costs about 0.15 s to
import and some 40 ms a query, so it runs only when the query's text, \\u escapes
expanded, contains the letters "service" in any case at all: a SERVICE keyword cannot
be written without them, so a query without them needs no parse (the ready questions
never pay). A query that has them and that the parser cannot read is refused, since it
cannot be shown to be safe.

The nesting bound comes before any parser sees the text: Oxigraph's parser recurses,
and 3,000 nested braces overflow its stack. Queries run on a thread with a large stack
(kg/sparql/sandbox.py), so the bounds below leave a wide margin.
"""

from __future__ import annotations

import re

from ..errors import QueryError
from . import text as sparql_text

MAX_DEPTH = 100
MAX_OPERATORS = 20_000
MAX_LENGTH = 500_000

_SERVICE_LETTERS = re.compile("service", re.IGNORECASE)  # re's IGNORECASE folds ſ to s as well
_OPEN, _CLOSE = "{([", "})]"
_OPERATORS = set("{([+-*/!|&=<>^")


class ReadOnlyError(QueryError):
    """An update sent where only queries are answered."""

    hint = "kg build and kg ingest change the graph; a query only reads it"


class ForbiddenQueryError(QueryError):
    """A query that would make the store fetch something from elsewhere."""


class QueryTooLargeError(QueryError):
    """A query past the size or nesting bounds."""


def check(query: str) -> None:
    """Raise unless `query` is a read-only query within the bounds that fetches nothing."""
    if len(query) > MAX_LENGTH:
        raise QueryTooLargeError(f"the query is {len(query):,} characters long; at most {MAX_LENGTH:,} are accepted")
    text = sparql_text.unescape_codepoints(query)
    masked = sparql_text.mask(text)
    depth = deepest = operators = 0
    for c in masked:
        if c in _OPERATORS:
            operators += 1
        if c in _OPEN:
            depth += 1
            deepest = max(deepest, depth)
        elif c in _CLOSE:
            depth -= 1
    if deepest > MAX_DEPTH:
        raise QueryTooLargeError(f"the query nests brackets {deepest} deep; at most {MAX_DEPTH} levels are accepted")
    if operators > MAX_OPERATORS:
        raise QueryTooLargeError(f"the query has {operators:,} brackets and operators; at most {MAX_OPERATORS:,} "
                                 "are accepted")
    form = sparql_text.form(query)
    if form in sparql_text.UPDATE_FORMS:
        raise ReadOnlyError(f"the graph is read-only: {form} is SPARQL Update, and only queries "
                            "(SELECT, ASK, CONSTRUCT, DESCRIBE) are answered here")
    if _SERVICE_LETTERS.search(text):
        found = uses_service(query)
        if found is None:
            raise ForbiddenQueryError("the query contains the word SERVICE and the SPARQL parser that checks for it "
                                      "cannot read the query, so it is not run", hint=_SERVICE_HINT)
        if found:
            raise ForbiddenQueryError("SERVICE is not allowed: Ordos KG answers from its own graph and never fetches "
                                      "anything from elsewhere")


_SERVICE_HINT = "check the query's syntax; a SERVICE call is never run"


def uses_service(query: str) -> bool | None:
    """Whether the query, as rdflib's SPARQL parser reads it, calls a SERVICE; None when the parser
    cannot read it (such a query is not run: it cannot be shown to be safe)."""
    from .sandbox import start_thread

    box: dict = {}
    # On a thread of its own: the parser keeps exceptions (with their frames) in its cache, and the
    # frames of whoever called it would then hold on to query results made later on that thread.
    start_thread(lambda: box.update(found=_parse_for_service(query)), "kg-check").join()
    return box.get("found")


def _parse_for_service(query: str) -> bool | None:
    from pyparsing import ParseBaseException
    from rdflib.plugins.sparql.parser import parseQuery

    try:
        tree = parseQuery(query)
    except (ParseBaseException, RecursionError, ValueError, TypeError):
        return None
    return _has(tree, "ServiceGraphPattern")


def _has(node, name: str) -> bool:
    from rdflib.plugins.sparql.parserutils import CompValue

    stack = [node]
    while stack:
        x = stack.pop()
        if isinstance(x, CompValue):
            if x.name == name:
                return True
            stack.extend(x.values())
        elif isinstance(x, (list, tuple)) or hasattr(x, "as_list"):
            stack.extend(x)
    return False


_POSITION = re.compile(r"error at (\d+):(\d+)")
_PNAME = re.compile(r"(?<![\w?$:.\-\\])([A-Za-z\u00C0-\uFFFF][\w.\-]*)?:(?=[^\s/])")


def syntax_message(message: str, query: str) -> str:
    """Oxigraph's syntax error made short: an unknown prefix is named, and a long list of what the
    parser expected is cut (the line:column stays)."""
    from ..vocab import PREFIXES

    where = _POSITION.search(message)
    at = f" (line {where.group(1)}, column {where.group(2)})" if where else ""
    if "Prefix not found" in message:
        known = set(PREFIXES) | sparql_text.declared_prefixes(query)
        masked = sparql_text.mask(sparql_text.unescape_codepoints(query))
        unknown = [m.group(1) or "" for m in _PNAME.finditer(masked) if (m.group(1) or "") not in known]
        name = f"{unknown[0]}:" if unknown else "a prefix"
        listed = ", ".join(f"{p}:" for p in PREFIXES)
        return (f"the query uses {name} without declaring it{at}; declare it with PREFIX {name} <...>, "
                f"or use a predeclared one: {listed}")
    message = " ".join(message.split())
    if len(message) > 200:
        message = message[:200].rsplit(",", 1)[0] + ", …"
    return f"the query is not valid SPARQL: {message}"
