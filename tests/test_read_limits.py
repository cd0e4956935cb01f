"""Hostile and careless input to the reader (issue 12): huge pages, inline images, unclosed scripts,
text without sentence ends, control and invisible characters, emoji, a stray invalid byte.
Each test here failed on the reader before these fixes."""

from __future__ import annotations

import base64
import json

import pytest
from click.testing import CliRunner

import kg.read
from kg.cli import main
from kg.errors import DocumentError, DocumentTooLargeError
from kg.read import MAX_SENTENCE, read_document, read_text

ARTICLE = (
    "近日，由内蒙古青岚新材料有限公司投资建设的年产10万吨负极材料项目在鄂托克旗蒙西工业园区开工，项目总投资18亿元。"
    "该项目采用连续石墨化工艺，建成后年产值可达30亿元。"
)


def page(body: str, head: str = "<title>负极材料项目开工</title>") -> str:
    return f"<!DOCTYPE html><html><head><meta charset='utf-8'>{head}</head><body><div class='content'>{body}</div></body></html>"


def test_an_inline_base64_image_is_no_text(tmp_path):
    image = base64.b64encode(bytes(range(256)) * 1200).decode("ascii")  # ~400 KB of base64
    f = tmp_path / "page.html"
    f.write_text(page(f"<p>{ARTICLE[:57]}</p><p><img src=\"data:image/jpeg;base64,{image}\"></p><p>{ARTICLE[57:]}</p>"), encoding="utf-8")
    doc = read_document(f)
    assert image[:40] not in doc.text and "base64" not in doc.text
    assert max(len(s.text) for s in doc.sentences) < 100
    assert "年产10万吨负极材料项目" in doc.text and "连续石墨化工艺" in doc.text  # text on both sides of the image
    assert doc.removed["data_uri"] == 1


def test_an_unclosed_script_runs_to_the_end_of_the_page_as_a_browser_reads_it():
    raw = page(f"<p>{ARTICLE}</p><script>var s = '<p>鄂托克旗某某假公司投资建设了假项目。</p>'; if (a < b) {{ x(); }}")
    doc = read_text(raw, "page.html", "page")
    assert "假公司" not in doc.text and "var" not in doc.text
    assert "连续石墨化工艺" in doc.text
    assert doc.removed["script"] >= 1


def test_styles_comments_and_attributes_are_no_text():
    raw = page(
        f"<style>.a{{color:red}}</style><!-- <p>注释里的旧稿：某某公司投资建设某项目。</p> -->"
        f"<p title='鄂托克旗 > 标题属性'>{ARTICLE}</p><svg><text>矢量图里的字</text></svg>"
    )
    doc = read_text(raw, "page.html", "page")
    assert "color" not in doc.text and "旧稿" not in doc.text and "标题属性" not in doc.text and "矢量图" not in doc.text
    sentence = next(s for s in doc.sentences if "青岚新材料" in s.text)
    assert raw[sentence.raw_start : sentence.raw_end].startswith("近日，由内蒙古青岚新材料有限公司")


def test_character_references_keep_offsets_into_the_page():
    raw = page("<p>&emsp;&emsp;内蒙古青岚新材料有限公司（以下简称&ldquo;青岚新材&rdquo;）在&#x9102;托克旗投资建设负极材料项目。</p>")
    doc = read_text(raw, "page.html", "page")
    assert "内蒙古青岚新材料有限公司（以下简称“青岚新材”）在鄂托克旗投资建设负极材料项目。" in doc.text
    i = doc.text.index("鄂托克旗")
    start, end = doc.raw_span(i, i + 4)
    assert raw[start:end] == "&#x9102;托克旗"


def test_text_without_sentence_ends_is_cut_into_bounded_sentences():
    clause = "鄂托克旗蒙西工业园区新建负极材料项目一期工程，"
    raw = clause * 200  # 4,600 characters, no sentence end
    doc = read_text(raw, "long.txt", "long")
    assert len(doc.sentences) > 1
    assert max(len(s.text) for s in doc.sentences) <= MAX_SENTENCE
    assert all(s.text.endswith("，") for s in doc.sentences[:-1])  # cut at clause marks
    assert "".join(s.text for s in doc.sentences) == doc.text


def test_a_line_with_no_clause_mark_is_cut_at_the_bound():
    raw = "鄂" * (3 * MAX_SENTENCE + 7)
    doc = read_text(raw, "long.txt", "long")
    assert [len(s.text) for s in doc.sentences] == [MAX_SENTENCE] * 3 + [7]


