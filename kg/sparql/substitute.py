"""Parameters written into a query as constants, where that means what binding them means.

A parameter bound by a VALUES block at the top of the WHERE clause (kg/sparql/text.py `bind`)
is a join to Oxigraph's planner, not a constant: a sub-SELECT that aggregates over every
entity is evaluated in full before the join keeps the one row asked for (`product-makers`
ran 30 s at 10,000 articles with the product bound so). Written into the query instead, the
constant restricts each pattern where it stands.

The query is read by a SPARQL lexer (the terminals of the SPARQL 1.1 grammar: IRIs, prefixed
names, strings, variables, comments; nothing inside a string, an IRI or a comment is ever a
variable) and its SELECT levels are followed, since a sub-SELECT's variable is its own unless
the sub-SELECT projects it. The parameter is replaced by its term (written by pyoxigraph,
N-Triples syntax) wherever it is used as a term in a pattern, an expression or a template; in
the top SELECT's projection it becomes `(term AS ?name)`, and a sub-SELECT that projects it
no longer does (the constant joins it already). Where the variable is anything else (assigned
with AS, listed in VALUES, grouped or ordered by, projected by SELECT *, described), nothing
is substituted and the VALUES binding is used. The result is parsed by Oxigraph's own parser
before it is used; if it does not parse, the VALUES binding is used.
"""

from __future__ import annotations

import re
from functools import lru_cache

_TOKEN = re.compile(r"""
    (?P<ws>\s+)
  | (?P<comment>\#[^\n]*)
  | (?P<string>'''(?:[^'\\]|\\.|'(?!''))*'''|\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"|'(?:[^'\\\n\r]|\\.)*'|"(?:[^"\\\n\r]|\\.)*")
  | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
  | (?P<var>[?$][\w\u00B7\u0300-\u036F\u203F\u2040]+)
  | (?P<langtag>@[A-Za-z]+(?:-[A-Za-z0-9]+)*)
  | (?P<pname>(?:[A-Za-z\u00C0-\uFFFF][\w.\-\u00B7]*)?:(?:[\w\-:%\u00B7.]*[\w\-:%\u00B7])?)
  | (?P<word>[A-Za-z_][\w]*)
  | (?P<number>[0-9]*\.?[0-9]+(?:[eE][+-]?[0-9]+)?)
  | (?P<punct>\^\^|\|\||&&|!=|<=|>=|.)
""", re.VERBOSE | re.DOTALL)

_AFTER_WHERE = {"GROUP", "ORDER", "HAVING", "LIMIT", "OFFSET", "VALUES"}


class _Refuse(Exception):
    """The variable is used in a way a constant cannot stand for: bind by VALUES."""


def tokens(sparql: str) -> list[tuple[str, str]]:
    """(kind, text) for every token of the query, whitespace and comments included."""
    out = []
    for m in _TOKEN.finditer(sparql):
        out.append((m.lastgroup or "punct", m.group()))
    return out


def substitute(sparql: str, bindings: dict) -> str | None:
    """The query with each bound variable written as its term, or None where that would not
    mean what binding by VALUES means (see the module docstring)."""
    if not bindings:
        return sparql
    return _substitute(sparql, tuple((name, str(term)) for name, term in bindings.items()))


@lru_cache(maxsize=512)
def _substitute(sparql: str, items: tuple[tuple[str, str], ...]) -> str | None:
    toks = tokens(sparql)
    try:
        for name, term in items:
            toks = tokens("".join(t for _, t in _one(toks, name, term)))
    except _Refuse:
        return None
    text = "".join(t for _, t in toks)
    return text if _parses(text) else None


def _parses(text: str) -> bool:
    from pyoxigraph import Store

    from ..vocab import PREFIXES

    try:
        Store().query(text, prefixes=PREFIXES)
    except SyntaxError:
        return False
    return True


