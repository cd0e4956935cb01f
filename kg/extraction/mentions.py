"""Finding the names of things in a sentence, and their core type.

Three sources, in order of trust: the official division names (reference
data), names that end in a telling word (…有限公司, …产业园, …项目, …技术),
extended leftwards over the words a name is made of; and the ORG/LOC/PER tags
of the statistical tagger for names that carry no such ending (卡尔动力).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from ..divisions import Division, gazetteer
from . import lists
from ..vocab import ORGANIZATION_TYPES as ORG_TYPES
from .ner import Token

# Name endings and the core type they give; the longest ending that matches wins.
SUFFIX_TYPES: list[tuple[str, str]] = [(w, t) for t, ws in lists.by_type("name-endings").items() for w in ws]
SUFFIXES = sorted(SUFFIX_TYPES, key=lambda st: len(st[0]), reverse=True)

# endings that are whole names by themselves
WHOLE_NAMES = {"科技部", "工信部"}

# The ministries of the State Council (reference data: their names are fixed by law).
MINISTRIES = re.compile(r"(?:中华人民共和国)?(?:" + lists.alternation("ministries") + r")部?(?<=部|会)")

CONTAINER_TYPES = {"Region", "City", "Banner", "Town", "Village", "IndustrialPark"}

# Words that end a name when met going leftwards (verbs and function words that
# introduce a name rather than belong to it).
STOP_WORDS = set(lists.words("stop-words"))
ALLOWED_D = {"超", "最", "新"}  # adverb-tagged characters that occur inside names

# Leading words that qualify a name without being part of it.
LEADING_MODIFIERS = re.compile(r"^(?:" + lists.alternation("leading-modifiers") + r"|\d*A级)+")

# Names made only of these words are categories, not specific things.
GENERIC = set(lists.words("generic-words"))

TYPE_CORE_MIN = {"Technology": 4, "Product": 2, "Project": 2}


PERSON_ROLE = re.compile(lists.alternation("person-context"))
NOT_COMPANY = lists.words("not-company-endings")


@dataclass
class Mention:
    label: str  # the name, simplified, leading modifiers removed
    type: str
    sent: int  # sentence index
    start: int  # offsets into the sentence
    end: int
    source: str  # gazetteer | suffix | ner | pattern
    division: Division | None = None
    inner: bool = False  # inside a longer name
    surface: str = ""  # the words as they stand in the sentence
    place: "Mention | None" = None  # a division the name implies but does not spell out (公安厅 after 内蒙古自治区工信厅、)
    rule: str = ""  # the catalogue rule that made it (kg/extraction/rules.toml)
    also: list[str] = field(default_factory=list)  # other rules that proposed the same name, or whose name this one reshaped


_SUFFIX_TYPE = dict(SUFFIXES)
_LONGEST_SUFFIX = max(len(sf) for sf in _SUFFIX_TYPE)


# the rule that a name found by its ending is credited to, by the type it was given
SUFFIX_RULES = {
    "IndustrialPark": "mention/park-suffix", "ResearchInstitution": "mention/research-suffix", "Company": "mention/company-suffix",
    "GovernmentAgency": "mention/agency-suffix", "Alliance": "mention/alliance-suffix", "Project": "mention/project-suffix",
    "Technology": "mention/technology-suffix", "Product": "mention/product-suffix", "Town": "mention/town-suffix",
    "Village": "mention/village-suffix", "Place": "mention/place-suffix", "Banner": "mention/banner-suffix",
}


def _by_suffix(found: list[Mention]) -> list[Mention]:
    for m in found:
        m.rule = SUFFIX_RULES[m.type]
    return found


def reshaped(m: Mention, rule: str) -> None:
    """`rule` changed the name `m` (its span, label or type): it is credited with the name, the rule before it kept in `also`."""
    if m.rule != rule:
        m.also.append(m.rule)
        m.rule = rule


def _suffix_type(name: str) -> tuple[str, str] | None:
    """The longest telling ending of `name` and the type it gives."""
    for k in range(min(len(name), _LONGEST_SUFFIX), 0, -1):
        tail = name[-k:]
        if tail in _SUFFIX_TYPE:
            return tail, _SUFFIX_TYPE[tail]
    return None


def _is_generic(core: str) -> bool:
    """True when `core` can be cut entirely into generic words."""
    if not core:
        return True
    n = len(core)
    ok = [True] + [False] * n
    for i in range(n):
        if not ok[i]:
            continue
        for j in range(i + 1, min(n, i + 6) + 1):
            if core[i:j] in GENERIC or re.fullmatch(r"[\d.]+", core[i:j]):
                ok[j] = True
    return ok[n]


# units of what a plant turns out or holds, after a figure inside a name (年产2000万条膜袋项目, 3GW光伏电站)
_OUTPUT_UNIT = (r"(?:吉瓦时?|兆瓦时?|千瓦时?|千伏|kV|MWh|GWh|MW|GW|kW|吨|标方|件|台|套|辆|片|条|只|头|羽|块|根|张|箱|袋|瓶|"
                r"座|立方米|平方米|米|Nm³|m³|吨标煤)")


def _stops(tok: Token, right_neighbour: Token | None) -> bool:
    if tok.word in STOP_WORDS:
        return True
    if tok.tag == "w":
        return True
    if tok.tag == "q" and re.fullmatch(r"[\d.]+(MWh|MW|GW|GWh|kW|kWh|万吨|吨)", tok.word):
        return False  # 200MW/800MWh/q
    if tok.tag in {"u", "p", "c", "r", "TIME", "PER", "q"}:
        return True
    if tok.tag == "d" and tok.word not in ALLOWED_D:
        return True
    if tok.tag == "m" and re.fullmatch(r"零[\u4e00-\u9fff]+", tok.word):
        return False  # 零碳, 零排放: words, not numbers
    if tok.tag == "m" and not re.fullmatch(
        r"半|[百千万]亩|首批|首期|[一二三四五六1-6]期|[A-Za-z]+\d+级?|[\d.×xX*]+|[\d.×xX*]*\d(?:万|千|亿)?" + _OUTPUT_UNIT + "|年产.*",
        tok.word,
    ):
        return True
    return False


# verbs that belong to a name when they come right before its ending word (扩建项目, 提升改造项目, 生产工艺)
NAME_VERBS = set(lists.words("name-verbs"))


def _extend_left(sentence: str, tokens: list[Token], i: int, limit: int = 32, organisation: bool = False, place: bool = False,
                 typ_ok_org: bool = False, known: list[tuple[int, int]] = (), technology: bool = False,
                 name_like: bool = False) -> int:
    """Start offset of the name whose last token is tokens[i]."""
    start = tokens[i].start
    j = i - 1
    inside = next(((a, b) for a, b in known if a < start < b), None)
    if inside is not None and not organisation:
        # 处准/v 格尔旗大路镇/LOC: the last word starts inside a known place; the place is whole, and a
        # word that runs into it from the left (处准) is no part of the name
        start = inside[0]
        while j >= 0 and tokens[j].end > start:
            if tokens[j].start < start:
                return start
            j -= 1
    while j >= 0:
        tok = tokens[j]
        if place and tok.tag in {"v", "vn", "p", "c", "d"} and any(a == start for a, _ in known):
            break  # 吸纳/v 阿尔巴斯苏木: a verb before a known place ends the name
        if organisation and tok.word in {"（", "("} and _brackets_left_open(sentence[tok.end : tokens[i].end]) < 0:
            start = tok.start  # 蒙泽生物医药（鄂尔多斯）有限公司: the bracket closes inside the name
            j -= 1
            continue
        if tokens[i].end - tok.start > limit:
            break
        # only where the tagger's words cut through the known name
        if place and any(b == tok.end and tok.start < a < b for a, b in known):
            start = next(a for a, b in known if b == tok.end and tok.start < a < b)
            break  # 采购/v 自鄂托克旗/LOC: the word runs into the place from the left; the place starts the name
        span = next(((a, b) for a, b in known if a < start and tok.start < b <= start and (b > tok.end or (b == tok.end and a < tok.start))), None)
        if span is not None and not organisation:
            # a known place the tagger cut badly (达拉特旗库布/其/沙漠): take it whole, and the
            # known places right before it (达拉特旗)
            start = span[0]
            while True:
                before = next(((a, b) for a, b in known if b == start and a < start), None)
                if before is None:
                    break
                start = before[0]
            if tok.start < start and tok.end > start:
                break  # 南/f 接库布其/v 沙漠: the word glued to the place's start is no part of the name
            while j >= 0 and tokens[j].end > start:
                j -= 1
            continue
        # a verb right before the ending word belongs to the name: 扩建项目, 建设工程
        if tok.tag in {"v", "vn"} and tok.word in NAME_VERBS and all(t.word in NAME_VERBS for t in tokens[j + 1 : i]) and not (
                place or organisation or typ_ok_org) and not re.search(r"(开发区|园区|产业园|工业园|高新区)$", tokens[i].word):
            start = tok.start
            j -= 1
            continue
        if tok.word == "年" and tokens[j + 1].word in {"处理", "产", "加工", "生产", "产能", "捕集", "消纳", "回收"}:
            start = tok.start  # 年处理5万吨…项目
            j -= 1
            continue
        if tok.word == "试" and j > 0 and tokens[j - 1].word == "中":
            start = tokens[j - 1].start  # 中试 (pilot), which the tagger cuts in two
            j -= 2
            continue
        if tok.tag == "TIME" and re.fullmatch(r"\d{4}年度?", tok.word) and j > 0 and tokens[j - 1].tag in {"LOC", "ns"} and tokens[j - 1].end == tok.start \
                and not _is_generic(sentence[tok.end : tokens[i].start]):
            start = tok.start  # 薛家湾镇2024年老旧小区改造工程: the year is part of the name
            j -= 1
            continue
        if tok.word in {"—", "-", "－"} and j > 0 and tokens[j - 1].tag in {"n", "nz", "vn", "v", "xc", "eng"} and not organisation:
            start = tok.start  # 草酸二甲酯加氢—熔融缩聚法…技术
            j -= 1
            continue
        if tok.word == "年" and tok.tag == "q" and j > 1 and tokens[j - 1].word == "/" and tokens[j - 2].tag == "m":
            start = tokens[j - 2].start  # 300万吨/m //w 年/q: 300万吨/年
            j -= 3
            continue
        if tok.word in {"/", "/年"} and j > 0 and tokens[j - 1].tag == "m" and (tok.word == "/年" or tokens[j + 1].tag in {"m", "q"} or tokens[j + 1].word.startswith("年")):
            start = tokens[j - 1].start  # 200兆瓦/400兆瓦时, 80万吨/年
            j -= 2
            continue
        if tok.word in {"×", "x", "X", "*"} and j > 0 and tokens[j - 1].tag == "m":
            start = tok.start
            j -= 1
            continue
        if tok.word in {"）", ")"} and organisation and j > 1 and tokens[j - 2].word in {"（", "("} and re.fullmatch(r"[\u4e00-\u9fff]{2,4}", tokens[j - 1].word):
            start = tokens[j - 2].start  # 内蒙古电力（集团）有限责任公司
            j -= 3
            continue
        if tok.word in {"”", "\"", "’", "」"}:
            # a quoted part of the name: 库布其沙漠“光伏长城”科技创新示范项目
            k = j - 1
            while k >= 0 and tokens[k].word not in {"“", "\"", "‘", "「"} and j - k < 12:
                k -= 1
            if k >= 0 and tokens[k].word in {"“", "\"", "‘", "「"} and k < j:
                start = tokens[k].start
                j = k - 1
                continue
            break
        if tok.word in ({"及", "与"} if technology else {"及", "与", "和"}) and not organisation and j > 0 and tokens[j - 1].tag in ({"n", "vn", "nz"} | ({"ORG", "LOC"} if typ_ok_org else set())) and not (
                (_suffix_type(sentence[max(0, tokens[j - 1].end - 12) : tokens[j - 1].end]) or ("", ""))[1] in ORG_TYPES | {"IndustrialPark"}) and (
                tokens[j + 1].tag in {"n", "vn", "nz"} or tokens[j + 1].word == "配套"):  # 年产260万吨煤制烯烃和配套…项目
            start = tok.start
            j -= 1
            continue
        if name_like and tok.tag == "PER" and len(tok.word) <= 3 and tokens[j + 1].tag in {"n", "nz", "vn"}:
            start = tok.start  # 瑞德/PER 牧草产业示范区: a brand the tagger took for a person
            j -= 1
            continue
        if place and tok.tag == "PER" and j >= i - 2:
            start = tok.start  # 阿拉腾图布希/PER 嘎查: a Mongolian place name the tagger took for a person
            j -= 1
            continue
        if tok.word == "能" and j > 0 and tokens[j - 1].word[-1:] in set("氢储绿热光风动核电节化鄂") and tokens[j - 1].end == tok.start:
            start = tokens[j - 1].start  # 氢/n 能/v: 氢能, not the modal verb
            j -= 2
            continue
        if tok.tag == "TIME" and tok.word in {"现代", "当代"}:
            start = tok.start  # 现代煤化工: an adjective the tagger reads as a time
            j -= 1
            continue
        if tok.tag == "m" and re.fullmatch(r"[\d.]+", tok.word) and j > 0 and re.fullmatch(r"[A-Za-z]{2,}", tokens[j - 1].word) and tokens[j - 1].end == tok.start:
            start = tokens[j - 1].start  # HPBC/n 2.0/m: a model name
            j -= 2
            continue
        if tok.tag == "m" and re.fullmatch(r"第[一二三四五六七八九十\d]+代", tok.word):
            start = tok.start  # 第三代甲醇制烯烃技术
            j -= 1
            continue
        if tok.word == "可" and tokens[j + 1].word.startswith(("降解", "再生", "循环", "回收", "持续")):
            start = tok.start  # 可降解材料
            j -= 1
            continue
        if _stops(tok, tokens[j + 1] if j + 1 < len(tokens) else None):
            break
        if not name_like and not place and tok.tag in {"m", "q"} and re.search(r"\d", tok.word) and not re.fullmatch(r"[A-Za-z]+\d+级?", tok.word):
            break  # 年产1.5GW碱性电解槽: the figure belongs to the plant, not to the product or technology
        if tok.word == "处" and j > 0 and tokens[j - 1].word == "地":
            break  # 地/u 处/v: 地处, not part of the place
        if tok.tag == "v" and tok.word in {"集成", "筛选", "推行", "构建", "研究"}:
            break  # 筛选优质品种、集成抗逆栽培技术: a verb before the name
        if tok.word[:1] in "月日" and j > 0 and tokens[j - 1].tag == "TIME":
            break  # 今年6/TIME 月经/n …厅: the date's 月 read into the next word
        if tok.tag == "m" and re.fullmatch(r"[\d.]+", tok.word) and not re.match(r"[×xX*/]|吉瓦|兆瓦|万千瓦|千瓦|千伏|kV|MW|GW|万吨|吨|标方|万?件|台|套", tokens[j + 1].word):
            break
        if organisation and tok.tag == "v" and not (j == i - 1 and tok.word in {"利用"}):
            break
        if organisation and re.search(r"(公司|集团)$", tok.word) and j < i - 1:
            break  # a complete company name before this one is another company
        start = tok.start
        j -= 1
    # a short unanalysed lead before the name at a clause start belongs to it (深能…项目)
    if j >= 0 and not organisation and not place:
        k = j
        while k >= 0 and tokens[k].tag != "w" and tokens[k].start >= start - 3:
            k -= 1
        lead = sentence[tokens[k + 1].start : start] if k + 1 <= j else ""
        if (k < 0 or tokens[k].tag == "w") and 2 <= len(lead) <= 3 and lead not in STOP_WORDS and _is_cjk_word(lead) and not any(
            t.tag in {"TIME", "m", "p", "c", "r", "u", "PER"} or t.word in LEAD_FORBIDDEN or (t.word in STOP_WORDS and len(t.word) > 1)
            for t in tokens[k + 1 : j + 1]
        ):
            LEADS[id(tokens)] = (tokens[k + 1].start, start)
            start = tokens[k + 1].start
    return start


# words that never start a name, even a short one before a project (安全是…电站)
LEAD_FORBIDDEN = set(lists.words("lead-forbidden"))

# lead names taken into a project name, per token list: (start, end) of the lead (深能)
LEADS: dict[int, tuple[int, int]] = {}


def _brackets_left_open(text: str) -> int:
    """How many more brackets `text` opens than it closes (negative: it closes one opened before it)."""
    return text.count("（") + text.count("(") - text.count("）") - text.count(")")


def _quoted_lead(sentence: str, start: int, end: int) -> int:
    """A name that opens with a quoted word the tagger cut up: 研发了“砾晶”中间相定向调控技术."""
    open_q = sentence.rfind("“", 0, start + 1)
    if open_q < 0 or start - open_q > 12 or end - open_q > 30:
        return start
    close_q = sentence.find("”", open_q)
    if close_q < 0 or close_q >= end or re.search(r"[，,。；;、：:]", sentence[open_q:end]):
        return start
    if re.search(r"[的）)（(]", sentence[close_q + 1 : start]) or start - close_q > 7:
        return start  # （以下简称“氢动未来”）投资建设的X项目: the quote is another name's
    return open_q if open_q < start else start


def _is_cjk_word(text: str) -> bool:
    return bool(re.fullmatch(r"[\u4e00-\u9fff]+", text)) and not _is_generic(text)


TECH_CUES = re.compile(lists.alternation("technology-cues"))


def _named_technology(sentence: str, core: str) -> bool:
    """A system or scheme counts as a named technology when it is marked as one."""
    return bool(re.search(r"[A-Za-z0-9“\"「]", core)) or bool(TECH_CUES.search(sentence))


def clean_label(name: str) -> str:
    name = name.strip(" \u3000·-—:：,，、©®™•")
    name = re.sub(r"^(公司|企业)(?=.{4,}(项目|工程|生产线)$)", "", name)  # 该公司2×66万千瓦机组…项目
    name = re.sub(r"^[和与及并或至到]|^(全?资|控股)?子公司", "", name)
    prev = None
    while prev != name:
        prev = name
        name = LEADING_MODIFIERS.sub("", name)
    if name.count("“") != name.count("”"):
        name = name.replace("“", "").replace("”", "")
    return name.strip()


@lru_cache(maxsize=1)
def _gazetteer_pattern() -> re.Pattern:
    return re.compile("|".join(re.escape(n) for n in gazetteer().names_longest_first()))


def find_mentions(sentence: str, tokens: list[Token], sent_index: int) -> list[Mention]:
    """Every name of a core type in one sentence (nested ones marked `inner`)."""
    found: list[Mention] = []
    gaz = gazetteer()
    tokens = _split_compounds(tokens)

    # 1. official division names and their short forms (one pass: longest name first at each place)
    taken = [False] * len(sentence)
    for m in _gazetteer_pattern().finditer(sentence):
        name = m.group()
        s, e = m.span()
        if any(taken[s:e]):
            continue
        d = gaz.lookup(name)
        if d.name != name and re.match(r"(路|街|大道|大街|巷|小区)", sentence[e:]):
            continue  # 乌兰木伦路12号: a street named after the place
        if d.name != name and d.type == "Town" and re.match(r"(嘎查|村|社区)", sentence[e:]):
            continue  # 查干苏力德嘎查: a village named after a sumu, not the sumu
        if d.national and not _standalone(sentence, tokens, s, e):
            continue  # 太原 in 太原理工大学, 上海 in 上海庙: not a mention of the city
        if d.national and sentence[s - 1 : s] in {"（", "("} and sentence[e : e + 1] in {"）", ")"}:
            continue  # 中国矿业大学（北京）: the campus, part of the university's name
        found.append(Mention(d.name, d.type, sent_index, s, e, "gazetteer", d, rule="mention/gazetteer"))
        for k in range(s, e):
            taken[k] = True

    # 2. names with a telling ending
    for i, tok in enumerate(tokens):
        if tok.tag == "w":
            continue
        end = tok.end
        # the ending may be a whole token or the tail of one (…有限公司, 高新区)
        window = sentence[max(0, end - 12) : end]
        st = _suffix_type(window)
        if st is None:
            continue
        suffix, typ = st
        # the next token must not continue the word (公司 in 公司化, 技术 in 技术员)
        if i + 1 < len(tokens) and tokens[i + 1].tag not in {"w"} and _glued(tok, tokens[i + 1], typ):
            continue
        if typ in {"Town", "Village", "Banner"} and not _place_like(tokens, i, suffix):
            continue
        # a one-character ending counts only as a word of its own or the end of a tagged name (局, not 格局)
        if len(suffix) == 1 and tok.word != suffix and tok.tag not in SINGLE_CHAR_OK_TAGS and not (typ in {"Village", "Town"} and tok.tag == "PER") and not (
            typ == "GovernmentAgency" and len(tok.word) >= 3
        ):
            continue
        # a bare ending inside a common word (受理公司) is no name
        if typ in {"Company", "GovernmentAgency"} and tok.word != suffix and tok.tag not in SINGLE_CHAR_OK_TAGS and len(suffix) <= 2 and not (
                len(tok.word) - len(suffix) >= 3 and not _is_generic(tok.word[: -len(suffix)]) and not re.search(r"[子孙分]$|全资|控股", tok.word[: -len(suffix)])):
            # 远景科技集团/n is a name; 受理公司, 全资子公司 are not
            continue
        LEADS.pop(id(tokens), None)
        start = _extend_left(sentence, tokens, i, organisation=typ == "Company", place=typ in {"Town", "Village", "Place"},
                             typ_ok_org=typ in {"GovernmentAgency", "ResearchInstitution"}, technology=typ == "Technology",
                             name_like=typ in {"Project", "IndustrialPark"},
                             known=[(m.start, m.end) for m in found if m.source == "gazetteer"])
        start = _quoted_lead(sentence, start, end) if typ in {"Technology", "Project", "Product"} else start
        lead = LEADS.pop(id(tokens), None)
        # a name found earlier that the left edge cuts through belongs whole to this one
        for m in found:
            if m.type in CONTAINER_TYPES and m.start < start < m.end <= end:
                start = m.start
        raw = sentence[start:end]
        label = clean_label(raw)
        if not label or (label == suffix and suffix not in WHOLE_NAMES):
            continue
        if typ == "Product":
            label = re.sub(r"^(年产|年处理|年加工)?[\d.]+\s*万?吨(/年)?", "", label)  # the figure belongs to the plant
        start = end - len(label) if sentence[start:end].endswith(label) else start
        typ = _refine_type(label, typ)
        core = label[: -len(suffix)] if label.endswith(suffix) else label
        if label in WHOLE_NAMES:
            core = label
        if typ is None or _is_generic(core) or len(core) < TYPE_CORE_MIN.get(typ, 2) or label.startswith("项目"):
            continue
        if typ == "Technology" and suffix not in {"技术", "工艺", "工艺路线"} and not _named_technology(sentence, core):
            continue
        if typ == "Banner" and not (gaz.lookup(label) or len(label) >= 3):
            continue
        if typ == "Banner" and gaz.lookup(label) is None and any(m.end == end for m in found if m.source == "gazetteer"):
            continue
        if typ in ORG_TYPES and "+" in label:
            continue
        # a bare 公司/集团 needs a name before it that the tagger sees as one (中科合成油公司, not 受理公司)
        if suffix in {"公司", "集团"} and tok.word == suffix and not any(
            t.tag in {"ORG", "LOC", "nz", "nt", "ns", "PER", "xc"} for t in tokens if start <= t.start and t.end <= end - len(suffix)
        ):
            continue
        if not label.endswith(suffix):
            continue
        if typ == "Project" and label.endswith("基地") and any(m.type == "IndustrialPark" and m.start == start and m.end < end for m in found):
            continue  # 鄂尔多斯高新区装备制造基地: a zone of the park (found below), not a plant
        if typ == "Project" and "项目" in label[:-len(suffix)] and suffix != "示范项目":
            continue  # 某项目制氢工厂: a part of a project, not another one
        if typ == "Project" and label.startswith(("国家", "全国")) and suffix in {"示范区", "产业基地"}:
            continue  # 国家可持续发展议程创新示范区: a national designation, not a project
        if typ in {"ResearchInstitution", "Company"}:
            campus = re.match(r"[（(]([\u4e00-\u9fff]{2,4})[）)]", sentence[end:])
            if campus and gaz.lookup(campus.group(1)) is not None:
                end += campus.end()  # 中国矿业大学（北京）
                label = label + campus.group()
        if lead and typ == "Project" and sentence[lead[0] : end].endswith(label):
            found.append(Mention(sentence[lead[0] : lead[1]], "Company", sent_index, lead[0], lead[1], "lead", rule="mention/project-lead-company"))
        found.extend(_by_suffix(_split_containers(label, typ, sent_index, start, end, found)))

    # 2b. villages whose name the tagger reads as ordinary words (友谊街道和泰社区, 团结社区党支部),
    # and the zones of a park (鄂尔多斯高新区装备制造基地)
    found = _villages_after_towns(sentence, sent_index, found)
    found.extend(_villages(sentence, sent_index, found))
    found.extend(_park_zones(sentence, sent_index, found))

    # 2c. a name quoted whole, which the tagger cuts at its dashes (“伊金霍洛旗—大化所氢能联合实验室”)
    found = _quoted_names(sentence, sent_index, found)

    # 2d. ministries, and equipment or processes named by a model (ZY12000/28/62D型智能液压支架)
    found = _models_and_ministries(sentence, sent_index, found)

    # 2d'. a project named by several outputs (30万吨甲醇、20万吨乙二醇联产项目): the list is one name
    _join_output_lists(sentence, found)
    _name_phases(sentence, tokens, found)

    # 2d''. Party and government bodies by their standard names (reference data): 旗委, 市委组织部, 自治区发改委
    found = _government_bodies(sentence, sent_index, found)

    # 2e. people named after their role and before what they say or do (董事长包国庆表示, 养殖户巴特尔一边…)
    found.extend(_people(sentence, tokens, sent_index, found))

    # 3. statistical tags for names without a telling ending
    for tok in _complete_names(sentence, tokens):
        if tok.tag not in {"ORG", "LOC", "PER"}:
            continue
        if any(m.start < tok.end and tok.start < m.end for m in found):
            continue
        label = clean_label(tok.word)
        if label.endswith("投资") and sentence[tok.end : tok.end + 2] in {"建设", "兴建"}:
            label = label[:-2]  # 恒嘉矿业投资/建设: the tagger took the verb into the name
        if label.endswith("讯") and tok.start == 0:
            continue  # a dateline: 锡尼讯
        if tok.tag == "ORG" and len(label) >= 3 and not _suffix_type(label) and not label.endswith(NOT_COMPANY) and not _is_generic(label):
            found.append(Mention(label, "Company", sent_index, tok.start, tok.end, "ner", rule="mention/tagger-organisation"))
        elif tok.tag == "LOC" and len(label) >= 2 and label.endswith(("河", "湖", "山", "沙漠", "沙地", "草原", "高原", "峡谷")) and not re.search(
            r"金山|银山|青山|绿水|江山|整山|田湖", label
        ):
            found.append(Mention(label, "Place", sent_index, tok.start, tok.end, "ner", rule="mention/tagger-place"))
        elif tok.tag == "PER" and 2 <= len(label) <= 7 and label[-1] in "和与及" and len(label) >= 3 and sentence[tok.end : tok.end + 1] in set("旗市区县镇省国自"):
            found.append(Mention(label[:-1], "Person", sent_index, tok.start, tok.end - 1, "ner", rule="mention/tagger-person"))  # 李明和旗政协…: the 和 joins two names
        elif tok.tag == "PER" and 2 <= len(label) <= 7 and PERSON_ROLE.search(
            sentence[max(0, tok.start - 6) : tok.start] + "|" + sentence[tok.end : tok.end + 6]
        ):
            found.append(Mention(label, "Person", sent_index, tok.start, tok.end, "ner", rule="mention/tagger-person"))
    found.extend(_towns_naming_parks(found))
    for m in found:
        m.surface = sentence[m.start : m.end]
    # 氢驰汽车…重卡产业园项目: building the park is the project; the park is no second thing
    found = [m for m in found if not (m.type == "IndustrialPark" and any(
        p.type == "Project" and p.start == m.start and p.end == m.end + 2 and sentence[m.end : p.end] == "项目" for p in found))]
    return _mark_inner(found)


_PHASE_ONLY = re.compile(r"^[一二三四五六七八九十首]期(?:项目|工程)$")


def _name_phases(sentence: str, tokens: list[Token], found: list[Mention]) -> None:
    """一期项目 names nothing alone: the name written right before it is the project's (零碳产业园一期项目, 某某一期工程)."""
    for m in found:
        if m.type != "Project" or not _PHASE_ONLY.match(m.label):
            continue
        before = [x for x in found if x.end == m.start and x is not m and x.type not in {"Person"}]
        if before:
            start = min(x.start for x in before)
        else:
            lead = [t for t in tokens if t.end <= m.start and t.tag in {"ORG", "nz", "PER", "LOC", "nt"}]
            if not lead or lead[-1].end != m.start:
                continue
            start = lead[-1].start
        m.start, m.label = start, clean_label(sentence[start : m.end])
        reshaped(m, "mention/phase-name")


