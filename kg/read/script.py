"""Script: traditional to simplified, character for character, and the pinyin glosses reposting sites add.

A reposted article in traditional script often prints a reading after a converted character:
`向綠(lǜ)向智`, `計(jì)劃`, `項（xiàng）目`, `發(ㄈㄚ)展`. A bracket is a gloss only when what it holds
reads as the characters right before it (pypinyin's readings, tone marks, tone numbers or zhuyin),
so `(MW)`, `(2023)` and `(以下简称…)` stay text.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

#: Characters OpenCC leaves alone (even after folding Hong Kong and Taiwan variants) although
#: mainland text writes them otherwise; found by converting every CJK character (see tests).
T2S_EXTRA = {"堿": "碱", "鹼": "碱", "矽": "硅", "牠": "它", "綫": "线", "裡": "里", "羣": "群", "暱": "昵", "緪": "𫄬"}

_T2S_EXTRA_TABLE = str.maketrans(T2S_EXTRA)
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


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
    return converted.translate(_T2S_EXTRA_TABLE)


@lru_cache(maxsize=20000)
def _simplified_char(c: str) -> str:
    return to_simplified(c)


def detect_script(text: str, simplified: str) -> str:
    """'traditional' when converting to simplified changes a fair share of the Han characters
    (judged on the first 200,000 characters)."""
    text, simplified = text[:200_000], simplified[:200_000]
    han = len(_CJK.findall(text))
    changed = sum(1 for a, b in zip(text, simplified) if a != b)
    return "traditional" if han and changed / han > 0.03 else "simplified"


# ---------------------------------------------------------------- glosses

#: A bracketed run that could be a reading: Latin letters with or without tone marks and numbers,
#: or zhuyin; at most a few syllables.
_GLOSS = re.compile(r"[(（]([^()（）\n]{1,40})[)）]")
_PINYIN_CHARS = re.compile(r"[a-zA-Z\u00c0-\u024f\u0300-\u036f0-5'’\- ]*[a-zA-Z\u00c0-\u024f][a-zA-Z\u00c0-\u024f\u0300-\u036f0-5'’\- ]*")
_ZHUYIN_CHARS = re.compile(r"[\u3100-\u312f\u31a0-\u31bf\u02ca\u02c7\u02cb\u02d9 ]+")
_TONE_MARKS = {"\u0304": 1, "\u0301": 2, "\u030c": 3, "\u0300": 4}
MAX_GLOSS_SYLLABLES = 4


def _key(syllable: str) -> tuple[str, int | None]:
    """A pinyin syllable as (letters with ü written v, tone or None): lǜ, lv4, lü4 and LÜ4 are alike."""
    s = unicodedata.normalize("NFD", syllable.strip().lower()).replace("u:", "v")
    tone = None
    letters = []
    for ch in s:
        if ch in _TONE_MARKS:
            tone = _TONE_MARKS[ch]
        elif ch == "\u0308":
            if letters and letters[-1] == "u":
                letters[-1] = "v"
        elif ch in "012345":
            tone = int(ch) % 5 or None
        elif ch == "ü":
            letters.append("v")
        else:
            letters.append(ch)
    return "".join(letters), tone


@lru_cache(maxsize=20000)
def _readings(c: str) -> tuple[frozenset, frozenset]:
    """Every reading of a character (and of its simplified form): pinyin keys and zhuyin spellings."""
    from pypinyin import Style, pinyin

    chars = {c, _simplified_char(c)}
    keys: set[tuple[str, int | None]] = set()
    zhuyin: set[str] = set()
    for ch in chars:
        for r in pinyin(ch, style=Style.TONE, heteronym=True, errors="ignore")[:1]:
            keys.update(_key(x) for x in r)
        for r in pinyin(ch, style=Style.BOPOMOFO, heteronym=True, errors="ignore")[:1]:
            zhuyin.update(x.replace("˙", "") for x in r)
    return frozenset(keys), frozenset(zhuyin)


@lru_cache(maxsize=1)
def _syllables() -> frozenset:
    """Every pinyin syllable (without tone) that some character is read as."""
    from pypinyin.constants import PINYIN_DICT

    out = set()
    for readings in PINYIN_DICT.values():
        out.update(_key(r)[0] for r in readings.split(","))
    return frozenset(out)


def _reads(syllable: str, c: str) -> bool:
    letters, tone = _key(syllable)
    return any(k == letters and (tone is None or t is None or t == tone) for k, t in _readings(c)[0])


def _split_reading(gloss: str, chars: str) -> bool:
    """Whether `gloss` spells readings of `chars` in order (syllables may run together: jìhuà)."""
    if not chars:
        return not gloss.strip(" '’-")
    gloss = gloss.lstrip(" '’-")
    c = chars[0]
    for n in range(min(len(gloss), 8), 0, -1):
        head = gloss[:n]
        if head[-1] in " '’-":
            continue
        # a syllable ends before the next letter that could start one: letters (and a tone mark or number)
        if _reads(head, c) and _split_reading(gloss[n:], chars[1:]):
            return True
    return False


def _is_gloss(gloss: str, before: str) -> bool:
    """`before` is the text right before the bracket (a few characters)."""
    gloss = unicodedata.normalize("NFC", gloss.strip())
    if not gloss or not before or before[-1].isspace() or before[-1] in "([（【":
        return False
    if not _CJK.match(before[-1]):
        # the character glossed was garbled on the way (當?shù)剞r(nóng)): a syllable with a tone mark still is a reading
        return _marked_syllable(gloss)
    if _ZHUYIN_CHARS.fullmatch(gloss):
        parts = gloss.split()
        chars = before[-len(parts):]
        return len(chars) == len(parts) and all(
            _CJK.match(c) and p.replace("˙", "") in _readings(c)[1] for p, c in zip(parts, chars))
    if not _PINYIN_CHARS.fullmatch(gloss):
        return False
    letters = re.sub(r"[^a-zA-Z]", "", unicodedata.normalize("NFD", gloss))
    if len(letters) >= 2 and letters.isupper():
        return False  # MW, LNG: an abbreviation, not a reading
    for k in range(1, MAX_GLOSS_SYLLABLES + 1):
        chars = before[-k:]
        if len(chars) < k or not all(_CJK.match(c) for c in chars):
            break
        if _split_reading(gloss, chars):
            return True
    # a reading pypinyin does not list for that character, still a syllable with a tone
    letters_only, tone = _key(gloss)
    return tone is not None and letters_only in _syllables()


def _marked_syllable(gloss: str) -> bool:
    letters, tone = _key(gloss)
    marked = any(ch in _TONE_MARKS for ch in unicodedata.normalize("NFD", gloss))
    return marked and gloss.islower() and letters in _syllables()


def find_glosses(text: str) -> list[tuple[int, int]]:
    """Spans of `text` that are pinyin or zhuyin glosses of the characters before them."""
    spans = []
    for m in _GLOSS.finditer(text):
        # what stands before, markup and earlier glosses left out (\x00 marks them)
        before = text[max(0, m.start() - 40) : m.start()].replace("\x00", "")[-MAX_GLOSS_SYLLABLES:]
        if before and _is_gloss(m.group(1).replace("\x00", ""), before):
            spans.append(m.span())
    return spans
