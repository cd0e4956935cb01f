"""Reading SPARQL text without a parser: what kind of request it is, what it mentions,
and where to put a VALUES clause. Strings, IRIs and comments are masked first, so a
keyword inside a literal or an IRI never counts.

Used by the endpoint (to refuse updates, SERVICE and LOAD before anything runs), by the
remote store (to declare the usual prefixes, which a server does not know), and by both stores
to bind parameters (`bind`).
"""

from __future__ import annotations

import re

from ..errors import QueryError

UPDATE_FORMS = ("INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD", "WITH")

_IRIREF = re.compile(r"<[^<>\"{}|^`\\\x00-\x20]*>")
_CODEPOINT = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
_PROLOGUE = re.compile(r"\s*(?:(?:PREFIX\s+[^\s:]*:\s*|BASE\s+)\s*)*", re.IGNORECASE)
_WORD = re.compile(r"[A-Za-z]+")


def unescape_codepoints(text: str) -> str:
    r"""SPARQL processes \uXXXX and \UXXXXXXXX escapes before parsing; so must any check."""

    def one(m: re.Match) -> str:
        try:
            return chr(int(m.group(1) or m.group(2), 16))
        except (ValueError, OverflowError):
            return m.group(0)

    return _CODEPOINT.sub(one, text)


def mask(text: str) -> str:
    """The text with strings, IRIs and comments replaced by spaces (same length, same positions)."""
    out = list(text)
    i, n = 0, len(text)

    def blank(a: int, b: int) -> None:
        for k in range(a, b):
            if out[k] != "\n":
                out[k] = " "

    while i < n:
        c = text[i]
        if c == "#":
            j = text.find("\n", i)
            j = n if j < 0 else j
            blank(i, j)
            i = j
        elif c in "\"'":
            if text.startswith(c * 3, i):
                j = i + 3
                while j < n and not text.startswith(c * 3, j):
                    j += 2 if text[j] == "\\" else 1
                j = min(n, j + 3)
            else:
                j = i + 1
                while j < n and text[j] != c and text[j] != "\n":
                    j += 2 if text[j] == "\\" else 1
                j = min(n, j + 1)
            blank(i, j)
            i = j
        elif c == "\\":  # outside strings only in a prefixed name's local part (ex:a\#b): skip what it escapes
            i += 2
        elif c == "<":
            m = _IRIREF.match(text, i)
            if m:
                blank(i, m.end())
                i = m.end()
            else:
                i += 1
        else:
            i += 1
    return "".join(out)


def keyword(name: str) -> re.Pattern:
    """A SPARQL keyword as a token: not part of a variable, a prefixed name or a longer word."""
    return re.compile(rf"(?<![\w:?$]){name}(?![\w:])", re.IGNORECASE)


def form(text: str) -> str | None:
    """The first keyword after the prologue, upper-cased: SELECT, ASK, ..., or INSERT, DROP, ..."""
    masked = mask(unescape_codepoints(text))
    m = _PROLOGUE.match(masked)
    w = _WORD.match(masked, m.end() if m else 0)
    return w.group(0).upper() if w else None


def is_update(text: str) -> bool:
    return form(text) in UPDATE_FORMS


def mentions(text: str, word: str) -> bool:
    """Whether a keyword (SERVICE, LOAD, ...) occurs as a token outside strings, IRIs and comments."""
    return bool(keyword(word).search(mask(unescape_codepoints(text))))


def declared_prefixes(text: str) -> set[str]:
    return {m.group(1) for m in re.finditer(r"(?i)(?<![\w:?$])PREFIX\s+([^\s:]*):", mask(text))}


def with_prefixes(text: str, prefixes: dict[str, str]) -> str:
    """The query with PREFIX lines for the predeclared prefixes it does not declare itself."""
    declared = declared_prefixes(text)
    decls = [f"PREFIX {p}: <{iri}>" for p, iri in prefixes.items() if p not in declared]
    return " ".join(decls) + "\n" + text if decls else text


def shift_lines(message: str, by: int) -> str:
    """A parser's message with its line numbers moved back by the lines `with_prefixes` added."""
    if not by:
        return message
    fix = lambda m: f"{m.group(1)}{max(1, int(m.group(2)) - by)}"  # noqa: E731
    return re.sub(r"(\bat |\bline )(\d+)(?=[:,])", fix, message)


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
        raise QueryError("cannot bind parameters: the query has no WHERE clause")
    return sparql[: at + 1] + block + sparql[at + 1 :]


def _where_brace(q: str) -> int | None:
    """Index of the '{' that opens the WHERE clause: the first brace outside strings, IRIs and
    comments, after a CONSTRUCT template if there is one."""
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
