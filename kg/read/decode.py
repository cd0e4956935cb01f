"""Bytes to text: the encoding is read from the bytes, never from the file name."""

from __future__ import annotations

import re
import unicodedata

from ..errors import DocumentError

_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
_ASCII = bytes(range(128))

#: At most this share of a UTF-8 document's non-ASCII bytes may be invalid and replaced (a stray
#: byte from a bad copy); in GBK or Big5 text nearly every non-ASCII byte is invalid UTF-8.
MAX_BAD_UTF8_SHARE = 0.01


def decode(data: bytes) -> tuple[str, str]:
    """Decode by looking at the bytes, not at the file name: (text, encoding)."""
    text, encoding, _ = decode_counting(data)
    return text, encoding


def decode_counting(data: bytes) -> tuple[str, str, int]:
    """(text, encoding, bytes replaced): UTF-8 with a few invalid bytes is read as UTF-8, each invalid
    byte becoming U+FFFD and counted, rather than mistaken for another encoding or refused."""
    if data.startswith(b"\xef\xbb\xbf"):
        text, bad = _utf8_replacing(data[3:])
        return text, "utf-8-sig", bad
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), "utf-16", 0
        except UnicodeDecodeError as e:
            raise DocumentError(f"it starts as UTF-16 but is not valid UTF-16 ({e.reason})") from None
    if len(data) >= 4:
        even_nul = data[0::2].count(0) / max(1, len(data) // 2)
        odd_nul = data[1::2].count(0) / max(1, len(data) // 2)
        if odd_nul > 0.2 or even_nul > 0.2:
            enc = "utf-16-le" if odd_nul > even_nul else "utf-16-be"
            try:
                return data.decode(enc), enc, 0
            except UnicodeDecodeError:
                pass
    try:
        return data.decode("utf-8"), "utf-8", 0
    except UnicodeDecodeError:
        pass
    text, bad = _utf8_replacing(data)
    non_ascii = len(data.translate(None, _ASCII)) if bad else 0
    if bad <= non_ascii * MAX_BAD_UTF8_SHARE and _CJK.search(text):
        return text, "utf-8", bad  # a stray byte in a UTF-8 article: replaced, not a reason to refuse it
    if len(data) % 2 == 0:
        # UTF-16 without a byte-order mark: Chinese text has few zero bytes, so look at what it decodes to
        for enc in ("utf-16-le", "utf-16-be"):
            try:
                text = data.decode(enc)
            except UnicodeDecodeError:
                continue
            if texty(text) > 0.9 and len(_CJK.findall(text)) > len(text) * 0.3:
                return text, enc, 0
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
        return text, enc, 0
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise DocumentError("cannot tell its character encoding (tried UTF-8, UTF-16, GB18030, Big5)")
    return str(best), best.encoding, 0


def _utf8_replacing(data: bytes) -> tuple[str, int]:
    """UTF-8 with each invalid byte replaced by U+FFFD, and how many bytes that was."""
    text = data.decode("utf-8", errors="surrogateescape")  # each invalid byte becomes one lone surrogate
    bad = sum(1 for c in text if "\udc80" <= c <= "\udcff") if not text.isascii() else 0
    if bad:
        text = re.sub("[\udc80-\udcff]", "\ufffd", text)
    return text, bad


def texty(text: str) -> float:
    """Share of characters that belong in a text: letters, digits, punctuation, spaces."""
    if not text:
        return 0.0
    bad = sum(1 for c in text if (unicodedata.category(c) in {"Cc", "Co", "Cn", "Cs"} and c not in "\n\r\t") or c == "\ufffd")
    return 1 - bad / len(text)
