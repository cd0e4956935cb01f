"""Page layout: which lines are the article, which are the page around it, and the headline.

A line is page furniture by what it is (a byline, a share widget, a menu, a disclaimer, a list of
other headlines, a line the page repeats like an advertisement), never by a word a sentence may also
use: 注册, 技术支持 and 关注 mark a line only when it reads as no sentence.
"""

from __future__ import annotations

import re
from collections import Counter

SENTENCE_END = "。！？!?；;"
SKIP = "\x00"  # a character of the text as read that the analysis text leaves out (markup, glosses)
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")

# Strong marks, by kind: they hardly occur in prose, so they mark a line unless it is a long sentence.
_STRONG = {
    "byline": re.compile(r"责任编辑|^\s*[【\[]?(?:原标题|原文标题|编辑|审核|审校|校对|监制|作者|来源|记者|通讯员|责编|终审|初审|复审|统筹|策划|文/图|图/文|文图)\s*[】\]]?\s*[:：]"),
    "disclaimer": re.compile(r"ICP备|公网安备|^\s*[【\[]?(?:免责声明|版权声明|特别声明|声明)[】\]]?\s*[:：]|^\s*(?:版权所有|Copyright|©)|如有侵权|侵权请?联系|请联系(?:我们)?删除|转载请注明|不代表本(?:站|网|平台|号)(?:的)?观点", re.IGNORECASE),
    "share": re.compile(r"分享到|扫一扫|打印本页|关闭窗口|【打印】|【关闭】|\[打印\]|\[关闭\]|阅读原文|(?:点击|欢迎|长按|扫码)关注|关注(?:我们|公众号|微信号?|视频号)|长按(?:识别)?二维码|^\s*[+＋]?\s*关注\s*$|^\s*(?:点赞|在看|转发|收藏|评论)(?:\s*\d*\s*[|｜/]?\s*(?:点赞|在看|转发|收藏|评论))*\s*$"),
    "menu": re.compile(r"^\s*上一篇|^\s*下一篇|点击[量数率][:：]|浏览[次量][:：]|返回顶部|javascript|https?://|www\.|当前位置|您的位置|^\s*首页|设为首页|加入收藏|【字[体号]|字号[:：]|^\s*[|｜/]\s*$", re.IGNORECASE),
}
# Weak marks: words a sentence uses too (在乌审旗注册成立, 提供技术支持); a line only when no sentence.
_WEAK = {
    "byline": re.compile(r"编辑[:：]|审核[:：]"),
    "share": re.compile(r"扫码|打印|关闭|关注"),
    "menu": re.compile(r"技术支持|联系我们|网站地图|关于我们|登录|注册|无障碍|长者模式"),
}
_SITE_OWNER = re.compile(r"主办[:：]|承办[:：]|主管[:：]")
_NAV = re.compile(r"^[^。，,；;]{0,80}[>»＞›][^。，,；;]{0,80}$")
_SOURCE = re.compile(r"(?:数据|信息|稿件)?来源[:：]\s*([^\s()（）]{2,40})|[（(]本版图片均?由(.{2,30}?)提供[）)]")
_DATELINE = re.compile(r"\d{4}\s*[年\-/.]\s*\d{1,2}\s*[月\-/.]\s*\d{1,2}\s*日?\s*\d{1,2}:\d{2}")  # 2024年07月15日 08:30: when, not what
_BYLINE = re.compile(r"记者|通讯员|编辑|摄$|摄影|^[（(].{2,12}[）)]$")
_LINKS_HEADER = re.compile(r"^\s*[【\[]?(相关新闻|相关阅读|相关链接|相关文章|推荐阅读|延伸阅读|往期推荐|往期回顾|往期精彩|热点新闻|热门文章|猜你喜欢|更多新闻|精彩推荐|热门推荐|今日热点)[】\]]?\s*[:：]?\s*$")
_BULLET = re.compile(r"^\s*(?:[·•▶►▸◆●○■□\-*>]|\d{1,2}[.、)）])")


def clutter_kind(line: str) -> str | None:
    """The kind of page furniture a line is (byline, disclaimer, share, menu), or None for text."""
    sentence = len(line) > 60 and "。" in line
    for kind, pattern in _STRONG.items():
        if pattern.search(line) and not sentence:
            if kind == "disclaimer" and _SITE_OWNER.search(line) and not re.search(r"ICP|公网安备", line):
                continue  # 版权所有：X 主办：Y 承办：Z says who runs the site: facts the annotation guide keeps
            return kind
    for kind, pattern in _WEAK.items():
        weak = pattern.search(line)
        if weak and (weak.start() <= 1 or not (len(line) >= 10 and re.search(r"[，,。；;]", line))):
            return kind
    if _NAV.match(line) and len(line) < 120:
        return "menu"
    # a line of short words split by separators: "首页 | 新闻 | 政务"
    parts = re.split(r"\s*[|｜·•]\s*|\s{2,}", line)
    if len(parts) >= 4 and all(len(p) <= 6 for p in parts):
        return "menu"
    return None


