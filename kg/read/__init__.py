"""Reading documents: bytes in, a cleaned simplified-Chinese view with offsets out.

A news page arrives in some encoding, maybe in traditional script, with page
clutter, repeated paragraphs and words broken across lines. Extraction works on
one cleaned, simplified *analysis text*; every character of it remembers where
it came from, so that offsets and evidence always refer to the text as read.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from html.entities import html5
from pathlib import Path

from .errors import DocumentError

#: Characters OpenCC leaves alone (even after folding Hong Kong and Taiwan variants) although
#: mainland text writes them otherwise; found by converting every CJK character (see tests).
T2S_EXTRA = {"堿": "碱", "鹼": "碱", "矽": "硅", "牠": "它", "綫": "线", "裡": "里", "羣": "群", "暱": "昵", "緪": "𫄬"}

SENTENCE_END = "。！？!?；;"
CLOSERS = "”’」』）)》】"
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")

# Lines that belong to the web page rather than to the article. The strong marks
# hardly occur in prose; the weak ones (注册, 技术支持, 登录) do ("在乌审旗注册成立",
# "提供技术支持"), so they mark a line only when it reads as no sentence.
_CLUTTER = re.compile(
    r"ICP备|公网安备|责任编辑|^\s*(?:编辑|审核|校对|监制|作者|来源|记者)[:：]|分享到|扫一扫|打印本页|关闭窗口|【字[体号]|字号[:：]"
    r"|^\s*上一篇|^\s*下一篇|相关新闻|相关阅读|推荐阅读|点击[量数率][:：]|浏览[次量][:：]|阅读原文|返回顶部|javascript"
    r"|https?://|www\.|当前位置|您的位置|^\s*首页|设为首页|加入收藏|【打印】|【关闭】|\[打印\]|\[关闭\]"
    r"|^\s*[|｜/]\s*$",
    re.IGNORECASE,
)
_WEAK_CLUTTER = re.compile(r"技术支持|联系我们|网站地图|关于我们|登录|注册|无障碍|长者模式|编辑[:：]|审核[:：]|扫码|打印|关闭")
_NAV = re.compile(r"^[^。，,；;]{0,80}[>»＞›][^。，,；;]{0,80}$")
_SOURCE = re.compile(r"(?:数据|信息|稿件)?来源[:：]\s*([^\s()（）]{2,40})|[（(]本版图片均?由(.{2,30}?)提供[）)]")
_BYLINE = re.compile(r"记者|通讯员|编辑|摄$|摄影|^[（(].{2,12}[）)]$")


@dataclass
class Sentence:
    """A sentence of the analysis text, with its place in the text as read."""

    index: int
    start: int  # offsets into Document.text
    end: int
    text: str  # simplified, cleaned
    raw_start: int  # offsets into Document.raw
    raw_end: int
    evidence: str  # the sentence as read, line breaks removed


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
    offsets: list[int]  # offsets[i] = index in raw of text[i]
    sentences: list[Sentence] = field(default_factory=list)
    sha256: str = ""

    def raw_span(self, start: int, end: int) -> tuple[int, int]:
        """Map a span of the analysis text back to the text as read."""
        return self.offsets[start], self.offsets[end - 1] + 1


# ---------------------------------------------------------------- decoding


def decode(data: bytes) -> tuple[str, str]:
    """Decode by looking at the bytes, not at the file name."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace"), "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError as e:
            raise DocumentError(f"it starts as UTF-16 but is not valid UTF-16 ({e.reason})") from None
    if len(data) >= 4:
        even_nul = data[0::2].count(0) / max(1, len(data) // 2)
        odd_nul = data[1::2].count(0) / max(1, len(data) // 2)
        if odd_nul > 0.2 or even_nul > 0.2:
            enc = "utf-16-le" if odd_nul > even_nul else "utf-16-be"
            try:
                return data.decode(enc), enc
            except UnicodeDecodeError:
                pass
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    if len(data) % 2 == 0:
        # UTF-16 without a byte-order mark: Chinese text has few zero bytes, so look at what it decodes to
        for enc in ("utf-16-le", "utf-16-be"):
            try:
                text = data.decode(enc)
            except UnicodeDecodeError:
                continue
            if _texty(text) > 0.9 and len(_CJK.findall(text)) > len(text) * 0.3:
                return text, enc
    candidates = []
    for enc in ("gb18030", "big5"):
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        private = sum(1 for c in text if "\ue000" <= c <= "\uf8ff")
        candidates.append((private, enc, text))
    if candidates:
        candidates.sort(key=lambda c: c[0])
        _, enc, text = candidates[0]
        return text, enc
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise DocumentError("cannot tell its character encoding (tried UTF-8, UTF-16, GB18030, Big5)")
    return str(best), best.encoding


# ---------------------------------------------------------------- script


@lru_cache(maxsize=1)
def _converters():
    import opencc

    # Hong Kong and Taiwan variants (衞, 粧, 著 as a particle) to OpenCC's standard traditional, then to simplified
    return [opencc.OpenCC(c) for c in ("hk2t.json", "tw2t.json", "t2s.json")]


def _convert(text: str) -> str:
    for c in _converters():
        text = c.convert(text)
    return text


def to_simplified(text: str) -> str:
    """Simplified script of `text`, character for character (same length)."""
    converted = _convert(text)
    if len(converted) != len(text):
        converted = "".join(c if len(c) == 1 else o for o, c in ((o, _convert(o)) for o in text))
    return "".join(T2S_EXTRA.get(c, c) for c in converted)


def detect_script(text: str, simplified: str) -> str:
    """'traditional' when converting to simplified changes a fair share of the Han characters."""
    han = sum(1 for c in text if _CJK.match(c))
    changed = sum(1 for a, b in zip(text, simplified) if a != b)
    return "traditional" if han and changed / han > 0.03 else "simplified"


def _fold_width(c: str) -> str:
    """Full-width ASCII to ASCII, odd spaces to a plain space; one character in, one out."""
    o = ord(c)
    if 0xFF01 <= o <= 0xFF5E and c not in "，；：！？（）":
        return chr(o - 0xFEE0)
    if c in "\u3000\u00a0\u2002\u2003\u2009\t":
        return " "
    if c == "\r":
        return "\n"
    return c


# ---------------------------------------------------------------- layout repair


def _is_cjk(c: str) -> bool:
    return bool(_CJK.match(c))


def _lines(text: str) -> list[tuple[int, int]]:
    """(start, end) of each non-blank line, stripped."""
    spans = []
    for m in re.finditer(r"[^\n]+", text):
        s, e = m.span()
        while s < e and text[s] in " \u200b\ufeff":
            s += 1
        while e > s and text[e - 1] in " \u200b\ufeff":
            e -= 1
        if e > s:
            spans.append((s, e))
    return spans


_LINKS_HEADER = re.compile(r"^\s*[【\[]?(相关新闻|相关阅读|相关链接|相关文章|推荐阅读|延伸阅读|往期推荐|往期回顾|往期精彩|热点新闻|热门文章|猜你喜欢|更多新闻)[】\]]?\s*[:：]?\s*$")
_BULLET = re.compile(r"^\s*(?:[·•▶►▸◆●○■□\-*>]|\d{1,2}[.、)）])")


def is_clutter(line: str) -> bool:
    """A line of page furniture: navigation, footer, sharing buttons, links."""
    if _CLUTTER.search(line) and not (len(line) > 60 and "。" in line):
        return True
    weak = _WEAK_CLUTTER.search(line)
    if weak and (weak.start() <= 1 or not (len(line) >= 10 and re.search(r"[，,。；;]", line))):
        return True
    if _NAV.match(line) and len(line) < 120:
        return True
    # a line of short words split by separators: "首页 | 新闻 | 政务"
    parts = re.split(r"\s*[|｜·•]\s*|\s{2,}", line)
    return len(parts) >= 4 and all(len(p) <= 6 for p in parts)


def _is_body(line: str) -> bool:
    return len(line) >= 40 and any(p in line for p in "。，,；")


def find_title(lines: list[str]) -> str:
    """The article's headline: a markdown heading, else the last heading-like line before the body."""
    for line in lines[:40]:
        if line.startswith("#"):
            return line.lstrip("# ").strip()
    candidates = []
    for line in lines:
        if _is_body(line):
            break
        if line.startswith(("——", "—", "--")) or _BYLINE.search(line) or len(line) < 6:
            continue
        if line[-1] in "。":
            continue
        candidates.append(line)
    if candidates:
        return max(candidates[-3:], key=len) if len(candidates[-1]) < 8 else candidates[-1]
    first = next((ln for ln in lines if ln), "")
    first = re.split(r"[。！？]", first)[0]
    return first[:40] + ("…" if len(first) > 40 else "")


def find_source_line(lines: list[str]) -> str | None:
    """The source the text itself gives (数据来源：…, 本版图片由…提供)."""
    for line in lines[:8] + lines[-12:]:
        m = _SOURCE.search(line)
        if m:
            return (m.group(1) or m.group(2)).strip("()（）")
    return None


def _clean(view: str) -> list[tuple[int, int]]:
    """Spans of `view` to analyse, in order: clutter and repeats dropped, broken words joined.

    Each returned span is a paragraph; a span starting with a negative start
    means "join with the previous paragraph without a break".
    """
    seen: set[str] = set()
    kept: list[list[int]] = []
    in_links = False  # inside a list of links to other articles (相关新闻, 往期推荐)
    for s, e in _lines(view):
        line = view[s:e]
        if _LINKS_HEADER.match(line):
            in_links = True
            continue
        if in_links:
            if (_is_body(line) and "。" in line and not _BULLET.match(line)) or re.search(r"版权|主办|承办|ICP|公网安备|来源[:：]|编辑[:：]", line):
                in_links = False  # the article goes on, or the page's footer begins
            else:
                continue  # another article's headline: not this article's facts
        if is_clutter(line):
            continue
        key = re.sub(r"\s+", "", line)
        if len(key) >= 12:
            if key in seen:
                continue
            seen.add(key)
        if kept:
            ps, pe = kept[-1][0], kept[-1][1]
            prev = view[ps:pe]
            if (
                len(prev) >= 40
                and _is_body(prev)
                and _is_cjk(prev[-1])
                and (_is_cjk(line[0]) or line[0].isdigit())
                and prev[-1] not in SENTENCE_END
            ):
                kept[-1].append((s, e))  # continuation of a word broken by layout
                continue
        kept.append([s, e])
    return kept


_HTML = re.compile(r"<(html|body|div|p|span|br|a|table|td|li|meta|head|title)\b", re.IGNORECASE)
_HIDDEN = re.compile(r"<(script|style|noscript|template)\b.*?</\1\s*>|<!--.*?-->", re.IGNORECASE | re.DOTALL)
_TAG = re.compile(r"<[^<>]{0,2000}>")
_BLOCK = re.compile(r"<\s*/?\s*(p|div|br|li|tr|h[1-6]|title|section|article|header|footer|ul|ol|table)\b", re.IGNORECASE)
_ENTITY = re.compile(r"&([A-Za-z][A-Za-z0-9]{1,31}|#\d{1,7}|#[xX][0-9a-fA-F]{1,6});")


def _unhtml(text: str) -> str:
    """A saved web page read as text: tags, scripts and styles become blank space, block tags line
    breaks, entities their character; the length stays the same, so offsets still hold."""
    if len(_HTML.findall(text)) < 3:
        return text
    chars = list(text)

    def blank(a: int, b: int, newline: bool) -> None:
        for k in range(a, b):
            chars[k] = " "
        if newline and b > a:
            chars[a] = "\n"

    for m in _HIDDEN.finditer(text):
        blank(m.start(), m.end(), True)
    for m in _TAG.finditer(text):
        if chars[m.start()] == "<":
            blank(m.start(), m.end(), bool(_BLOCK.match(m.group())))
    for m in _ENTITY.finditer(text):
        name = m.group(1)
        code = (int(name[2:], 16) if name[:2] in {"#x", "#X"} else int(name[1:])) if name.startswith("#") else None
        if code is not None and (code == 0 or 0xD800 <= code <= 0xDFFF or code > 0x10FFFF):
            c = " "  # no character: a surrogate or NUL written as an entity
        elif code is not None:
            c = chr(code)
        else:
            c = html5.get(name + ";")  # &ldquo; &rdquo; &emsp; &middot; …
            if c is None:
                continue  # not an entity: leave the text as it is
        c = " " if c in "\u00a0\u2002\u2003\u2009" else c
        for k in range(m.start() + 1, m.end()):
            chars[k] = "\u200b"  # padding that keeps offsets; the analysis text skips it
        chars[m.start()] = c if len(c) == 1 else " "
    return "".join(chars)


def analysis_view(raw: str) -> tuple[str, list[int], str]:
    """The cleaned, simplified text, its offsets into `raw`, and the script of `raw`."""
    folded = "".join(_fold_width(c) for c in _unhtml(raw))
    simplified = to_simplified(folded)
    script = detect_script(folded, simplified)
    chars: list[str] = []
    offsets: list[int] = []

    def add_span(s: int, e: int, long_line: bool) -> None:
        for i in range(s, e):
            c = simplified[i]
            if c in "\u200b\ufeff":
                continue
            if c == " " and long_line:
                # a stray space inside Chinese text (研发投 人): read past it
                prev = chars[-1] if chars else ""
                nxt = simplified[i + 1] if i + 1 < e else ""
                if _is_cjk(prev) and (_is_cjk(nxt) or nxt == " "):
                    continue
            if c == " " and chars and chars[-1] == " ":
                continue
            chars.append(c)
            offsets.append(i)

    for para in _clean(simplified):
        s, e = para[0], para[1]
        if chars:
            chars.append("\n")
            offsets.append(s - 1 if s > 0 else 0)
        add_span(s, e, _is_body(simplified[s:e]))
        for s2, e2 in para[2:]:
            add_span(s2, e2, True)
    return "".join(chars), offsets, script


def split_sentences(doc: Document) -> list[Sentence]:
    """Sentences of the analysis text: split at 。！？； and line ends, closing quotes kept."""
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
    out.append(Sentence(len(out), s, e, doc.text[s:e], rs, re_, evidence))


# ---------------------------------------------------------------- entry points


def document_id(path: Path) -> str:
    """A readable, stable id: the file name without its extension, made IRI-safe."""
    stem = path.stem if path.suffix.lower() in {".txt", ".md", ".html", ".htm", ".text"} else path.name
    return re.sub(r"[^\w\-.]", "_", stem) or "document"


def read_text(raw: str, source: str, doc_id: str, encoding: str = "utf-8", meta: dict | None = None) -> Document:
    """Make a Document of already-decoded text."""
    meta = meta or {}
    if not raw.strip():
        raise DocumentError(f"{source}: the document is empty")
    text, offsets, script = analysis_view(raw)
    if not _CJK.search(text):
        raise DocumentError(f"{source}: no Chinese text in it")
    lines = [text[s:e] for s, e in _lines(text)]
    plain = _unhtml(raw)
    raw_lines = [to_simplified(plain[s:e]) for s, e in _lines(plain)]
    html_title = re.search(r"<title[^>]*>([^<]{4,120})</title>", raw, re.IGNORECASE)
    if html_title and not meta.get("title"):
        meta = dict(meta, title=to_simplified(re.split(r"\s*[-_|－—]\s*", html_title.group(1).strip())[0]))
    doc = Document(
        id=doc_id,
        source=source,
        raw=raw,
        encoding=encoding,
        script=meta.get("script") or script,
        title=meta.get("title") or find_title(lines),
        source_line=meta.get("source_line") or find_source_line(raw_lines),
        text=text,
        offsets=offsets,
        sha256=hashlib.sha256(raw.encode("utf-8")).hexdigest(),
    )
    doc.sentences = split_sentences(doc)
    return doc


def read_document(path: str | Path, doc_id: str | None = None, meta: dict | None = None) -> Document:
    """Read one article from disk, whatever its encoding and script."""
    p = Path(path)
    try:
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
        raw, encoding = decode(data)
    except DocumentError as e:
        reason = "binary data, not a text document" if b"\x00" in data else str(e)
        raise DocumentError(f"{path}: {reason}") from None
    if "\x00" in raw or _texty(raw) < 0.8:
        raise DocumentError(f"{path}: binary data, not a text document")
    raw = unicodedata.normalize("NFC", raw) if len(unicodedata.normalize("NFC", raw)) == len(raw) else raw
    return read_text(raw, str(path), doc_id or document_id(p), encoding, meta)


def _texty(text: str) -> float:
    """Share of characters that belong in a text: letters, digits, punctuation, spaces."""
    if not text:
        return 0.0
    bad = sum(1 for c in text if (unicodedata.category(c) in {"Cc", "Co", "Cn", "Cs"} and c not in "\n\r\t") or c == "\ufffd")
    return 1 - bad / len(text)