# an item of a list of outputs written before the last one: 30万吨甲醇、 / 年产5万吨PBAT和
_OUTPUT_ITEM = r"(?:年产)?\d+(?:\.\d+)?\s*(?:万|千)?\s*(?:吨|t)(?:/年)?[\u4e00-\u9fffA-Za-z]{1,10}?[、和及与]"
_OUTPUTS_BEFORE = re.compile(rf"(?:{_OUTPUT_ITEM})+$")


def _join_output_lists(sentence: str, found: list[Mention]) -> None:
    """A project whose name opens with a figure and an output takes the outputs listed before it into its
    name: in 某公司10万吨丙烯、5万吨聚丙烯项目 the project is 10万吨丙烯、5万吨聚丙烯项目, not its last item."""
    for m in found:
        if m.type != "Project" or not re.match(r"(?:年产)?\d", m.label):
            continue
        before = _OUTPUTS_BEFORE.search(sentence[: m.start])
        if before is None:
            continue
        m.start = before.start()
        m.label = clean_label(sentence[m.start : m.end])
        reshaped(m, "mention/output-list-name")


_QUOTED = re.compile(r"[“\"「]([^“”\"「」，,。；;：:、]{4,30})[”\"」]")
QUOTED_TYPES = {"ResearchInstitution", "Company", "Alliance", "IndustrialPark", "Project"}


