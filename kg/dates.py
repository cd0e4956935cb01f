"""Dates in Chinese text: the time expressions a sentence gives, as precise as it gives them.

    >>> [w.value for w in find_dates("该厂去年6月开工，计划于2027年1月建成", base="2026-03-05")]
    ['2025-06', '2027-01']

A value is an ISO date (``2024-05-12``), a month (``2027-01``) or a year (``2026``): the
precision the text gives, never more (``3月中旬`` is a month, ``年底`` a year). Relative
expressions (今年, 去年, 上月, 目前) need the document's date; without one the value is None
and the text is kept. Also: a document's publication date from its opening or closing lines
(``发布时间：2024-05-12``, ``2024-05-12 10:30 来源：…``, a dateline).
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

_CN_DIGIT = {"〇": 0, "○": 0, "零": 0, "Ｏ": 0, "O": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4,
             "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_CN = "〇○零一二三四五六七八九十两"

_YEAR = r"(?P<y>(?:19|20)\d\d|[〇○零一二][〇○零一二三四五六七八九]{3})年|(?P<ry>今年|去年|明年|前年|后年|当年|同年|本年)"
_MONTH = r"(?P<m>1[0-2]|0?[1-9]|十[一二]?|[一二三四五六七八九])月(?:份)?|(?P<rm>本月|上月|下月|当月|同月|上个月|下个月)"
_DAY = r"(?P<d>3[01]|[12]\d|0?[1-9]|三十[一]?|二十[一二三四五六七八九]?|十[一二三四五六七八九]?|[一二三四五六七八九])[日号]"
_NOW = r"(?P<now>截至目前|截至当前|目前|当前|现阶段|如今|现已|日前|近日|近期)"
# what may follow and blur, not change, the precision: 3月中旬 is still March
_TAIL = r"(?:上旬|中旬|下旬|初|中|底|末|前后|左右|前|内|以来|以前)?"
_YEAR_TAIL = r"(?:上半年|下半年|年初|年中|年底|年末|年内|底|初|末|内|前|(?:第?[一二三四1-4]|首)季度)?"

TIME = re.compile(
    rf"(?<![\d\.])(?:(?:{_YEAR})?(?:(?:{_MONTH})(?:{_DAY})?{_TAIL}|(?<=年){_YEAR_TAIL})"
    rf"|(?<![\d月])(?P<lone_d>3[01]|[12]\d|[1-9])日(?![\d])"
    rf"|(?<!每)(?P<this_year_end>年底|年末|年内|年初|年中)"
    rf"|{_NOW})"
)

_REL_YEAR = {"今年": 0, "本年": 0, "去年": -1, "前年": -2, "明年": 1, "后年": 2}
_REL_MONTH = {"本月": 0, "上月": -1, "上个月": -1, "下月": 1, "下个月": 1}
# recently, a few days before the document: its month, no more
_RECENT = {"日前", "近日", "近期"}


@dataclass(frozen=True)
class When:
    """A time expression of a sentence: its text and place, and its value (None: not resolvable)."""

    text: str
    start: int
    end: int
    value: str | None


def cn_number(text: str) -> int | None:
    """1–31 and four-digit years written in Chinese or Arabic digits: 十二 -> 12, 二〇二七 -> 2027."""
    if text.isdigit():
        return int(text)
    if len(text) == 4 and all(c in _CN_DIGIT for c in text):
        return int("".join(str(_CN_DIGIT[c]) for c in text))
    if "十" in text:
        tens, _, ones = text.partition("十")
        return (_CN_DIGIT.get(tens, 0) if tens else 1) * 10 + (_CN_DIGIT.get(ones, 0) if ones else 0)
    if len(text) == 1 and text in _CN_DIGIT:
        return _CN_DIGIT[text]
    return None


def _parse_base(base: str | None) -> datetime.date | None:
    if not base:
        return None
    try:
        return datetime.date.fromisoformat(base)
    except ValueError:
        return None


def _shift_month(year: int, month: int, by: int) -> tuple[int, int]:
    n = year * 12 + (month - 1) + by
    return n // 12, n % 12 + 1


def _valid(y: int, m: int = 1, d: int = 1) -> bool:
    try:
        datetime.date(y, m, d)
    except ValueError:
        return False
    return 1900 <= y <= 2100


def _value(hit: re.Match, base: datetime.date | None, context: str | None) -> str | None:
    """The hit's ISO value at its own precision, or None when it cannot be resolved."""
    g = hit.groupdict()
    ctx_year = int(context[:4]) if context else None
    ctx_month = int(context[5:7]) if context and len(context) >= 7 else None
    if g["now"]:
        if base is None:
            return None
        return f"{base:%Y-%m}" if g["now"] in _RECENT else base.isoformat()
    if g["this_year_end"]:
        return str(base.year) if base else None
    year = None
    if g["y"]:
        year = cn_number(g["y"])
    elif g["ry"] in ("当年", "同年"):
        year = ctx_year
    elif g["ry"]:
        year = base.year + _REL_YEAR[g["ry"]] if base else None
        if year is None:
            return None
    month = None
    if g["m"]:
        month = cn_number(g["m"])
    elif g["rm"]:
        if g["rm"] in ("当月", "同月"):
            if ctx_month is None:
                return None
            year, month = year or ctx_year, ctx_month
        elif base is None:
            return None
        else:
            year, month = _shift_month(year or base.year, base.month, _REL_MONTH[g["rm"]])
    day = cn_number(g["d"]) if g["d"] else None
    if g["lone_d"]:
        if base is None:
            return None
        year, month, day = base.year, base.month, int(g["lone_d"])
    if year is None:
        if month is None or base is None:
            return None
        year = base.year
    if month is None:
        return str(year) if _valid(year) else None
    if day is None:
        return f"{year:04d}-{month:02d}" if _valid(year, month) else None
    return f"{year:04d}-{month:02d}-{day:02d}" if _valid(year, month, day) else None


