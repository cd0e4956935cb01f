"""Reposted articles: traditional script with a pinyin (or zhuyin) gloss after many characters.

The glosses are read as annotations of the character before them: the analysis text leaves them
out, offsets and evidence stay on the text as read. A traditional, glossed copy of every seed must
give what the seed gives.
"""

from __future__ import annotations

import json
from collections import Counter

import pytest

from kg.read import find_glosses, read_text, to_simplified


def glossed(text: str, every: int = 2, style: str = "tone", brackets: str = "()") -> str:
    """`text` in traditional script (OpenCC s2t) with a reading after every `every`-th converted character."""
    import opencc
    from pypinyin import Style, pinyin

    trad = opencc.OpenCC("s2t.json").convert(text)
    assert len(trad) == len(text)
    styles = {"tone": Style.TONE, "number": Style.TONE3, "zhuyin": Style.BOPOMOFO}
    readings = pinyin(text, style=styles[style], errors=lambda x: [None] * len(x))
    out, n = [], 0
    for o, t, r in zip(text, trad, readings):
        out.append(t)
        if o != t and r and r[0]:
            n += 1
            if n % every == 0:
                out.append(brackets[0] + r[0] + brackets[1])
    return "".join(out)


SENTENCE = "内蒙古青岚新材料有限公司投资建设的年产10万吨负极材料项目位于鄂托克旗蒙西工业园区，总投资18亿元。"


@pytest.mark.parametrize(
    "style, brackets", [("tone", "()"), ("tone", "（）"), ("number", "()"), ("zhuyin", "()"), ("zhuyin", "（）")]
)
def test_glosses_of_every_form_are_left_out_of_the_analysis(style, brackets):
    raw = glossed(SENTENCE, every=1, style=style, brackets=brackets)
    assert brackets[0] in raw  # the copy does carry glosses
    doc = read_text(raw, "copy.txt", "copy")
    assert doc.text == SENTENCE
    assert doc.removed["gloss"] == raw.count(brackets[0])
    assert doc.script == "traditional"


def test_offsets_and_evidence_stay_on_the_text_as_read():
    raw = "內(nèi)蒙古青嵐新材(cái)料有限公司投資(zī)建設(shè)的負極材料項(xiàng)目位於鄂托克旗。"
    doc = read_text(raw, "copy.txt", "copy")
    assert doc.text == "内蒙古青岚新材料有限公司投资建设的负极材料项目位于鄂托克旗。"
    i = doc.text.index("内蒙古青岚新材料有限公司")
    start, end = doc.raw_span(i, i + len("内蒙古青岚新材料有限公司"))
    assert raw[start:end] == "內(nèi)蒙古青嵐新材(cái)料有限公司"
    (sentence,) = doc.sentences
    assert sentence.evidence == raw  # the sentence as it was read, glosses and all


def test_glosses_in_a_saved_page_are_annotations_too():
    raw = (
        "<html><head><title>x</title></head><body><div><p>內<span class='py'>(nèi)</span>蒙古青嵐新材料有限公司在鄂托克旗投資"
        "<ruby>建<rp>(</rp><rt>jiàn</rt><rp>)</rp></ruby>設(shè)負極材料項目。</p></div></body></html>"
    )
    doc = read_text(raw, "page.html", "page")
    assert doc.text == "内蒙古青岚新材料有限公司在鄂托克旗投资建设负极材料项目。"
    assert doc.removed["gloss"] == 3
    i = doc.text.index("内蒙古")
    start, end = doc.raw_span(i, i + 12)
    assert raw[start:end] == "內<span class='py'>(nèi)</span>蒙古青嵐新材料有限公司"


def test_several_syllables_after_a_word_are_one_gloss():
    doc = read_text("該計劃(jì huà)已獲批，項目(xiàngmù)明年開工。", "x.txt", "x")
    assert doc.text == "该计划已获批，项目明年开工。"
    assert doc.removed["gloss"] == 2