def _quoted_names(sentence: str, sent: int, found: list[Mention]) -> list[Mention]:
    """A quoted span that ends in a telling word is one name, whatever the tagger made of it."""
    for q in _QUOTED.finditer(sentence):
        name = q.group(1)
        st = _suffix_type(name)
        core_min = 4 if st is not None and st[1] == "Project" else 2  # “一号工程”, “千万工程”: slogans
        if st is None or st[1] not in QUOTED_TYPES or len(name) - len(st[0]) < core_min or _is_generic(name[: -len(st[0])]):
            continue
        s, e = q.span(1)
        if any(m.start == s and m.end == e for m in found) or any(m.start < s < m.end or m.start < e < m.end for m in found):
            continue
        inside = [m for m in found if s <= m.start and m.end <= e]
        found = [m for m in found if m not in inside or m.source == "gazetteer"] + [Mention(name, st[1], sent, s, e, "quoted", rule="mention/quoted-name")]
    return found


ROLE_BEFORE_NAME = lists.alternation("roles-before-name")
_PERSON = re.compile(
    r"(?:" + ROLE_BEFORE_NAME + r")(?P<name>[\u4e00-\u9fff]{2,5}?)(?P<verb>" + lists.alternation("person-verbs") + ")"
)
NOT_A_NAME = re.compile(lists.alternation("not-in-person-names"))