def test_a_document_over_the_text_limit_is_refused_naming_file_and_limit(tmp_path, monkeypatch):
    monkeypatch.setattr(kg.read, "MAX_TEXT_CHARS", 1000)
    f = tmp_path / "huge.txt"
    f.write_text(ARTICLE * 20, encoding="utf-8")
    with pytest.raises(DocumentTooLargeError, match=r"huge\.txt: 1,660 characters of text, more than the 1,000"):
        read_document(f)
    result = CliRunner().invoke(main, ["extract", str(f)])
    assert result.exit_code != 0
    assert "more than the 1,000 a document may have" in result.output and "Traceback" not in result.output


def test_a_file_over_the_size_limit_is_refused_before_it_is_read(tmp_path, monkeypatch):
    monkeypatch.setattr(kg.read, "MAX_FILE_BYTES", 10_000)
    f = tmp_path / "big.html"
    f.write_bytes(b"<html>" + b" " * 20_000)
    with pytest.raises(DocumentTooLargeError, match=r"big\.html: 20,006 bytes, more than the 10,000"):
        read_document(f)
    assert issubclass(DocumentTooLargeError, DocumentError)


def test_control_characters_and_terminal_escapes_are_left_out(tmp_path):
    f = tmp_path / "ctrl.txt"
    f.write_text("内蒙古青岚新材料有限公司\x1b[31m投资建设\x1b[0m的负极材料项目\x07位于鄂托克旗。\x1b]0;title\x07\n", encoding="utf-8")
    doc = read_document(f)
    assert doc.text == "内蒙古青岚新材料有限公司投资建设的负极材料项目位于鄂托克旗。"
    assert doc.sentences[0].evidence == doc.text  # what reaches a terminal or XML: no escapes
    assert doc.removed["control"] == 4


def test_zero_width_and_bidi_characters_stay_out_of_names():
    raw = "内蒙古\u200d青岚\u202e新材料\u2066有限公司\u2069与鄂尔多斯实验室\u200b合作研发负极材料。"
    doc = read_text(raw, "zw.txt", "zw")
    assert doc.text == "内蒙古青岚新材料有限公司与鄂尔多斯实验室合作研发负极材料。"
    assert doc.removed["invisible"] == 5
    assert not any(c in doc.sentences[0].evidence for c in "\u200d\u202e\u2066\u2069\u200b")


def test_emoji_do_not_become_names(tmp_path):
    f = tmp_path / "emoji.txt"
    f.write_text("🚀🚀🔥🔥💪🏻💪🏻\n\n内蒙古青岚🔥🔥新材料有限公司投资建设的年产10万吨负极材料项目开工👍。\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["extract", str(f)])
    assert result.exit_code == 0, result.output
    out = json.loads(result.output)
    labels = {e["label"] for e in out["entities"]}
    assert "内蒙古青岚新材料有限公司" in labels
    assert not any(ord(c) >= 0x1F000 for label in labels for c in label)
    assert out["documents"][0]["removed"]["emoji"] == 3


def test_one_stray_byte_does_not_reject_a_utf8_article(tmp_path):
    f = tmp_path / "stray.txt"
    f.write_bytes(ARTICLE[:20].encode("utf-8") + b"\xff" + ARTICLE[20:].encode("utf-8"))
    doc = read_document(f)
    assert doc.encoding == "utf-8"
    assert doc.removed["invalid_bytes"] == 1
    assert "年产10万吨负极材料项目" in doc.text and "连续石墨化工艺" in doc.text
    result = CliRunner().invoke(main, ["extract", str(f)])
    assert result.exit_code == 0
    assert f"Warning: {f}: 1 invalid UTF-8 bytes replaced" in result.output
    assert '"invalid_bytes": 1' in result.output


def test_gbk_is_still_read_as_gbk(tmp_path):
    f = tmp_path / "gbk.txt"
    f.write_bytes(ARTICLE.encode("gbk"))
    doc = read_document(f)
    assert doc.encoding == "gb18030" and "invalid_bytes" not in doc.removed
    assert doc.text == ARTICLE


def test_extract_json_reports_what_was_removed_per_document(tmp_path):
    f = tmp_path / "reposted.txt"
    f.write_text(
        "首页 > 新闻中心 > 旗区动态\n原标题：负极材料项目开工\n"
        "內(nèi)蒙古青嵐新材(cái)料有限公司投資(zī)建設的負極材料項(xiàng)目在鄂托克旗開工，該公司在烏審旗注冊成立。\n"
        "責任編輯：張三\n免責聲明：本文轉自網絡，如有侵權請聯繫刪除。\n分享到：微信 微博\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(main, ["extract", str(f), "--format", "json"])
    assert result.exit_code == 0, result.output
    (document,) = json.loads(result.output)["documents"]
    assert document["removed"] == {"byline": 2, "disclaimer": 1, "gloss": 4, "menu": 1, "share": 1}
    doc = read_document(f)
    assert "注册成立" in doc.text  # a sentence with a page word is still a sentence
