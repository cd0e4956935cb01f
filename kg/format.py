"""Output formats, in one place at the edge: aligned tables for Chinese text, CSV/TSV, the W3C result
formats, RDF serialisations, money as a Chinese reader writes it. The CLI, the evaluation report and
the views format with these; the library returns rows, dicts and graphs."""

from __future__ import annotations

import csv
import io
import json
import re
import unicodedata

SELECT_FORMATS = ("table", "csv", "tsv", "json", "xml")
GRAPH_FORMATS = ("ttl", "nt", "jsonld")


#: What must not reach a terminal raw: C0 and C1 controls (ESC starts escape sequences, BEL rings),
#: DEL, and the bidi controls that reorder what is shown (U+202A–U+202E, U+2066–U+2069).
_UNSAFE = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
#: Characters XML 1.0 cannot hold at all, not even as character references.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def terminal_safe(text: str) -> str:
    """Text for a terminal: control and bidi characters shown as escapes (\\x1b, \\u202e); newlines kept."""
    return _UNSAFE.sub(lambda m: f"\\x{ord(m.group()):02x}" if ord(m.group()) < 0x100 else f"\\u{ord(m.group()):04x}",
                       text)


def xml_safe(text: str) -> str:
    """XML output with the characters XML 1.0 forbids replaced by U+FFFD, so that it stays well-formed."""
    return _NOT_XML.sub("\ufffd", text)


def display_width(text: str) -> int:
    """Columns a string takes in a terminal: CJK characters take two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 0 if unicodedata.combining(c) else 1 for c in text)


def _pad(text: str, width: int, right: bool = False) -> str:
    gap = " " * max(0, width - display_width(text))
    return gap + text if right else text + gap


def table(columns: list[str], rows: list[list], max_width: int | None = 60, left: int | None = None,
          count: bool = True) -> str:
    """A plain-text table whose columns line up even with Chinese text, every cell safe for a terminal.

    Numbers are right-aligned and text left-aligned; with `left`, the first `left` columns (heading
    too) are left-aligned and the others right-aligned. Cells longer than `max_width` columns are
    cut with "…" (None: never). `count` adds a line with the number of rows."""

    def cell(v) -> str:
        s = "" if v is None else str(v)
        s = terminal_safe(s.replace("\n", " "))
        if max_width is not None and display_width(s) > max_width:
            out, w = "", 0
            for c in s:
                cw = display_width(c)
                if w + cw > max_width - 1:
                    break
                out += c
                w += cw
            s = out + "…"
        return s

    columns = [terminal_safe(c) for c in columns]
    body = [[cell(v) for v in r] for r in rows]
    widths = [max([display_width(c)] + [display_width(r[i]) for r in body]) for i, c in enumerate(columns)]
    if left is None:
        right = [bool(rows) and all(isinstance(r[i], (int, float)) for r in rows if r[i] is not None)
                 for i in range(len(columns))]
        heading = [False] * len(columns)
    else:
        right = heading = [i >= left for i in range(len(columns))]
    lines = [
        "  ".join(_pad(c, w, heading[i]) for i, (c, w) in enumerate(zip(columns, widths))).rstrip(),
        "  ".join("─" * w for w in widths),
    ]
    for r in body:
        lines.append("  ".join(_pad(v, w, right[i]) for i, (v, w) in enumerate(zip(r, widths))).rstrip())
    if count:
        lines.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(lines)


def grid(columns: list[str], rows: list[list], left: int = 1) -> str:
    """A table of figures (`kg eval`, `kg rules`): the first `left` columns left-aligned, the others
    right-aligned, nothing cut, no row count."""
    return table(columns, rows, max_width=None, left=left, count=False)


def delimited(columns: list[str], rows: list[list], delimiter: str) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=delimiter, lineterminator="\n")
    w.writerow(columns)
    for r in rows:
        w.writerow(["" if v is None else v for v in r])
    return buf.getvalue()


def format_solutions(solutions, fmt: str) -> str:
    """SELECT results in one of SELECT_FORMATS."""
    from pyoxigraph import QueryResultsFormat

    from .sparql.terms import term_value

    if fmt in ("json", "xml"):
        f = QueryResultsFormat.JSON if fmt == "json" else QueryResultsFormat.XML
        data = solutions.serialize(format=f).decode("utf-8")
        if fmt == "json":
            return json.dumps(json.loads(data), ensure_ascii=False, indent=1)
        return xml_safe(data)
    columns = [v.value for v in solutions.variables]
    rows = [[term_value(s[c]) for c in columns] for s in solutions]
    if fmt == "table":
        return table(columns, rows)
    return delimited(columns, rows, "," if fmt == "csv" else "\t").rstrip("\n")


def format_result(result, fmt: str | None) -> tuple[str, str | bool]:
    """("boolean", the answer) for ASK; ("text", the result in `fmt`) for the others: SELECT in one of
    SELECT_FORMATS (default table), CONSTRUCT and DESCRIBE in one of GRAPH_FORMATS (default ttl)."""
    from .errors import QueryError
    from .sparql.terms import result_kind

    kind = result_kind(result)
    if kind == "boolean":
        return "boolean", bool(result)
    if kind == "triples":
        if fmt not in (None, *GRAPH_FORMATS):
            raise QueryError(f"--format {fmt} is for SELECT; CONSTRUCT and DESCRIBE give {', '.join(GRAPH_FORMATS)}")
        return "text", format_triples(result, fmt or "ttl")
    if fmt not in (None, *SELECT_FORMATS):
        raise QueryError(f"--format {fmt} is for CONSTRUCT and DESCRIBE; SELECT gives {', '.join(SELECT_FORMATS)}")
    return "text", format_solutions(result, fmt or "table")


def rdf_bytes(items, fmt: str) -> bytes:
    """Triples (ttl, nt, jsonld) or quads (trig, nq, jsonld) serialised; Turtle and TriG with the
    usual prefixes."""
    from pyoxigraph import RdfFormat, serialize

    from .vocab import turtle_prefixes

    formats = {"ttl": RdfFormat.TURTLE, "nt": RdfFormat.N_TRIPLES, "trig": RdfFormat.TRIG,
               "nq": RdfFormat.N_QUADS, "jsonld": RdfFormat.JSON_LD}
    kwargs = {"prefixes": turtle_prefixes()} if fmt in ("ttl", "trig") else {}
    return serialize(list(items), format=formats[fmt], **kwargs) or b""


def format_triples(triples, fmt: str) -> str:
    """CONSTRUCT/DESCRIBE results as Turtle, N-Triples or JSON-LD."""
    return rdf_bytes(triples, fmt).decode("utf-8")


def money(yuan) -> str:
    """Yuan as a Chinese reader writes it: 3900000000 -> '39亿元'."""
    v = float(yuan)
    for unit, size in (("亿元", 1e8), ("万元", 1e4)):
        if abs(v) >= size:
            return f"{v / size:,.2f}".rstrip("0").rstrip(".") + unit
    return f"{v:,.0f}元"