def _people(sentence: str, tokens: list[Token], sent: int, found: list[Mention]) -> list[Mention]:
    """A name the tagger does not see as one, between a role and a verb of saying or doing."""
    out = []
    for m in _PERSON.finditer(sentence):
        s, e = m.span("name")
        name = m.group("name")
        if NOT_A_NAME.search(name) or re.search(ROLE_BEFORE_NAME, name) or _is_generic(name) or any(x.start < e and s < x.end for x in found):
            continue
        words = [t for t in tokens if s <= t.start and t.end <= e]
        weak = m.group("verb") in {"，", ",", "一边", "正在"}
        if weak and not any(t.tag == "PER" for t in words) and any(len(t.word) >= 2 and t.tag in {"n", "vn", "v", "a", "ad", "d", "nz", "ORG", "LOC", "s", "f"} for t in words):
            continue  # 公寓/n 建设/vn: ordinary words, not a name (乌云/n 毕力格/PER is one)
        out.append(Mention(name, "Person", sent, s, e, "pattern", rule="mention/person-by-role"))
    return out


_MODEL = re.compile(
    r"(?:(?:[A-Z][A-Za-z0-9]*(?:[-/][A-Za-z0-9.]+)*(?: [A-Z][A-Za-z0-9]*(?:[-/][A-Za-z0-9.]+)*)?|[“「][^”」，,。]{1,8}[”」])型|[A-Z]{1,5}-[\d.]+[A-Za-z]{0,3}(?=[\u4e00-\u9fff])"
    r"|(?<![A-Za-z])[A-Z][a-z]+[A-Z][A-Za-z]+(?=[\u4e00-\u9fff]))"  # HyLink氢能物流智能调度平台
    r"(?P<rest>(?:(?![和与及或等])[\u4e00-\u9fff]){0,14}(?:" + lists.alternation("model-code-endings") + "))"
)
_MODEL_PRODUCT = re.compile("(" + lists.alternation("model-code-products") + ")$")