@pytest.mark.parametrize(
    "text",
    [
        "該電站裝機容量為200兆瓦(MW)。",
        "項目於(2023)年立項。",
        "內蒙古青嵐新材料有限公司(以下簡稱“青嵐新材”)成立。",
        "鄂爾多斯(Ordos)是一座城市。",
        "液化天然氣(LNG)項目。",
        "公司產品(A型)下線。",
        "計劃(x)已定。",
    ],
)
def test_brackets_that_are_no_reading_stay_text(text):
    assert find_glosses(text) == []
    doc = read_text(text, "x.txt", "x")
    assert "gloss" not in doc.removed
    assert doc.text == to_simplified(text)


def test_a_reading_must_belong_to_the_character_before_it():
    # 綠 is read lǜ or lù, not hǎo: (hǎo) is a syllable, but no reading of 綠
    assert find_glosses("綠(lǜ)色") == [(1, 5)]
    assert find_glosses("綠(lu4)色") == [(1, 6)]
    assert find_glosses("綠(hao)色") == []


def _facts(ex) -> tuple[Counter, Counter, Counter]:
    label = {e.id: (e.label, e.type) for e in ex.entities}
    entities = Counter(label.values())
    relations = Counter()
    investments = Counter()
    for r in ex.to_json()["relations"]:
        obj = label[r["object"]] if isinstance(r["object"], str) else json.dumps(r["object"], sort_keys=True)
        relations[(label[r["subject"]], r["predicate"], obj)] += 1
        if r["predicate"] == "investment":
            investments[(label[r["subject"]][0], r["object"]["value"])] += 1
    return entities, relations, investments


def test_a_glossed_traditional_copy_of_every_seed_gives_what_the_seed_gives(tmp_path, seeds_dir):
    """Issue 10: the same entities, relations and investments from the clean seed and from its
    traditional copy with a pinyin gloss after every second converted character."""
    from kg.api import extract

    clean_dir, copy_dir = tmp_path / "clean", tmp_path / "copy"
    clean_dir.mkdir()
    copy_dir.mkdir()
    for seed in sorted(seeds_dir.glob("*.txt")):
        text = seed.read_text(encoding="utf-8")
        (clean_dir / seed.name).write_text(text, encoding="utf-8")
        (copy_dir / seed.name).write_text(glossed(text), encoding="utf-8")
    clean, copy = extract([clean_dir]), extract([copy_dir])
    assert all(d.script == "traditional" and d.removed["gloss"] > 400 for d in copy.documents)
    want, got = _facts(clean), _facts(copy)
    for name, w, g in zip(("entities", "relations", "investments"), want, got):
        assert g == w, f"{name}: only in the copy {sorted((g - w).elements())[:5]}, only in the seed {sorted((w - g).elements())[:5]}"
    assert sum(want[2].values()) >= 3
    # every mention points at the copy's own characters: read back, they say what the seed's say
    assert surfaces(copy) == surfaces(clean)


def surfaces(ex) -> Counter:
    """Each entity's mentions as read from the document, glosses left out and simplified."""
    raw = {d.id: d.raw for d in ex.documents}
    out = Counter()
    for e in ex.entities:
        for d, s, t in e.mentions:
            surface = raw[d][s:t]
            if any("\u4e00" <= c <= "\u9fff" for c in surface):
                surface = read_text(surface, "mention", "mention").text
            out[(e.label, e.type, surface)] += 1
    return out


def test_title_and_source_of_a_glossed_article_are_read_without_glosses():
    raw = "烏審旗儲(chǔ)能電站並網\n\n數據來(lái)源：烏審旗融媒體中心\n\n內蒙古青嵐儲能科技有限公司投資建設的烏審旗獨立儲能電站全容量並網。"
    doc = read_text(raw, "x.txt", "x")
    assert doc.title == "乌审旗储能电站并网"
    assert doc.source_line == "乌审旗融媒体中心"
