"""Saved web pages: the page's text, blanked around, so that every offset still points into the page.

A real HTML parser (lexbor, through selectolax) decides what is text: scripts, styles, comments,
attributes (and so `data:` URIs), embedded SVG and forms never are. Each text node the parser
reports is then found again in the page as saved, in order, with its character references
(`&ldquo;`, `&#x4e2d;`) matched to the characters they stand for; the page becomes a string of the
same length with its text where it stood and blanks elsewhere. Linear in the page's length.
"""

from __future__ import annotations

import re
from collections import Counter
from html.entities import html5

from .layout import SKIP

#: What marks a document as a web page rather than text that mentions a tag.
_HTML = re.compile(r"<(html|body|div|p|span|br|a|table|td|li|meta|head|title)\b", re.IGNORECASE)

#: Elements whose content is never the article's text.
NON_TEXT = {
    "script", "style", "noscript", "template", "svg", "math", "iframe", "object", "embed", "canvas",
    "video", "audio", "select", "option", "button", "textarea", "input", "head", "form", "map",
}
#: Site menus.
MENUS = {"nav", "menu"}
#: Elements that start a new line of text.
BLOCKS = {
    "p", "div", "br", "li", "tr", "td", "th", "h1", "h2", "h3", "h4", "h5", "h6", "title", "section", "article",
    "header", "footer", "ul", "ol", "table", "blockquote", "pre", "dd", "dt", "dl", "figure", "figcaption",
    "main", "aside", "hr", "center", "address", "caption",
}

_REF = re.compile(r"&(#[xX][0-9a-fA-F]{1,8};?|#[0-9]{1,10};?|[A-Za-z][A-Za-z0-9]{0,31};?)")


def is_html(text: str) -> bool:
    return len(_HTML.findall(text, 0, 200_000)) >= 3


def _reference(m: re.Match) -> str | None:
    """The characters a character reference stands for, as HTML reads it; None if it is no reference."""
    name = m.group(1)
    if name.startswith("#"):
        digits = name[1:].rstrip(";")
        code = int(digits[1:], 16) if digits[:1] in "xX" else int(digits)
        if code == 0 or 0xD800 <= code <= 0xDFFF or code > 0x10FFFF:
            return "\ufffd"
        return chr(code)
    if name in html5:
        return html5[name]
    # legacy references without a semicolon (&nbsp, &amp) read as the longest known prefix
    for n in range(len(name.rstrip(";")), 1, -1):
        if name[:n] in html5 and not name[:n].endswith(";"):
            return html5[name[:n]]
    return None


def _match_at(page: str, i: int, text: str) -> tuple[int, list[tuple[int, int, str]]] | None:
    """Where `text` (a text node, references decoded) ends when it starts at page[i], and the references
    inside it as (start, end, characters); None if it does not start there."""
    if page.startswith(text, i):
        return i + len(text), []  # the usual case: the text as it stands
    refs = []
    j = 0
    n, m = len(page), len(text)
    while j < m:
        if i >= n:
            return None
        # the longest run of literal characters first (most of a node)
        k = 0
        while j + k < m and i + k < n and page[i + k] == text[j + k] and page[i + k] not in "&\r":
            k += 1
        if k:
            i += k
            j += k
            continue
        c = page[i]
        if c == "&":
            r = _REF.match(page, i)
            value = _reference(r) if r else None
            if value is not None and text.startswith(value, j):
                end = r.end()
                if not r.group(1).endswith(";") and not r.group(1).startswith("#"):
                    end = i + 1 + next(n_ for n_ in range(len(r.group(1)), 0, -1) if html5.get(r.group(1)[:n_]) == value)
                refs.append((i, end, value))
                i, j = end, j + len(value)
                continue
            if text[j] == "&":
                i, j = i + 1, j + 1
                continue
            return None
        if c == "\r" and text[j] == "\n":
            i += 2 if i + 1 < n and page[i + 1] == "\n" else 1
            j += 1
            continue
        if c == "\x00" and text[j] == "\ufffd":
            i, j = i + 1, j + 1
            continue
        return None
    return i, refs