def _models_and_ministries(sentence: str, sent: int, found: list[Mention]) -> list[Mention]:
    """自然资源部; HC49型氢燃料电池重卡, “碳龙-1”型大型煅烧回转窑: names the tagger cuts at their model code."""
    new = []
    for m in MINISTRIES.finditer(sentence):
        if sentence[m.end() : m.end() + 1] != "门":
            new.append(Mention(m.group().replace("中华人民共和国", ""), "GovernmentAgency", sent, m.start(), m.end(), "pattern", rule="mention/ministry"))
    for m in _MODEL.finditer(sentence):
        label = m.group().replace("「", "“").replace("」", "”")
        new.append(Mention(label, "Product" if _MODEL_PRODUCT.search(label) else "Technology", sent, m.start(), m.end(), "pattern", rule="mention/model-code"))
    for n in new:
        if any(x.start <= n.start and n.end <= x.end and (x.end - x.start) > (n.end - n.start) and x.type not in CONTAINER_TYPES for x in found):
            continue  # inside a longer name already found
        found = [x for x in found if not (n.start <= x.start < n.end or n.start < x.end <= n.end) or x.type in CONTAINER_TYPES] + [n]
    return found


@lru_cache(maxsize=1)
def _government_body_pattern() -> re.Pattern:
    """A level or division, then a body's standard name (kg/data/government-bodies.tsv): 旗委, 市委宣传部,
    鄂托克旗发改委, 自治区人民政府, 国家能源局. A bare 委 is a Party committee only right after a level or division."""
    from importlib import resources

    rows = resources.files("kg").joinpath("data/government-bodies.tsv").read_text(encoding="utf-8").splitlines()
    bodies = sorted({r.split("\t")[0] for r in rows if r and not r.startswith("#")} - {"委"}, key=len, reverse=True)
    places = "|".join(re.escape(n) for n in gazetteer().names_longest_first())
    level = r"国家|自治区|全区|市|旗|区|县|镇|苏木|开发区|高新区|园区"
    body = "|".join(re.escape(b) for b in bodies)
    return re.compile(rf"(?:{places}|{level})(?:委(?:{body})?|(?:{body}))(?![\u4e00-\u9fff]{{0,2}}(?:会|员)(?!常委))")