def _one(toks: list[tuple[str, str]], name: str, term: str) -> list[tuple[str, str]]:
    """Substitute one variable, level by level of SELECT."""
    code = [i for i, (k, _) in enumerate(toks) if k not in ("ws", "comment")]
    words = {i: toks[i][1].upper() for i in code if toks[i][0] == "word"}
    is_var = {i for i in code if toks[i][0] == "var" and toks[i][1][1:] == name}
    if not is_var:
        return toks
    form = next((words[i] for i in code if words.get(i) in ("SELECT", "CONSTRUCT", "ASK", "DESCRIBE")), None)
    if form == "DESCRIBE":
        raise _Refuse
    # the extent of every SELECT: its own tokens up to the brace that closes the group holding it
    pos = {i: n for n, i in enumerate(code)}
    close_of: dict[int, int] = {}
    stack: list[int] = []
    for i in code:
        if toks[i][1] == "{":
            stack.append(i)
        elif toks[i][1] == "}" and stack:
            close_of[stack.pop()] = i
    selects = []
    for i in code:
        if words.get(i) == "SELECT":
            n = pos[i]
            opener = code[n - 1] if n and toks[code[n - 1]][1] == "{" else None
            selects.append((i, close_of.get(opener, len(toks)) if opener is not None else len(toks)))
    replace: dict[int, str] = {}
    values = _values_spans(toks, code, words, close_of)

    def level(start: int, end: int, projected_top: bool) -> None:
        """Tokens of the SELECT at `start` up to `end`, the variable being the parameter here."""
        inner = [(s, e) for s, e in selects if start < s < end]
        outermost = [(s, e) for s, e in inner if not any(s2 < s and e <= e2 for s2, e2 in inner if (s2, e2) != (s, e))]
        # the projection: from SELECT to WHERE or the first brace
        proj_end = next(i for i in code if i > start and (words.get(i) == "WHERE" or toks[i][1] == "{"))
        proj = [i for i in code if start < i < proj_end]
        if any(toks[i][1] == "*" for i in proj):
            raise _Refuse
        where_open = proj_end if toks[proj_end][1] == "{" else next(i for i in code if i > proj_end and toks[i][1] == "{")
        where_close = close_of[where_open]
        for i in proj:
            if i in is_var:
                if pos[i] and words.get(code[pos[i] - 1]) == "AS":
                    raise _Refuse
                depth = sum(1 for j in proj if j < i and toks[j][1] == "(") - sum(1 for j in proj if j < i and toks[j][1] == ")")
                if depth:  # inside a projected expression: a use, like any other
                    replace[i] = term
                elif projected_top:
                    replace[i] = f"({term} AS ?{name})"
                elif sum(1 for j in proj if toks[j][0] == "var" and not _in_parens(toks, proj, j)) + \
                        sum(1 for j in proj if words.get(j) == "AS") > 1:
                    replace[i] = ""  # a sub-SELECT projects it no longer: the constant joins it already
                else:
                    raise _Refuse
        for i in code:
            if not where_open < i < where_close or i not in is_var or any(s <= i < e for s, e in outermost):
                continue
            prev = words.get(code[pos[i] - 1])
            if prev == "AS" or any(a < i <= b for a, b in values):
                raise _Refuse
            replace[i] = term
        after = [i for i in code if where_close < i < end]
        for i in after:
            if i not in is_var:
                continue
            clause = next((words[j] for j in reversed(after) if j < i and words.get(j) in _AFTER_WHERE), None)
            keys = _group_keys(toks, after, words) if clause == "GROUP" and not projected_top else []
            if i in keys and len(keys) > 1:
                replace[i] = ""  # a sub-SELECT grouped by it as well: one group per constant, the same groups
            else:
                raise _Refuse  # ORDER BY, HAVING, VALUES after the WHERE clause, or the top SELECT's GROUP BY
        for s, e in outermost:
            mentions = [i for i in is_var if s < i < e]
            if not mentions:
                continue
            sub_proj_end = next(i for i in code if i > s and (words.get(i) == "WHERE" or toks[i][1] == "{"))
            if any(s < i < sub_proj_end and not _in_parens(toks, [j for j in code if s < j < sub_proj_end], i)
                   for i in mentions):
                level(s, e, False)  # projected: the same variable inside
            # otherwise the sub-SELECT's own variable of that name: left alone

    if form == "SELECT":
        top_start, top_end = selects[0]
        level(top_start, top_end, True)
    else:  # CONSTRUCT (template and WHERE) or ASK: every use outside sub-SELECTs is a use
        for i in is_var:
            if any(s <= i < e for s, e in selects):
                raise _Refuse
            if words.get(code[pos[i] - 1]) == "AS" or any(a < i <= b for a, b in values):
                raise _Refuse
            replace[i] = term
    return [(k, replace[i]) if i in replace else (k, t) for i, (k, t) in enumerate(toks)]


def _in_parens(toks, span: list[int], i: int) -> bool:
    before = [j for j in span if j < i]
    return sum(toks[j][1] == "(" for j in before) > sum(toks[j][1] == ")" for j in before)


def _group_keys(toks, after: list[int], words) -> list[int]:
    """The plain variables a GROUP BY clause lists (none when it groups by an expression)."""
    start = next((j for j in after if words.get(j) == "GROUP"), None)
    if start is None:
        return []
    out = []
    for j in after:
        if j <= start or words.get(j) == "BY":
            continue
        if words.get(j) in _AFTER_WHERE:
            break
        if toks[j][0] != "var":
            return []
        out.append(j)
    return out


def _values_spans(toks, code, words, close_of) -> list[tuple[int, int]]:
    """(VALUES keyword, the brace closing its data) of every VALUES block."""
    spans = []
    for i in code:
        if words.get(i) == "VALUES":
            opener = next((j for j in code if j > i and toks[j][1] == "{"), None)
            spans.append((i, close_of.get(opener, len(toks)) if opener is not None else len(toks)))
    return spans


__all__ = ["substitute", "tokens"]
