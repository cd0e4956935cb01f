"""Reading articles as a user gets them: any encoding, either script, broken page layout."""

from __future__ import annotations

import pytest

from kg.errors import DocumentError
from kg.read import read_document, to_simplified


def test_utf8_seed_is_read_with_title_and_source(seeds_dir):
    doc = read_document(seeds_dir / "000_0f44c1ebc675fa11.txt")
    assert doc.encoding == "utf-8"
    assert doc.script == "simplified"
    assert doc.title == "内蒙古准格尔旗 在逐绿前行中奏响高质量发展强音"
    assert doc.source_line == "中共准格尔旗委宣传部"


@pytest.mark.parametrize("encoding", ["gb18030", "gbk", "utf-16", "utf-16-le", "utf-8-sig"])
def test_encoding_is_detected_from_the_bytes_not_the_name(tmp_path, seeds_dir, encoding):
    text = (seeds_dir / "003_91b04151e7e4191c.txt").read_text(encoding="utf-8")
    copy = tmp_path / "article.txt"
    copy.write_bytes(text.encode(encoding))
    doc = read_document(copy)
    assert doc.raw == text
    assert "鄂托克旗" in doc.text


def test_big5_traditional_article_is_read(tmp_path):
    text = "鄂爾多斯市準格爾旗納日松光伏製氫產業示範項目，總投資約20億元。該項目位於準格爾旗。"
    f = tmp_path / "big5.txt"
    f.write_bytes(text.encode("big5"))
    doc = read_document(f)
    assert doc.script == "traditional"
    assert "准格尔旗纳日松光伏制氢产业示范项目" in doc.text


def test_traditional_text_is_analysed_in_simplified_with_offsets_into_the_original(tmp_path):
    text = "內蒙古自治區鄂爾多斯市烏審旗純鹼項目總投資15億元。"
    f = tmp_path / "trad.txt"
    f.write_text(text, encoding="utf-8")
    doc = read_document(f)
    assert doc.script == "traditional"
    assert "内蒙古自治区鄂尔多斯市乌审旗纯碱项目总投资15亿元" in doc.text
    i = doc.text.index("乌审旗")
    start, end = doc.raw_span(i, i + 3)
    assert doc.raw[start:end] == "烏審旗"


def test_opencc_gaps_are_filled():
    # OpenCC's t2s leaves these as they are; the reader does not
    assert to_simplified("純堿") == "纯碱"
    assert to_simplified("單晶矽") == "单晶硅"
    assert to_simplified("衞生 化粧品 接著") == "卫生 化妆品 接着"
    assert to_simplified("著名 顯著") == "著名 显著"  # 著 stays where mainland text keeps it


def test_no_traditional_character_survives_conversion():
    # every character that the simplified-to-traditional direction produces comes back simplified
    import opencc

    s2t = opencc.OpenCC("s2t.json")
    sample = "".join(chr(c) for c in range(0x4E00, 0x9FA6))
    traditional = s2t.convert(sample)
    back = to_simplified(traditional)
    leftovers = {t for s, t, b in zip(sample, traditional, back) if t != s and b == t}
    assert not leftovers, sorted(leftovers)[:20]


def test_a_paragraph_repeated_by_the_page_is_read_once(seeds_dir):
    doc = read_document(seeds_dir / "002_87071cd9e5768d0d.txt")
    repeated = "随着一个个生态项目按下“快进键”"
    assert doc.raw.count(repeated) > 5
    assert doc.text.count(repeated) == 1


def test_a_word_split_across_a_blank_line_is_joined(seeds_dir):
    doc = read_document(seeds_dir / "003_91b04151e7e4191c.txt")
    assert "全链条创\n\n新服务体系" in doc.raw
    assert "全链条创新服务体系" in doc.text
    sentence = next(s for s in doc.sentences if "全链条创新服务体系" in s.text)
    assert "全链条创新服务体系" in sentence.evidence


def test_stray_spaces_inside_chinese_words_are_ignored(seeds_dir):
    doc = read_document(seeds_dir / "004_ba3c35c69f42dbe5.txt")
    assert "研发投 人" in doc.raw
    assert "研发投人" in doc.text
    assert "鄂尔多斯实验室成功获批国家重点研发计划" in doc.text


def test_sentences_map_back_to_the_text_as_read(seeds_dir):
    doc = read_document(seeds_dir / "003_91b04151e7e4191c.txt")
    for s in doc.sentences:
        original = doc.raw[s.raw_start : s.raw_end]
        assert original[0] == s.text[0] and original[-1] == s.text[-1]