def _government_bodies(sentence: str, sent: int, found: list[Mention]) -> list[Mention]:
    new = []
    for m in _government_body_pattern().finditer(sentence):
        if re.match(r"[^和与及、同]", sentence[m.start() - 1 : m.start()] or "和") and re.match(r"[\u4e00-\u9fff]", sentence[m.start() - 1 : m.start()] or " ") and not any(
                x.end == m.start() or (x.start <= m.start() < x.end) for x in found):
            continue  # 全市委员: no body; a word that runs into the match is no level
        new.append(Mention(m.group(), "GovernmentAgency", sent, m.start(), m.end(), "pattern", rule="mention/government-body"))
    for n in new:
        if any(x.start <= n.start and n.end <= x.end and (x.end - x.start) > (n.end - n.start) and x.type not in CONTAINER_TYPES for x in found):
            continue  # inside a longer name already found (鄂尔多斯市人民政府办公室)
        found = [x for x in found if x.type in CONTAINER_TYPES or not (n.start <= x.start < n.end or n.start < x.end <= n.end)] + [n]
    return found


def _towns_naming_parks(found: list[Mention]) -> list[Mention]:
    """大路产业园, 棋盘井园区: a park named after the town it lies in (the stem of an Ordos town's name)."""
    gaz = gazetteer()
    out = []
    for park in [m for m in found if m.type == "IndustrialPark"]:
        if any(x.start == park.start and x.type in {"Town", "Banner", "City", "Region"} for x in found):
            continue
        for k in (4, 3, 2):
            stem = park.label[:k]
            if park.label[k:] == "" or _suffix_type(park.label[k:]) is None:
                continue
            town = next((d for d in (gaz.lookup(stem + end) for end in ("镇", "苏木", "乡", "街道")) if d is not None and not d.national), None)
            if town is not None:
                out.append(Mention(town.name, town.type, park.sent, park.start, park.start + k, "gazetteer", town, rule="mention/town-in-park-name"))
                break
    return out


_VILLAGE_SPAN = re.compile(r"([\u4e00-\u9fff]{2,6}?)(?:社区|嘎查村|嘎查|村)(?![\u4e00-\u9fff]{0,1}(?:镇|旗|区|苏木))")


