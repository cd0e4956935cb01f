"""Fuzzing the reader with Hypothesis: any text, page or bytes give a Document or a DocumentError,
and what comes out keeps the reader's promises (offsets into the text as read, bounded sentences,
no control or invisible characters). Bounded: a fixed number of examples, each under a deadline."""

from __future__ import annotations

import unicodedata

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kg.errors import DocumentError
from kg.read import MAX_SENTENCE, read_text, to_simplified
from kg.read.decode import decode_counting

# pieces real pages are made of, and pieces that broke readers before
PIECES = [
    "鄂托克旗", "內蒙古", "有限公司", "投資建設", "項目", "總投資18億元", "綠(lǜ)", "計(jì)", "項（xiàng）", "發(ㄈㄚ)",
    "(MW)", "(2023)", "（以下简称“青岚”）", "。", "，", "；", "\n", "\n\n", " ", "\u3000", "“", "”",
    "<p>", "</p>", "<div class='a'>", "</div>", "<br>", "<script>", "</script>", "<style>", "<!--", "-->",
    "<img src=\"data:image/png;base64,AAAA\">", "<title>", "</title>", "<html>", "<body>", "&ldquo;", "&amp;",
    "&#x4e2d;", "&#0;", "&nbsp", "&", "<", ">", "\x1b[31m", "\x07", "\x00", "\u200b", "\u202e", "\ufeff",
    "🚀", "🔥🔥", "\ufe0f", "\ufffd", "责任编辑：张三", "分享到：", "首页 > 新闻", "相关新闻", "·", "原标题：",
]
texts = st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=8)), max_size=60).map("".join)

FUZZ = settings(max_examples=150, deadline=2000, suppress_health_check=[HealthCheck.too_slow], derandomize=True)


def _check(raw: str) -> None:
    try:
        doc = read_text(raw, "fuzz.txt", "fuzz")
    except DocumentError:
        return
    assert len(doc.offsets) == len(doc.text)
    for i, c in enumerate(doc.text):
        o = doc.offsets[i]
        assert 0 <= o < len(raw)
        if "\u4e00" <= c <= "\u9fff" and "\u4e00" <= raw[o] <= "\u9fff":
            assert to_simplified(raw[o]) == c or to_simplified(c) == c  # the character it came from
    for s in doc.sentences:
        assert 0 < len(s.text) <= MAX_SENTENCE
        assert 0 <= s.raw_start < s.raw_end <= len(raw)
        assert doc.text[s.start : s.end] == s.text
        for part in (s.text, s.evidence):
            assert not any(unicodedata.category(c) in {"Cc", "Cf"} and c not in "\n\t" for c in part), repr(part)


@FUZZ
@given(texts)
def test_any_text_is_read_or_refused_cleanly(raw):
    _check(raw)


@FUZZ
@given(texts)
def test_any_page_is_read_or_refused_cleanly(body):
    _check(f"<html><head><title>标题</title></head><body><div><p>{body}</p></div></body></html>")


@FUZZ
@given(st.binary(max_size=400))
def test_any_bytes_decode_or_are_refused(data):
    try:
        text, encoding, bad = decode_counting(data)
    except DocumentError:
        return
    assert isinstance(text, str) and 0 <= bad <= len(data)
