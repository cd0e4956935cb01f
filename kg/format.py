"""Output formats at the edge: aligned tables for Chinese text, CSV/TSV, and the W3C result formats."""

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


def table(columns: list[str], rows: list[list], max_width: int = 60) -> str:
    """A plain-text table whose columns line up even with Chinese text."""

    def cell(v) -> str:
        s = "" if v is None else str(v)
        s = terminal_safe(s.replace("\n", " "))
        if display_width(s) > max_width:
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
    numeric = [all(isinstance(r[i], (int, float)) for r in rows if r[i] is not None) and rows for i in range(len(columns))]
    lines = [
        "  ".join(_pad(c, w) for c, w in zip(columns, widths)).rstrip(),
        "  ".join("─" * w for w in widths),
    ]
    for r in body:
        lines.append("  ".join(_pad(v, w, bool(numeric[i])) for i, (v, w) in enumerate(zip(r, widths))).rstrip())
    lines.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(lines)


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


def format_triples(triples, fmt: str) -> str:
    """CONSTRUCT/DESCRIBE results as Turtle, N-Triples or JSON-LD."""
    from pyoxigraph import RdfFormat, serialize

    from .vocab import turtle_prefixes

    f = {"ttl": RdfFormat.TURTLE, "nt": RdfFormat.N_TRIPLES, "jsonld": RdfFormat.JSON_LD}[fmt]
    kwargs = {"prefixes": turtle_prefixes()} if fmt == "ttl" else {}
    return serialize(list(triples), format=f, **kwargs).decode("utf-8")


def money(yuan) -> str:
    """Yuan as a Chinese reader writes it: 3900000000 -> '39亿元'."""
    v = float(yuan)
    for unit, size in (("亿元", 1e8), ("万元", 1e4)):
        if abs(v) >= size:
            return f"{v / size:,.2f}".rstrip("0").rstrip(".") + unit
    return f"{v:,.0f}元"