def _villages_after_towns(sentence: str, sent: int, found: list[Mention]) -> list[Mention]:
    """独贵塔拉镇杭锦淖尔村, 图克镇呼和陶勒盖嘎查: everything between a town and the village ending is the
    village's name, even where it holds a place word (杭锦) or words the tagger splits."""
    for town in [m for m in found if m.type == "Town"]:
        m = _VILLAGE_SPAN.match(sentence, town.end)
        if m is None:
            continue
        s, e = m.start(1), m.end()
        if sentence[s] == "和" and e - s >= 5:
            s += 1  # 薛家湾镇和沙圪堵村: two places; 友谊街道和泰社区: one
        core = sentence[s : m.end(1)]
        if NOT_VILLAGE.search(core) or _is_generic(core) or re.search(r"[的与及等、，,将以在为把对从向到是有也都还又要会能已正于]", core):
            continue
        inside = [x for x in found if s <= x.start and x.end <= e]
        if any(x.type not in CONTAINER_TYPES for x in inside) or any(x.start < e < x.end or x.start < s < x.end for x in found):
            continue
        if any(x.type == "Village" and x.start == s and x.end == e for x in inside):
            continue
        found = [x for x in found if x not in inside] + [Mention(sentence[s:e], "Village", sent, s, e, "pattern", rule="mention/village-after-town")]
    return found


_VILLAGE_BODY = re.compile(r"(?:^|(?<=[，,；;、。：:\s]))([\u4e00-\u9fff]{2,4}?)(?:社区|嘎查村|嘎查|村)(?=党支部|党总支|党委|居委会|村委会|两委|居民委员会|村民委员会)")
NOT_VILLAGE = re.compile(r"^(" + lists.alternation("not-village-starts") + r")|[的等个和了在是与及]$|[的等个]")


def _villages(sentence: str, sent: int, found: list[Mention]) -> list[Mention]:
    """A village named before its party branch or committee (团结社区党支部), whose name is no place word."""
    out = []
    for m in _VILLAGE_BODY.finditer(sentence):
        s, e = m.start(1), m.end()
        core = m.group(1)
        if NOT_VILLAGE.search(core) or _is_generic(core) or any(x.start < e and s < x.end and x.type != "Town" for x in found + out):
            continue
        if any(x.start == s and x.end == e for x in found):
            continue
        out.append(Mention(sentence[s:e], "Village", sent, s, e, "pattern", rule="mention/village-before-committee"))
    return out


_PARK_ZONE = re.compile(r"([\u4e00-\u9fff]{2,8}?(?:基地|片区|组团))(?=的|内|，|,|。|、|；)")


def _park_zones(sentence: str, sent: int, found: list[Mention]) -> list[Mention]:
    """A zone named right after its park: 位于鄂尔多斯高新区装备制造基地的…."""
    out = []
    for park in [m for m in found if m.type == "IndustrialPark"]:
        m = _PARK_ZONE.match(sentence, park.end)
        if m is None:
            continue
        name = m.group(1)
        core = re.sub(r"(基地|片区|组团)$", "", name)
        if _is_generic(core) or re.search(r"[的和与及等个]", core) or any(x.start < m.end() and park.end < x.end for x in found):
            continue
        out.append(Mention(name, "IndustrialPark", sent, m.start(1), m.end(1), "pattern", rule="mention/park-zone"))
    return out


# what people are quoted doing right after their name
SPEECH = re.compile("(" + lists.alternation("speech-verbs") + ")")
# one-character words that follow a name without being part of it (杨根也说)
NOT_NAME_CHARS = set(lists.words("not-name-characters"))


def _complete_names(sentence: str, tokens: list[Token]) -> list[Token]:
    """A two-character personal name the tagger cut short before a speech verb: 杨根/PER 全 介绍 → 杨根全."""
    out = list(tokens)
    for k in range(len(out) - 1):
        a, b = out[k], out[k + 1]
        if a.tag == "PER" and b.tag == "PER" and a.end == b.start and len(a.word) + len(b.word) <= 7:
            out[k + 1] = Token(a.word + b.word, "PER", a.start, b.end)  # 苏和/PER 巴特尔/PER: one Mongolian name
            out[k] = Token("", "x", a.start, a.start)
    out = [t for t in out if t.word]
    for k in range(len(out) - 2):
        per, rest, verb = out[k], out[k + 1], out[k + 2]
        if (per.tag == "PER" and len(per.word) == 2 and len(rest.word) == 1 and rest.end == verb.start
                and re.fullmatch(r"[\u4e00-\u9fff]", rest.word) and rest.word not in NOT_NAME_CHARS
                and SPEECH.match(verb.word)):
            out[k] = Token(per.word + rest.word, "PER", per.start, rest.end)
            out[k + 1] = Token("", "x", rest.end, rest.end)
    return [t for t in out if t.word]


# Words that, right after a name ending, show the ending was a modifier: 技术团队, 项目部.
GLUED = {t: set(ws) for t, ws in lists.by_type("glued-after-ending").items()}
SINGLE_CHAR_OK_TAGS = {"ORG", "LOC", "nz", "ns", "nt"}


_INNER_PARK = re.compile(r"(经济技术开发区|高新技术产业开发区|经济开发区|高新区|开发区|产业园区|工业园区|产业园|工业园)(?=.{2,})")


_INNER_VERB = re.compile(r"(?<=..)(联合|携手|牵手|联手|与)(?=..|$)")


def _split_compounds(tokens: list[Token]) -> list[Token]:
    """The tagger sometimes takes two names for one: a park and the company in it
    (准格尔经济开发区久泰新材料公司), or two partners and the word between (蓝穹氢能联合内蒙古工业大学)."""
    split: list[Token] = []
    for t in tokens:
        v = _INNER_VERB.search(t.word) if t.tag == "ORG" else None
        if v:
            a, b = v.span()
            split += [Token(t.word[:a], "ORG", t.start, t.start + a), Token(v.group(), "v", t.start + a, t.start + b)]
            if b < len(t.word):
                split.append(Token(t.word[b:], "ORG", t.start + b, t.end))
        else:
            split.append(t)
    tokens = split
    out = []
    for t in tokens:
        m = _INNER_PARK.search(t.word) if t.tag in {"ORG", "LOC", "nz"} and len(t.word) > 6 else None
        if m:
            cut = m.end()
            out.append(Token(t.word[:cut], "LOC", t.start, t.start + cut))
            out.append(Token(t.word[cut:], t.tag, t.start + cut, t.end))
        else:
            out.append(t)
    return out


def _standalone(sentence: str, tokens: list[Token], s: int, e: int) -> bool:
    """The name stands alone: its ends are token ends, and no name word follows."""
    starts = {t.start for t in tokens}
    ends = {t.end for t in tokens}
    if s not in starts or e not in ends:
        return False
    nxt = next((t for t in tokens if t.start == e), None)
    return nxt is None or nxt.tag in {"w", "c", "u", "p", "v", "f", "d", "m", "TIME"} or nxt.word in {"等", "和", "及"}


def _glued(tok: Token, nxt: Token, typ: str) -> bool:
    return nxt.word in GLUED.get(typ, ()) or "奖" in nxt.word