#: Places a text node is looked for after the last one placed (tags with no text between them).
_MAX_TRIES = 5000


def _find(page: str, start: int, text: str, budget: list[int]):
    """The first place at or after `start` where the text node `text` stands in the page: right after a
    tag or comment ends (or at `start`); a line break right after a tag may be one the parser dropped.
    `budget` bounds the tries over the whole page, so that text the parser moved costs little."""
    i = start
    for _ in range(_MAX_TRIES):
        if budget[0] <= 0:
            return None
        budget[0] -= 1
        for at in (i, i + 1) if page.startswith("\n", i) else (i,):
            found = _match_at(page, at, text)
            if found is not None:
                return at, found[0], found[1]
        nxt = page.find(">", i)
        if nxt < 0:
            return None
        i = nxt + 1
    return None


def page_view(page: str, removed: Counter | None = None) -> tuple[str, str | None, bytearray]:
    """The page as a same-length string: its text where it stands, a line break where a block begins,
    blanks elsewhere; the page's <title>; and a mask of the characters that are a link's text."""
    from selectolax.lexbor import LexborHTMLParser

    tree = LexborHTMLParser(page)
    title_node = tree.css_first("title")
    title = title_node.text(deep=True).strip() if title_node is not None else None
    out = [SKIP] * len(page)
    budget = [page.count(">") * 4 + 10_000]  # places tried, in all: each '>' a few times
    body_tag = re.compile(r"<body\b[^<>]{0,2000}>", re.IGNORECASE).search(page)
    pos = body_tag.end() if body_tag else 0
    newline = False
    in_link = 0
    links = bytearray(len(page))
    body = tree.body or tree.root
    stack = [body]
    while stack:
        node = stack.pop()
        if node is None:
            continue
        if isinstance(node, tuple):  # leaving a block element or a link
            if node[0] == "a":
                in_link -= 1
            else:
                newline = True
            continue
        stack.append(node.next)
        tag = node.tag
        if tag == "-text":
            text = node.text_content or ""
            if not text.strip():
                continue
            found = _find(page, pos, text, budget)
            if found is None:
                if removed is not None:
                    removed["unplaced"] += 1  # text the parser moved or made up (rare): not the page's
                continue
            s, e, refs = found
            if newline and pos < s:
                out[pos] = "\n"
            newline = False
            out[s:e] = page[s:e]
            if in_link:
                links[s:e] = b"\x01" * (e - s)
            for a, b, value in refs:
                out[a:b] = [value if len(value) == 1 else " "] + [SKIP] * (b - a - 1)
            pos = e
            continue
        if tag in ("-comment", "_comment", "-doctype", "!doctype"):
            continue
        if tag in NON_TEXT:
            if removed is not None and tag in {"script", "style", "svg", "iframe", "object", "embed", "canvas"}:
                removed["script"] += 1
            continue
        if tag in ("rt", "rp"):  # <ruby>建<rt>jiàn</rt></ruby>: a reading, like a bracketed gloss
            if removed is not None and tag == "rt":
                removed["gloss"] += 1
            continue
        if tag in MENUS:
            if removed is not None:
                removed["menu"] += 1
            newline = True
            continue
        if tag in BLOCKS:
            newline = True
            stack.append((tag,))
        elif tag == "a":
            in_link += 1
            stack.append(("a",))
        stack.append(node.child)
    if removed is not None and (n := data_uris(page)):
        removed["data_uri"] += n
    return "".join(out), title, links


def data_uris(page: str) -> int:
    """How many `data:` URIs a page carries (images inlined as base64, say)."""
    return len(re.findall(r"""["'\s=(]data:[a-z]""", page[:50_000_000], re.IGNORECASE))