def test_page_clutter_is_left_out(tmp_path):
    page = (
        "首页 > 新闻中心 > 旗区动态\n\n"
        "伊金霍洛旗氢能产业园项目开工\n\n"
        "近日，由内蒙古某某能源有限公司投资建设的伊金霍洛旗氢能产业园项目正式开工，项目总投资5000万元。\n\n"
        "责任编辑：张三\n版权所有 © 2026 伊金霍洛旗融媒体中心 蒙ICP备12345678号\n分享到：微信 微博\n"
    )
    f = tmp_path / "page.txt"
    f.write_text(page, encoding="utf-8")
    doc = read_document(f)
    assert "责任编辑" not in doc.text and "ICP" not in doc.text and "首页" not in doc.text
    assert doc.title == "伊金霍洛旗氢能产业园项目开工"


def test_sentences_that_use_page_words_are_kept(tmp_path):
    """注册, 技术支持 and 打印 are page furniture on a line of their own, words in a sentence."""
    page = (
        "鄂尔多斯市华景新能源有限公司是远景科技集团在伊金霍洛旗注册成立的全资子公司。\n\n"
        "内蒙古大学为项目提供技术支持。\n\n"
        "【打印】【关闭】\n登录 | 注册\n"
    )
    f = tmp_path / "page.txt"
    f.write_text(page, encoding="utf-8")
    sentences = [s.text for s in read_document(f).sentences]
    assert sentences == ["鄂尔多斯市华景新能源有限公司是远景科技集团在伊金霍洛旗注册成立的全资子公司。", "内蒙古大学为项目提供技术支持。"]


@pytest.mark.parametrize(
    "content, reason",
    [(b"", "empty"), (b"   \n\n ", "empty"), (b"\x00\x01\x02\x03binary\x00\x00\xff", "binary"), (b"hello world only", "no Chinese")],
)
def test_unusable_documents_are_refused_with_the_reason(tmp_path, content, reason):
    f = tmp_path / "bad.txt"
    f.write_bytes(content)
    with pytest.raises(DocumentError, match=reason):
        read_document(f)


def test_a_missing_file_is_named(tmp_path):
    with pytest.raises(DocumentError, match="no such file"):
        read_document(tmp_path / "nope.txt")


def test_a_saved_web_page_is_read_for_its_article(tmp_path):
    page = (
        "<!DOCTYPE html><html><head><meta charset='utf-8'><title>伊金霍洛旗氢能产业园项目开工 - 伊金霍洛旗人民政府</title>"
        "<style>.nav{color:red}</style><script>var a = '<p>不是正文</p>';</script></head><body>"
        "<div class='nav'><a href='/'>首页</a> &gt; <a href='/news'>新闻中心</a></div>"
        "<div class='content'><p>近日，由内蒙古蓝穹氢能科技有限公司投资建设的伊金霍洛旗氢能产业园项目正式开工，项目总投资5000万元。</p>"
        "<p>该项目位于蒙苏经济开发区&nbsp;。</p></div><div class='footer'>版权所有 © 2026 蒙ICP备12345678号</div></body></html>"
    )
    f = tmp_path / "page.html"
    f.write_text(page, encoding="utf-8")
    doc = read_document(f)
    assert doc.title == "伊金霍洛旗氢能产业园项目开工"
    assert "不是正文" not in doc.text and "color" not in doc.text and "<" not in doc.text
    sentence = next(s for s in doc.sentences if "蓝穹氢能" in s.text)
    assert doc.raw[sentence.raw_start : sentence.raw_end].startswith("近日，由内蒙古蓝穹氢能科技有限公司")


def test_named_entities_of_a_web_page_are_read_as_their_characters(tmp_path):
    """&ldquo;…&rdquo; and &emsp; are quotes and a space: no sentence breaks at their semicolons."""
    page = (
        "<html><head><title>联合体揭牌</title></head><body><div><p>&emsp;&emsp;当天，伊金霍洛旗氢能装备创新联合体"
        "（以下简称&ldquo;联合体&rdquo;）在蒙苏经济开发区揭牌成立。</p></div></body></html>"
    )
    f = tmp_path / "page.html"
    f.write_text(page, encoding="utf-8")
    doc = read_document(f)
    assert [s.text for s in doc.sentences if "联合体" in s.text and "当天" in s.text] == [
        "当天，伊金霍洛旗氢能装备创新联合体（以下简称“联合体”）在蒙苏经济开发区揭牌成立。"
    ]