def _place_like(tokens: list[Token], i: int, suffix: str) -> bool:
    """A town or village ending is trusted after a place name (阿拉腾图布希 + 嘎查)."""
    tok = tokens[i]
    if tok.tag in {"LOC", "ns", "ORG", "nz"} or (tok.tag == "PER" and len(tok.word) > len(suffix) + 1):
        return True
    if tok.word == suffix and i > 1 and tokens[i - 2].tag in {"PER", "LOC"} and len(tokens[i - 1].word) == 1 and re.fullmatch(r"[\u4e00-\u9fff]", tokens[i - 1].word):
        return True  # 萨如/PER 拉/v 嘎查: a Mongolian name the tagger cut in two
    return tok.word == suffix and i > 0 and tokens[i - 1].tag in {"LOC", "ns", "nz", "ORG", "PER"}


def _refine_type(label: str, typ: str) -> str | None:
    """Correct the type an ending suggests where the rest of the name says otherwise."""
    if typ in {"Town", "Village", "Banner"}:
        if re.search(r"[\d]", label) or len(label) < 2:
            return None
    if typ == "Banner" and label.endswith("区") and not gazetteer().lookup(label):
        return None
    if typ == "Company" and label.endswith("公司") and re.search(r"(研究院|研究所|设计院|研发中心)$", label[:-2]):
        return "Company"
    if typ == "ResearchInstitution" and re.search(r"(有限公司|集团)[^，,]{0,8}(研发中心|技术中心|研究院)$", label):
        return "ResearchInstitution"
    if typ == "GovernmentAgency" and len(label) <= 2:
        return None
    if typ in {"Village", "Town"} and label.endswith(("乡村", "城乡")):
        return None
    return typ


def _split_containers(label: str, typ: str, sent: int, start: int, end: int, found: list[Mention]) -> list[Mention]:
    """A park, town or village name that begins with a place it lies in is two names."""
    out = [Mention(label, typ, sent, start, end, "suffix")]
    if typ == "GovernmentAgency":
        # 鄂尔多斯市乌审旗人民政府: the agency is named after the most specific division
        chain = sorted((m for m in found if m.source == "gazetteer" and start <= m.start and m.end < end), key=lambda m: m.start)
        if len(chain) >= 2 and chain[0].start == start and chain[1].start == chain[0].end:
            cut = chain[1].start
            out[0] = Mention(label[cut - start :], typ, sent, cut, end, "suffix")
        return out
    if typ in {"Company", "Technology", "Product"}:
        lead_types = {"IndustrialPark"} if typ == "Company" else ORG_TYPES | {"IndustrialPark"}
        leads = [m for m in found if m.start == start and m.end < end and m.type in lead_types]
        if leads:
            cut = max(m.end for m in leads)
            rest = label[cut - start :]
            if typ == "Product":
                figure = re.match(r"(年产|年处理|年加工)?[\d.]+\s*万?吨(/年)?", rest)
                if figure:
                    rest, cut = rest[figure.end() :], cut + figure.end()  # 年产12万吨生物可降解材料: the figure is the plant's
            if len(rest) > 3 and not _is_generic(rest[: -len(_suffix_type(rest)[0])] if _suffix_type(rest) else rest):
                out[0] = Mention(rest, typ, sent, cut, end, "suffix")
        return out
    if typ == "Place":
        # 杭锦旗库布其沙漠: a banner written out in full before a desert is its own name (准格尔黄河大峡谷景区 keeps 准格尔)
        leads = [m for m in found if m.start == start and m.end < end and m.source == "gazetteer" and m.type in CONTAINER_TYPES and label[m.start - start : m.end - start] == m.label]
        if leads and end - leads[-1].end >= 3:
            cut = max(m.end for m in leads)
            out[0] = Mention(label[cut - start :], typ, sent, cut, end, "suffix")
        return out
    if typ not in {"IndustrialPark", "Town", "Village"}:
        return out
    inner = [m for m in found if m.type in CONTAINER_TYPES and start <= m.start and m.end < end]
    ends = sorted((m.end for m in inner if m.start == start or any(o.end == m.start for o in inner)), reverse=True)
    cut = ends[0] if ends else None
    for c, before_c in zip(ends, ends[1:]):
        # 鄂托克前旗上海庙经济开发区: after 上海庙 only the ending is left, so the name starts after the banner
        rest_c = label[c - start :]
        st_c = _suffix_type(rest_c)
        if not (st_c and st_c[0] == rest_c):
            break
        cut = before_c
    if cut is None:
        for sub_end in range(end - 2, start + 1, -1):
            st = _suffix_type(label[: sub_end - start])
            if st and st[1] in CONTAINER_TYPES - {"Banner"} and sub_end - start > len(st[0]) + 1:
                cut = sub_end
                out.append(Mention(label[: sub_end - start], st[1], sent, start, sub_end, "suffix"))
                break
    if cut is not None and typ == "IndustrialPark":
        at_cut = [m for m in inner if m.end == cut]
        if at_cut and all(m.source == "gazetteer" and label[m.start - start : m.end - start] != m.label for m in at_cut):
            # 鄂尔多斯羊绒产业园, 东胜区铜川镇东胜经济科教产业园区: a short place name is part of the park's own name
            short_start = min(m.start for m in at_cut)
            cut = max((m.end for m in inner if m.end == short_start), default=None)
    rest = label[cut - start :] if cut is not None else ""
    st = _suffix_type(rest) if rest else None
    after_park = cut is not None and any(m.end == cut and m.type == "IndustrialPark" for m in inner)
    if cut is not None and end - cut >= 3 and st and len(rest) - len(st[0]) >= 2 and (after_park or not _is_generic(rest[: -len(st[0])])):
        out[0] = Mention(rest, typ, sent, cut, end, "suffix")
    return out


def _mark_inner(found: list[Mention]) -> list[Mention]:
    found.sort(key=lambda m: (m.start, -(m.end - m.start)))
    unique: list[Mention] = []
    seen: dict[tuple, Mention] = {}
    for m in found:
        key = (m.start, m.end, m.type)
        if key in seen:
            first = seen[key]  # the same name twice: the one found first (the rule of higher priority) stands
            for rule in [m.rule, *m.also]:
                if rule and rule != first.rule and rule not in first.also:
                    first.also.append(rule)
            continue
        seen[key] = m
        unique.append(m)
    for m in unique:
        m.inner = any(o is not m and o.start <= m.start and m.end <= o.end and (o.end - o.start) > (m.end - m.start) for o in unique)
    return unique