def is_clutter(line: str) -> bool:
    """A line of page furniture: navigation, footer, sharing buttons, links."""
    return clutter_kind(line) is not None


def is_body(line: str) -> bool:
    return len(line) >= 40 and any(p in line for p in "。，,；")


def _is_cjk(c: str) -> bool:
    return bool(_CJK.match(c))


def lines(text: str) -> list[tuple[int, int]]:
    """(start, end) of each non-blank line, stripped."""
    spans = []
    for m in re.finditer(r"[^\n]+", text):
        seg = m.group()
        head = seg.lstrip(_BLANK)
        if head:
            spans.append((m.end() - len(head), m.start() + len(seg.rstrip(_BLANK))))
    return spans


_BLANK = " \u200b\ufeff\x00"


def find_title(text_lines: list[str]) -> str:
    """The article's headline: a markdown heading, else the last heading-like line before the body."""
    for line in text_lines[:40]:
        if line.startswith("#"):
            return line.lstrip("# ").strip()
    candidates = []
    for line in text_lines:
        if is_body(line):
            break
        if line.startswith(("——", "—", "--")) or _BYLINE.search(line) or len(line) < 6 or _DATELINE.search(line) or _SOURCE.search(line):
            continue
        if line[-1] in "。":
            continue
        candidates.append(line)
    if candidates:
        return max(candidates[-3:], key=len) if len(candidates[-1]) < 8 else candidates[-1]
    first = next((ln for ln in text_lines if ln), "")
    first = re.split(r"[。！？]", first)[0]
    return first[:40] + ("…" if len(first) > 40 else "")


def find_source_line(text_lines: list[str]) -> str | None:
    """The source the text itself gives (数据来源：…, 本版图片由…提供)."""
    for line in text_lines[:8] + text_lines[-12:]:
        m = _SOURCE.search(line)
        if m:
            return (m.group(1) or m.group(2)).strip("()（）")
    return None


def _key(line: str) -> str:
    return re.sub(r"[\s\u200b\x00]+", "", line)


def _link_lines(view: str, spans: list[tuple[int, int]], links: bytearray | None) -> set[int]:
    """Lines (by index) in a run of three or more lines that are each wholly a link's text: a site
    menu or a list of other articles' headlines, whatever header it has or lacks."""
    if not links:
        return set()
    whole = [
        bool(links[s:e].count(1)) and all(links[i] or view[i] in " \x00" for i in range(s, e))
        for s, e in spans
    ]
    out: set[int] = set()
    run: list[int] = []
    for i, w in enumerate([*whole, False]):
        if w:
            run.append(i)
            continue
        if len(run) >= 3:
            out.update(run)
        run = []
    return out


def clean(view: str, removed: Counter, links: bytearray | None = None) -> list[list[int]]:
    """Spans of `view` to analyse, in order: clutter and repeats dropped (counted by kind in
    `removed`), words broken across lines joined.

    Each returned item is a paragraph [start, end, (start, end)...]: the later pairs are lines that
    continue the first without a break.
    """
    spans = lines(view)
    counts = Counter(_key(view[s:e]) for s, e in spans)
    link_lines = _link_lines(view, spans, links)
    seen: set[str] = set()
    kept: list[list] = []
    in_links = False  # inside a list of links to other articles (相关新闻, 往期推荐)
    for n, (s, e) in enumerate(spans):
        line = view[s:e].replace(SKIP, "")
        if not line.strip():
            continue
        if n in link_lines:
            removed["links"] += 1
            continue
        if _LINKS_HEADER.match(line):
            in_links = True
            removed["links"] += 1
            continue
        if in_links:
            if (is_body(line) and "。" in line and not _BULLET.match(line)) or re.search(r"版权|主办|承办|ICP|公网安备|来源[:：]|编辑[:：]", line):
                in_links = False  # the article goes on, or the page's footer begins
            else:
                removed["links"] += 1
                continue  # another article's headline: not this article's facts
        kind = clutter_kind(line)
        if kind:
            removed[kind] += 1
            continue
        key = _key(line)
        if counts[key] >= 3 and len(key) <= 60 and not any(c in key for c in "。！？；"):
            removed["repeated"] += 1  # a line the page prints again and again (an advertisement, a slogan)
            continue
        if len(key) >= 12:
            if key in seen:
                removed["repeated"] += 1
                continue
            seen.add(key)
        if kept:
            prev = view[kept[-1][0] : kept[-1][1]].replace(SKIP, "")
            if (
                len(prev) >= 40
                and is_body(prev)
                and _is_cjk(prev[-1])
                and (_is_cjk(line[0]) or line[0].isdigit())
                and prev[-1] not in SENTENCE_END
            ):
                kept[-1].append((s, e))  # continuation of a word broken by layout
                continue
        kept.append([s, e])
    return kept
