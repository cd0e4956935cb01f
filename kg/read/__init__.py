"""Reading documents: bytes in, a cleaned simplified-Chinese view with offsets out.

A news page arrives in some encoding, maybe in traditional script with pinyin glosses, with page
clutter, repeated paragraphs and words broken across lines, maybe as a saved web page. Extraction
works on one cleaned, simplified *analysis text*; every character of it remembers where it came
from, so that offsets and evidence always refer to the text as read. What was left out is counted
by kind in `Document.removed`.

Bounds: a file of more than MAX_FILE_BYTES or a text of more than MAX_TEXT_CHARS is refused with
DocumentTooLargeError; no sentence is longer than MAX_SENTENCE characters (longer runs are cut at a
clause mark), so that extraction stays linear in the input.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from array import array
from collections.abc import Sequence
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import DocumentError, DocumentTooLargeError
from .decode import decode, decode_counting, texty
from .html import is_html, page_view
from .layout import SENTENCE_END, SKIP, clean, clutter_kind, find_source_line, find_title, is_body, is_clutter, lines
from .script import T2S_EXTRA, detect_script, find_glosses, to_simplified

__all__ = [
    "Document", "Sentence", "read_document", "read_text", "split_sentences", "document_id", "analysis_view",
    "decode", "to_simplified", "detect_script", "find_glosses", "is_clutter", "clutter_kind", "find_title",
    "find_source_line", "T2S_EXTRA", "MAX_FILE_BYTES", "MAX_TEXT_CHARS", "MAX_SENTENCE",
]

#: Files larger than this are refused before they are read (a saved page with inline images is
#: a few MB; its text far less).
MAX_FILE_BYTES = 64 * 1024 * 1024
#: Characters of text (markup left out) a document may have.
MAX_TEXT_CHARS = 4_000_000
#: Longest sentence handed to extraction; a longer run without a sentence end is cut at a clause mark.
MAX_SENTENCE = 500

CLOSERS = "”’」』）)》】"
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_HARD_SPACE = "\x01"  # a space that separates words even inside Chinese text (where a character was lost)
_LEFT_OUT = "\x00\u200b\ufeff"
#: Runs of the simplified view: text, blanks (spaces among characters left out), hard spaces.
_RUNS = re.compile("[^ \x00\x01\u200b\ufeff]+|[ \x00\u200b\ufeff]+|\x01+")


@dataclass
class Sentence:
    """A sentence of the analysis text, with its place in the text as read."""

    index: int
    start: int  # offsets into Document.text
    end: int
    text: str  # simplified, cleaned
    raw_start: int  # offsets into Document.raw
    raw_end: int
    evidence: str  # the sentence as read, line breaks and invisible characters removed


@dataclass
class Document:
    id: str
    source: str
    raw: str
    encoding: str
    script: str  # "simplified" or "traditional"
    title: str
    source_line: str | None
    text: str  # analysis text: cleaned and simplified
    offsets: Sequence[int]  # offsets[i] = index in raw of text[i] (an array of ints)
    sentences: list[Sentence] = field(default_factory=list)
    sha256: str = ""
    #: What the reader left out of the analysis text, by kind: gloss, byline, share, menu, disclaimer,
    #: links, repeated, script, data_uri, control, invisible, emoji, invalid_bytes, and unplaced (text
    #: nodes of a page that the HTML parser moved and that could not be found again).
    removed: dict[str, int] = field(default_factory=dict)

    def raw_span(self, start: int, end: int) -> tuple[int, int]:
        """Map a span of the analysis text back to the text as read."""
        return self.offsets[start], self.offsets[end - 1] + 1


# ---------------------------------------------------------------- characters


#: Full-width ASCII to ASCII, odd spaces to a plain space; one character in, one out.
_FOLD = {o: o - 0xFEE0 for o in range(0xFF01, 0xFF5F) if chr(o) not in "，；：！？（）"}
_FOLD.update({ord(c): " " for c in "\u3000\u00a0\u2002\u2003\u2009\t"})
_FOLD[ord("\r")] = "\n"


def _is_emoji(c: str) -> bool:
    o = ord(c)
    if 0x1F000 <= o <= 0x1FAFF or (0x2600 <= o <= 0x27BF and not 0x2776 <= o <= 0x2793) or 0x2B00 <= o <= 0x2BFF:
        return unicodedata.category(c) in {"So", "Sk"}
    return False


_ODD = re.compile(
    "[\x01-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u206f\ufe00-\ufe0f\ufeff\ufffd"
    "\u20e3\u2600-\u27bf\u2b00-\u2bff\U0001f000-\U0001faff\U000e0000-\U000e007f]"
)


#: A terminal's escape sequences (colours, titles): left out whole, not only their ESC.
_ESCAPES = re.compile(r"\x1b(?:\[[0-9;:?<=>]{0,32}[ -/]{0,4}[@-~]|\][^\x07\x1b]{0,256}(?:\x07|\x1b\\)|[@-Z\\-_])")


def _normalise(view: str, removed: Counter) -> str:
    """Control characters (and terminal escape sequences), zero-width and bidi characters and
    emoji left out; same length."""
    if not _ODD.search(view):
        return view
    escapes = [m.span() for m in _ESCAPES.finditer(view)]
    if escapes:
        removed["control"] += len(escapes)
        view = "".join(_pieces_replaced(view, ((a, b, SKIP * (b - a)) for a, b in escapes)))
    return "".join(_pieces_replaced(view, _odd_characters(view, removed)))


def _odd_characters(view: str, removed: Counter):
    """(start, end, replacement) for each character to leave out."""
    prev_emoji = -2
    for m in _ODD.finditer(view):
        i = m.start()
        c = view[i]
        if c == SKIP:
            continue
        if _is_emoji(c) or (c in "\ufe0e\ufe0f\u200d\u20e3" and prev_emoji == i - 1) or 0x1F3FB <= ord(c) <= 0x1F3FF:
            if prev_emoji != i - 1:
                removed["emoji"] += 1  # a run counts once
            prev_emoji = i
            yield i, i + 1, SKIP
            continue
        cat = unicodedata.category(c)
        if c == "\ufffd":
            yield i, i + 1, _HARD_SPACE  # a character lost in decoding: a word ends there
        elif cat == "Cc":
            removed["control"] += 1
            yield i, i + 1, SKIP
        elif cat in {"Cf", "Mn", "Me"} or c == "\u180e":
            removed["invisible"] += 1
            yield i, i + 1, SKIP


def _pieces_replaced(text: str, replacements):
    """`text` in pieces, with each (start, end, replacement) in order put in place."""
    last = 0
    for a, b, r in replacements:
        yield text[last:a]
        yield r
        last = b
    yield text[last:]


def _clean_evidence(text: str) -> str:
    """Evidence as read, without the characters a terminal or an XML document must not get."""
    if text.isprintable():
        return text
    text = _ESCAPES.sub("", text)
    return "".join(c for c in text if not (unicodedata.category(c) in {"Cc", "Cf", "Cs"} and c not in "\n\t"))


# ---------------------------------------------------------------- the analysis text


def analysis_view(raw: str, removed: Counter | None = None) -> tuple[str, Sequence[int], str]:
    """The cleaned, simplified text, its offsets into `raw`, and the script of `raw`."""
    text, offsets, script, _, _ = _analyse(raw, Counter() if removed is None else removed)
    return text, offsets, script


def _analyse(raw: str, removed: Counter):
    """analysis_view's text, offsets and script; the whole text in place, simplified, before lines
    are dropped (markup and glosses as SKIP); and a page's <title>."""
    if is_html(raw):
        page, title, links = page_view(raw, removed)
    else:
        page, title, links = raw.replace(SKIP, " "), None, None
    view = _normalise(page, removed)
    folded = view.translate(_FOLD)
    glosses = find_glosses(folded)
    if glosses:
        removed["gloss"] += len(glosses)
        parts, last = [], 0
        for s, e in glosses:
            parts.append(folded[last:s])
            parts.append(SKIP * (e - s))
            last = e
        parts.append(folded[last:])
        folded = "".join(parts)
    # convert the text without what is left out, so that OpenCC sees words whole (發(fā)展 as 發展)
    kept = folded.replace(SKIP, "")
    simple_kept = to_simplified(kept)
    if SKIP in folded:
        parts, k = [], 0
        for piece in re.split("(\x00+)", folded):
            if piece.startswith(SKIP):
                parts.append(piece)
            else:
                parts.append(simple_kept[k : k + len(piece)])
                k += len(piece)
        simplified = "".join(parts)
    else:
        simplified = simple_kept
    script = detect_script(kept, simple_kept)
    pieces: list[str] = []
    offsets = array("q")
    last = ""  # the last character put into the analysis text

    def add_span(s: int, e: int, long_line: bool) -> None:
        nonlocal last
        text = simplified
        for m in _RUNS.finditer(text, s, e):
            a, b = m.span()
            run = m.group()
            c = run[0]
            if c == _HARD_SPACE or " " in run:
                if c != _HARD_SPACE and long_line and _CJK.match(last or "a") and b < e and _CJK.match(text[b]):
                    continue  # a stray space inside Chinese text (研发投 人): read past it
                if last and last != " ":
                    pieces.append(" ")
                    offsets.append(a + max(0, run.find(" ")))
                    last = " "
            elif c not in _LEFT_OUT:
                pieces.append(run)
                offsets.extend(range(a, b))
                last = run[-1]

    for para in clean(simplified, removed, links):
        s, e = para[0], para[1]
        if pieces:
            pieces.append("\n")
            offsets.append(s - 1 if s > 0 else 0)
            last = "\n"
        add_span(s, e, is_body(simplified[s:e].replace(SKIP, "")))
        for s2, e2 in para[2:]:
            add_span(s2, e2, True)
    return "".join(pieces), offsets, script, simplified, title


