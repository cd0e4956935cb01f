"""Projects named without a telling ending, and the short company names that begin project names.

Plans and reports list projects as 推进A、B、C等项目建设: every item is a project though none ends in
项目. News also writes a company's short name straight before what it builds (宏远60万吨甲醇项目,
博安电池厂房): the short name is the company that runs the project, which the relation rules then read
as operatedBy (a company name at the start of a project name).
"""

from __future__ import annotations

import re

from ..divisions import gazetteer
from .mentions import CONTAINER_TYPES, ORG_TYPES, STOP_WORDS, Mention, _is_generic, _suffix_type, clean_label
from .ner import Token

# the words that close a list of projects: 等项目, 等重点项目, 等一批工程
_LIST_END = re.compile(r"等(?:重点|重大|一批|产业|工业)?(?:项目|工程)")
_CLAUSE_BREAK = re.compile(r"[，,。；;：:！？!?（）()“”\"]")
# words before the first item that introduce the list rather than name a project
_LEAD_TAGS = {"v", "vn", "d", "ad", "p", "c", "u", "w", "TIME", "f", "r", "a"}
_NAME_TAGS = {"ORG", "PER", "LOC", "nz", "nt", "ns", "nr"}
# works named after the place they stand on (蒙盛露天煤矿, 唐家会煤矿), not after an owner
_NAMED_BY_PLACE = ("煤矿", "矿", "井田", "电厂", "水库")
_FIGURE = re.compile(r"(?:[一二三四五六七八九十]期)?(?:年产|年处理)?\d")


def _token_at(tokens: list[Token], pos: int) -> Token | None:
    return next((t for t in tokens if t.start == pos), None)


def _owner(sentence: str, tokens: list[Token], start: int, end: int) -> tuple[int, int] | None:
    """The span of a short company name that begins the name sentence[start:end], if one does."""
    tok = _token_at(tokens, start)
    if tok is None or not 2 <= len(tok.word) <= 4 or tok.end >= end - 1 or not re.fullmatch(r"[\u4e00-\u9fff]+", tok.word):
        return None
    if tok.word in STOP_WORDS or _is_generic(tok.word) or gazetteer().lookup(tok.word) is not None or _suffix_type(tok.word):
        return None  # a place, or a word with a telling ending (准大二厂) that names the works, not the owner
    if re.search(r"[一二三四五六七八九十]号?$|号$", tok.word):
        return None  # 红岭一号煤矿: a numbered works, not an owner
    rest = sentence[tok.end : end]
    if tok.tag in {"ORG", "PER"} or (tok.tag in _NAME_TAGS and _FIGURE.match(rest)):
        return tok.start, tok.end
    return None


def listed_projects(sentence: str, tokens: list[Token], sent: int, found: list[Mention]) -> list[Mention]:
    """推进华泰60万吨甲醇、恒运铝板带、东辰高纯硅等项目建设: each item of the list is a project (and a
    short name alone, 引进德远、中科博等项目, is the company that brings one)."""
    out: list[Mention] = []
    for end_match in _LIST_END.finditer(sentence):
        stop = end_match.start()
        breaks = [m.end() for m in _CLAUSE_BREAK.finditer(sentence, 0, stop)]
        begin = breaks[-1] if breaks else 0
        # the first item starts after the last word that introduces the list (达拉特旗将推进, 确保, 重点推进 …)
        first_end = sentence.find("、", begin, stop)
        first_end = stop if first_end < 0 else first_end
        for tok in tokens:
            if begin <= tok.start and tok.end <= first_end and (tok.tag in _LEAD_TAGS or tok.word in STOP_WORDS):
                begin = tok.end
        pos = begin
        for item in sentence[begin:stop].split("、"):
            s, e = pos, pos + len(item)
            pos = e + 1
            label = clean_label(item)
            if not 2 <= len(label) <= 30 or label != item or _is_generic(label) or item.endswith(("项目", "工程")):
                continue
            if any(m.start < e and s < m.end and not (m.type in CONTAINER_TYPES and s <= m.start and m.end <= e) for m in found + out):
                continue  # a name found already (by its ending or the tagger) stands
            first = _token_at(tokens, s)
            if first is None or (first.tag not in {"ORG", "PER", "LOC"} and not re.search(r"\d", item)):
                continue  # 推进煤化工、新能源等项目, 实施荒漠化治理等工程: kinds of project, not projects
            if _suffix_type(label):
                continue  # 东坡煤矿: a name with a telling ending is read by its ending
            if len(label) <= 4 and not re.search(r"\d", label):
                if first.tag in _NAME_TAGS and gazetteer().lookup(label) is None:
                    out.append(Mention(label, "Company", sent, s, e, "list", surface=item, rule="mention/listed-short-name"))
                continue
            out.append(Mention(label, "Project", sent, s, e, "list", surface=item, rule="mention/listed-project"))
    return out


def owners_at_start(sentence: str, tokens: list[Token], sent: int, found: list[Mention], orgs: set[str] = frozenset()) -> list[Mention]:
    """宏远60万吨甲醇项目, 博安电池厂房: the short company name a project's name begins with (after any places).
    Where the article names an organisation that begins with those words, the owner is that one, left to
    the name rules; `orgs` are the article's organisation names."""
    out = []
    for m in found:
        if m.type != "Project" or m.inner or m.label != sentence[m.start : m.end] or m.label.endswith(_NAMED_BY_PLACE):
            continue
        pos = m.start
        for inner in sorted((x for x in found if x.inner and m.start <= x.start and x.end <= m.end), key=lambda x: x.start):
            if inner.start == pos and inner.type in CONTAINER_TYPES:
                pos = inner.end
        if any(x.type in ORG_TYPES and m.start <= x.start < x.end <= m.end and x is not m for x in found):
            continue  # the name already spells its owner
        span = _owner(sentence, tokens, pos, m.end)
        if span and any(x.type in CONTAINER_TYPES and x.start < span[1] and span[0] < x.end for x in found):
            continue  # the words are (part of) a place: 哈达图嘎查养殖基地
        if span and not any(o.startswith(sentence[span[0] : span[1]]) for o in orgs):
            name = sentence[span[0] : span[1]]
            out.append(Mention(name, "Company", sent, span[0], span[1], "pattern", inner=True, surface=name,
                               rule="mention/owner-before-project"))
    return out