def test_links_to_other_articles_are_not_read_as_this_one(tmp_path):
    """A 相关新闻 or 往期推荐 list names other articles' companies and projects: left out, the article after it kept."""
    page = (
        "鄂托克前旗肉羊产业提质增效\n\n"
        "近日，内蒙古蒙原肉业有限公司在敖勒召其镇投资建设的肉羊精深加工项目投产。\n\n"
        "相关新闻\n· 三峡能源鄂托克前旗100万千瓦光伏治沙项目首批组件吊装\n"
        "· 内蒙古骆驼乳业科技有限公司年产5000吨驼乳粉生产线落户敖勒召其镇\n\n"
        "据了解，该项目建成后每年可加工肉羊三十万只，带动周边五个嘎查的养殖户增收，产品销往华北各地。\n"
        "版权所有：鄂托克前旗人民政府\n"
    )
    f = tmp_path / "page.txt"
    f.write_text(page, encoding="utf-8")
    doc = read_document(f)
    assert "蒙原肉业" in doc.text and "每年可加工肉羊三十万只" in doc.text
    assert "三峡能源" not in doc.text and "骆驼乳业" not in doc.text and "版权所有" not in doc.text
    assert doc.removed["links"] == 3 and doc.removed["disclaimer"] == 1


def test_a_run_of_links_without_a_header_is_a_menu_or_other_headlines(tmp_path):
    """Lines that are each wholly a link, three or more in a row, are a site menu or a list of other
    articles; a link inside a sentence leaves the sentence alone."""
    page = (
        "<html><head><title>负极材料项目开工</title></head><body>"
        "<ul><li><a href='/a'>政务公开</a></li><li><a href='/b'>新闻中心</a></li><li><a href='/c'>互动交流</a></li></ul>"
        "<div class='content'><p>近日，由<a href='/q'>内蒙古青岚新材料有限公司</a>投资建设的负极材料项目在鄂托克旗开工。</p></div>"
        "<div class='side'><p><a href='/1'>乌审旗某某光伏项目并网发电</a></p><p><a href='/2'>杭锦旗某某储能电站开工建设</a></p>"
        "<p><a href='/3'>达拉特旗某某产业园揭牌成立</a></p></div></body></html>"
    )
    f = tmp_path / "page.html"
    f.write_text(page, encoding="utf-8")
    doc = read_document(f)
    assert doc.text == "近日，由内蒙古青岚新材料有限公司投资建设的负极材料项目在鄂托克旗开工。"
    assert doc.removed["links"] == 6


def test_spam_lines_follow_widgets_and_review_lines_are_counted_out(tmp_path):
    spam = "长按二维码关注我们 获取更多资讯"
    page = (
        f"乌审旗储能电站并网\n\n{spam}\n\n"
        "近日，内蒙古青岚储能科技有限公司投资建设的乌审旗独立储能电站全容量并网，项目受到社会各界广泛关注。\n\n"
        f"{spam}\n\n该电站总投资12亿元，由苏里格经济开发区管委会协调推进，今年年底前将全部投入商业运营。\n\n{spam}\n"
        "点击关注\n校对：李四\n审核：王五\n文/图：赵六\n"
    )
    f = tmp_path / "page.txt"
    f.write_text(page, encoding="utf-8")
    doc = read_document(f)
    assert "二维码" not in doc.text and "点击关注" not in doc.text and "李四" not in doc.text and "王五" not in doc.text
    assert "受到社会各界广泛关注" in doc.text and "总投资12亿元" in doc.text
    assert doc.removed == {"share": 4, "byline": 3}


def test_a_line_repeated_through_the_page_is_spam_when_it_is_no_sentence(tmp_path):
    slogan = "绿色发展 美丽乌审"
    body = "近日，内蒙古青岚储能科技有限公司投资建设的乌审旗独立储能电站全容量并网，总投资12亿元。"
    f = tmp_path / "page.txt"
    f.write_text(f"{slogan}\n{body}\n{slogan}\n该电站由苏里格经济开发区管委会协调推进。\n{slogan}\n", encoding="utf-8")
    doc = read_document(f)
    assert slogan not in doc.text and body in doc.text
    assert doc.removed == {"repeated": 3}