def _meaningful(hit: re.Match) -> bool:
    return any(hit.group(k) for k in ("y", "ry", "m", "rm", "lone_d", "this_year_end", "now"))


def find_dates(sentence: str, base: str | None = None, context: str | None = None) -> list[When]:
    """Every time expression of `sentence`, in order. `base` is the document's date (YYYY-MM-DD),
    `context` the date last stated before (for 同年, 当月)."""
    b = _parse_base(base)
    out = []
    for hit in TIME.finditer(sentence):
        if not _meaningful(hit):
            continue
        value = _value(hit, b, context)
        out.append(When(hit.group(), hit.start(), hit.end(), value))
        if value and not hit.group("now"):
            context = value  # 2024年9月获批，同年12月开工
    return out


def parse_date(text: str, base: str | None = None) -> str | None:
    """One time expression alone: '2027年1月' -> '2027-01'; None if it is not one or not resolvable."""
    hit = TIME.fullmatch(text.strip())
    return _value(hit, _parse_base(base), None) if hit and _meaningful(hit) else None


def xsd_type(value: str) -> str:
    """The XML Schema type of a value: date, gYearMonth or gYear."""
    return {10: "date", 7: "gYearMonth", 4: "gYear"}[len(value)]


def is_iso_day(text: str) -> bool:
    """A real calendar day written YYYY-MM-DD."""
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text or ""):
        return False
    y, m, d = map(int, text.split("-"))
    return _valid(y, m, d)


# ---------------------------------------------------------------- the date a document was published

_DAY_WRITTEN = r"(?P<y>(?:19|20)\d\d)\s*(?:[-/.]|年)\s*(?P<m>1[0-2]|0?[1-9])\s*(?:[-/.]|月)\s*(?P<d>3[01]|[12]\d|0?[1-9])\s*日?"
_PUBLISHED = [
    re.compile(rf"(?:发布|發布|发表|發表|发稿|發稿|更新|刊发|刊發|出版)(?:时间|時間|日期)\s*[:：]\s*{_DAY_WRITTEN}"),
    re.compile(rf"(?:^|\s|>){_DAY_WRITTEN}(?:\s+\d{{1,2}}:\d{{2}}(?::\d{{2}})?)?\s*(?:来源|來源|作者|编辑|編輯|稿源)\s*[:：]"),
    re.compile(rf"^\s*(?:日期|时间|時間)\s*[:：]\s*{_DAY_WRITTEN}\s*$"),
    re.compile(rf"^\s*{_DAY_WRITTEN}(?:\s+\d{{1,2}}:\d{{2}}(?::\d{{2}})?)?\s*$"),
]


def published_date(lines: list[str]) -> str | None:
    """The publication date a page states in its first or last lines, as YYYY-MM-DD."""
    lines = [ln for ln in (x.strip() for x in lines) if ln]
    for line in lines[:15] + lines[-8:]:
        if len(line) > 160:
            continue
        for pattern in _PUBLISHED:
            m = pattern.search(line)
            if m and _valid(int(m["y"]), int(m["m"]), int(m["d"])):
                return f"{int(m['y']):04d}-{int(m['m']):02d}-{int(m['d']):02d}"
    return None


def document_date(doc, stated: str | None = None) -> str | None:
    """A read document's publication date: the one a manifest states, else the one its text gives."""
    return stated or published_date(doc.raw.splitlines())


__all__ = ["When", "find_dates", "parse_date", "published_date", "document_date", "xsd_type", "is_iso_day", "cn_number"]