# ---------------------------------------------------------------- sentences


def split_sentences(doc: Document) -> list[Sentence]:
    """Sentences of the analysis text: split at 。！？； and line ends, closing quotes kept; a run
    longer than MAX_SENTENCE is cut at its last clause mark (or at the bound)."""
    text = doc.text
    out: list[Sentence] = []
    start = 0
    i = 0
    n = len(text)
    while i < n:
        c = text[i]
        end = None
        if c == "\n":
            end = i
            nxt = i + 1
        elif c in SENTENCE_END or (c == "…" and i + 1 < n and text[i + 1] == "…"):
            j = i + 1
            while j < n and (text[j] in CLOSERS or text[j] in "…"):
                j += 1
            end = j
            nxt = j
        elif i - start >= MAX_SENTENCE:
            cut = max(text.rfind(p, start + MAX_SENTENCE // 2, i) for p in "，,、：:；")
            end = nxt = (cut + 1) if cut > start else i
        if end is not None:
            _add_sentence(doc, out, start, end)
            start = nxt
            i = nxt
            continue
        i += 1
    _add_sentence(doc, out, start, n)
    return out


def _add_sentence(doc: Document, out: list[Sentence], s: int, e: int) -> None:
    while s < e and doc.text[s] in " \n":
        s += 1
    while e > s and doc.text[e - 1] in " \n":
        e -= 1
    if e - s < 2:
        return
    rs, re_ = doc.raw_span(s, e)
    evidence = re.sub(r"\s*\n\s*", "", doc.raw[rs:re_]).strip()
    if "<" in evidence or "&" in evidence:
        import html

        evidence = html.unescape(re.sub(r"<[^<>]*>", "", evidence)).replace("\xa0", " ").strip()
    out.append(Sentence(len(out), s, e, doc.text[s:e], rs, re_, _clean_evidence(evidence)))


# ---------------------------------------------------------------- entry points


def document_id(path: Path) -> str:
    """A readable, stable id: the file name without its extension, made IRI-safe."""
    stem = path.stem if path.suffix.lower() in {".txt", ".md", ".html", ".htm", ".text"} else path.name
    return re.sub(r"[^\w\-.]", "_", stem) or "document"


def read_text(raw: str, source: str, doc_id: str, encoding: str = "utf-8", meta: dict | None = None,
              removed: Counter | None = None) -> Document:
    """Make a Document of already-decoded text."""
    meta = meta or {}
    removed = Counter() if removed is None else removed
    if not raw.strip():
        raise DocumentError(f"{source}: the document is empty")
    if len(raw) > MAX_FILE_BYTES:
        raise DocumentTooLargeError(f"{source}: {len(raw):,} characters, more than the {MAX_FILE_BYTES:,} a document may have; split it into several files")
    text, offsets, script, view, html_title = _analyse(raw, removed)
    if len(text) > MAX_TEXT_CHARS:
        raise DocumentTooLargeError(f"{source}: {len(text):,} characters of text, more than the {MAX_TEXT_CHARS:,} a document may have; split it into several files")
    if not _CJK.search(text):
        raise DocumentError(f"{source}: no Chinese text in it")
    text_lines = [text[s:e] for s, e in lines(text)]
    plain = view.replace(SKIP, "")
    plain_lines = lines(plain)
    raw_lines = [plain[s:e] for s, e in plain_lines[:8] + plain_lines[-12:]]  # 来源 lines are clutter in the text
    if html_title and not meta.get("title") and len(html_title) >= 4:
        meta = dict(meta, title=to_simplified(re.split(r"\s*[-_|－—]\s*", html_title.strip())[0]))
    doc = Document(
        id=doc_id,
        source=source,
        raw=raw,
        encoding=encoding,
        script=meta.get("script") or script,
        title=meta.get("title") or find_title(text_lines),
        source_line=meta.get("source_line") or find_source_line(raw_lines),
        text=text,
        offsets=offsets,
        sha256=hashlib.sha256(raw.encode("utf-8", errors="surrogatepass")).hexdigest(),
    )
    doc.sentences = split_sentences(doc)
    doc.removed = {k: v for k, v in sorted(removed.items()) if v}
    return doc


def read_document(path: str | Path, doc_id: str | None = None, meta: dict | None = None) -> Document:
    """Read one article from disk, whatever its encoding and script."""
    p = Path(path)
    try:
        size = p.stat().st_size
        if size > MAX_FILE_BYTES:
            raise DocumentTooLargeError(f"{path}: {size:,} bytes, more than the {MAX_FILE_BYTES:,} a document may have; split it into several files")
        data = p.read_bytes()
    except FileNotFoundError:
        raise DocumentError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise DocumentError(f"{path}: is a directory") from None
    except OSError as e:
        raise DocumentError(f"{path}: cannot be read ({e.strerror})") from e
    if not data.strip():
        raise DocumentError(f"{path}: the document is empty")
    try:
        raw, encoding, bad = decode_counting(data)
    except DocumentError as e:
        reason = "binary data, not a text document" if b"\x00" in data else str(e)
        raise DocumentError(f"{path}: {reason}") from None
    if "\x00" in raw or texty(raw) < 0.8:
        raise DocumentError(f"{path}: binary data, not a text document")
    nfc = unicodedata.normalize("NFC", raw)
    raw = nfc if len(nfc) == len(raw) else raw
    removed: Counter = Counter()
    if bad:
        removed["invalid_bytes"] = bad
    return read_text(raw, str(path), doc_id or document_id(p), encoding, meta, removed)
