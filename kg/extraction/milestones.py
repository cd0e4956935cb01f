"""Milestones: the dated stages a sentence states for a named project (SPEC.md, "Milestones").

    项目于去年3月开工，计划明年6月建成投产。
    -> ConstructionStarted, done, last year's March; Completed and InOperation, planned, next year's June

A stage word (开工, 建成, 投产, 并网, …) belongs to the project named before it in its sentence
(or right after it: 今年开工的X项目); where the sentence names none but says 该项目/项目, to the
project the article was last speaking of. Its date is the time expression nearest before it,
unless another stage stands between them; planned when its clause says so (计划, 预计, 将, 力争,
确保, 拟) or its date lies after the document's. What only follows from a stage (投产后) or
wishes for one without a date (早日投产) is no milestone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..dates import When, cn_number, find_dates
from ..vocab import STAGES
from .mentions import Mention
from .relations import Fact, guarded

# longest first where one word holds another (全容量并网 before 并网)
_WORDS = [
    ("Signed", r"签约|签字(?=仪式)|签订(?:了)?(?:投资|合作)?(?:协议|合同)|签署(?:了)?(?:投资|合作)?(?:协议|合同)"),
    # 取得环评、核准、取水许可: an approval among the permits obtained
    ("Approved", r"(?:获得?|取得|通过)(?:了)?[^，,。；;“”]{0,20}?(?:核准|批复|审批|备案)|获批(?![^，,。；;]{0,6}(?:资质|称号|平台|基地|示范|课题|专项|资金))|核准|备案"),
    ("ConstructionStarted", r"破土动工|开工建设|开复工|开工|开建|动工|奠基"),
    ("Completed", r"建设完工|全面建成|竣工|完工|建成|落成"),
    ("InOperation", r"投入(?:生产|运营|运行|使用)|正式(?:运营|运行)|调试运行|试运行|试运转|(?<!单机|联动)试车|试生产|试产|投产|投运|投用"
                    r"|进入(?:试|商业)?运(?:行|营)阶段|(?<=建成|竣工|完工)运营"),
    ("GridConnected", r"全容量并网|并网"),
    ("FullCapacity", r"达产|满产|满负荷(?:运行|生产)"),
]
STAGE_WORD = re.compile("|".join(f"(?P<{s}>{w})" for s, w in _WORDS))

PLANNED = re.compile(r"计划|预计|估计|将|力争|确保|拟|有望|争取|预期|规划|目标")
DONE = re.compile(r"已经|已|成功|正式|顺利|实现了|完成了")
_NOT = re.compile(r"(?:未|尚未|没有|暂未|不|无法|难以|能否|是否|方可|才能|才可)$")  # 批复后方可开工: a condition
_WISH = re.compile(r"(?:早日|尽快|尽早|按期|按时|如期|加快|促进|推动项目)$")
# 投产后, 投产目标, 开工率, 建成区, 备案制: what follows or names a stage, not the stage itself
_AFTER = re.compile(r"^(?:后|之后|以后)")
_NAMES_A_STAGE = re.compile(r"^(?:目标|节点|条件|准备|率|区|制|手续|前期|标准|能力|规模|项目\d|企业|仪式前)")
# what may follow 建成 when it means "completed" (not 建成X, "made into X")
_AFTER_BUILT = re.compile(r"^(?:$|[，,。；;、：:！!）)”\s]|投|并|运|使用|后|之后|了|于|在|以来|的|达|交付|验收|通电|通水|通车|开业|启用|完工|竣工)")
_GROUP = re.compile(r"均|都|陆续|分别|相继|先后|等项目|等\d")  # 几个项目均已投产: a group, no one project's milestone
_PART = re.compile(r"地块|标段")  # X项目2#地块50MW已并网: a part of the project, not the project
_AT_THE_EVENT = re.compile(r"^(?:仪式|大会|活动|现场)?(?:上|中|当天|当日|现场|期间|之际|之时)")
_FIRST = re.compile(r"首个|首座|首套|首家|首批|第一个|第一座|第一套|唯一")
_ARTICLE_PROJECT = re.compile(r"(?:该|此|这一|这个|本)?项目")
_CLAUSE = "，,；;。：:！!？?"
_JOINED = re.compile(r"^[并和及与、]?$")
# a stage word inside a name (开工仪式 is fine, 投产项目 in 新投产项目 is a count)
_COUNTED = re.compile(r"^(?:的)?(?:项目|企业|工程)?\s*[\d一二三四五六七八九十百]+\s*(?:个|项|家|座|批)")


@dataclass(frozen=True)
class Milestone:
    """A stage of a project, its date (YYYY[-MM[-DD]] or None) and whether it is only planned."""

    stage: str
    date: str | None
    planned: bool
    date_text: str | None = None  # the words of the date, kept when they cannot be resolved

    def to_json(self) -> dict:
        out = {"stage": self.stage, "date": self.date, "planned": self.planned}
        if self.date is None and self.date_text:
            out["date_text"] = self.date_text
        return out


@dataclass
class _Hit:
    stages: list[str]
    start: int
    end: int
    inside: tuple[int, int] | None = None  # 启动X建设: the project must be named inside


# 核准 and 备案 alone are words of procedure (核准制, 核准文件), a stage only when someone grants them:
# 获/取得/通过/完成/予以/已 or 批复 before, an authority before (在旗能源局备案), 的批复 or 投资 after
_GRANTED_BEFORE = re.compile(r"(?:获|取得|通过|完成|予以|已|批复|[局委厅府门])$")
_GRANTED_AFTER = re.compile(r"^(?:的?批复|(?:总)?投资\d)")
# 核准的煤矿项目分别为：A、B: the stage of the projects a list after it names
_LISTED_AFTER = re.compile(r"^(?:了)?的[^，,。；;]{0,10}?(?:分别为|分别是|包括|有)[:：]?")
# 保障性并网项目, 并网指标: kinds of grid access, not a connection
_NOT_CONNECTED = re.compile(r"(?:保障性|市场化)$")
_NOT_CONNECTED_AFTER = re.compile(r"^(?:发电)?(?:优选|指标|规模|消纳|条件|方案)")
# 启动X建设: construction of X starts
_STARTS = re.compile(r"(?:启动|开始)(?:了)?([^，,。；;]{2,40}?)建设")


def _stage_hits(sentence: str) -> list[_Hit]:
    """Stage words, adjacent ones (建成投产, 建设完工投运) joined into one hit with several stages."""
    hits: list[_Hit] = []
    for m in STAGE_WORD.finditer(sentence):
        stage = m.lastgroup
        before, after = sentence[max(0, m.start() - 4) : m.start()], sentence[m.end() : m.end() + 16]
        joined = bool(hits) and _JOINED.match(sentence[hits[-1].end : m.start()]) is not None
        if _COUNTED.match(after):
            if joined:
                hits.pop()  # 已建成投产项目4个: a count of projects, for every stage of the pair
            continue
        if _NOT.search(before):
            continue
        if stage == "Completed" and m.group().endswith("建成") and not _AFTER_BUILT.match(after):
            continue  # 建成肉牛养殖基地4处, 建成国家级示范区: made into something, no completion
        if (stage == "Approved" and m.group() in ("核准", "备案") and not _GRANTED_BEFORE.search(before)
                and not _GRANTED_AFTER.match(after) and not _LISTED_AFTER.match(after)):
            continue
        if stage == "GridConnected" and (_NOT_CONNECTED.search(before) or _NOT_CONNECTED_AFTER.match(after)):
            continue
        if joined:
            if stage not in hits[-1].stages:
                hits[-1].stages.append(stage)
            hits[-1].end = m.end()
            continue
        hits.append(_Hit([stage], m.start(), m.end()))
    for m in _STARTS.finditer(sentence):
        if not any(h.start < m.end() and m.start() < h.end for h in hits):
            hits.append(_Hit(["ConstructionStarted"], m.end() - 2, m.end(), inside=m.span(1)))
    return sorted(hits, key=lambda h: h.start)


def _clause_start(sentence: str, pos: int) -> int:
    return max(sentence.rfind(c, 0, pos) for c in _CLAUSE) + 1


_YEAR_AHEAD = re.compile(r"(?:年底|年末|底前|末前|下半年|四季度|年内)$")


def _ahead(when: When, base: str | None) -> bool:
    """今年年底, 年内, 下半年 in an article of this year's first months: still to come."""
    return bool(base and when.value and len(when.value) == 4 and when.value == base[:4] and base[5:7] < "10"
                and _YEAR_AHEAD.search(when.text))


def _clause_end(sentence: str, pos: int) -> int:
    ends = [i for i in (sentence.find(c, pos) for c in _CLAUSE) if i >= 0]
    return min(ends, default=len(sentence))


def _later(value: str, base: str | None) -> bool:
    """A date after the document's own (compared at the coarser of the two precisions)."""
    if not value or not base:
        return False
    n = min(len(value), len(base))
    return value[:n] > base[:n]


class _Article:
    """What the article has named so far: its projects, in order, and the last date it stated."""

    def __init__(self, sentences: list[str], per_sentence: list[list[Mention]]):
        self.sentences = sentences
        self.projects_by_sentence = [[m for m in ms if m.type == "Project" and not m.inner] for ms in per_sentence]
        self.last_date: str | None = None

    def project_before(self, i: int, called_project: bool = True) -> Mention | None:
        """The project the article was speaking of before sentence `i`: the latest named in the three
        sentences before (for 该项目, the latest whose name ends in 项目), else the first it named."""
        recent = [m for k in range(max(0, i - 3), i) for m in sorted(self.projects_by_sentence[k], key=lambda m: m.start)]
        called = [m for m in recent if m.label.endswith("项目")] if called_project else recent
        if called:
            return called[-1]
        first = next((min(ms, key=lambda m: m.start) for ms in self.projects_by_sentence[:i] if ms), None)
        return first or (recent[-1] if recent else None)

    def last_list(self, i: int) -> list[Mention]:
        """The last run of two or more projects sentence `i` lists (A、B和C)."""
        ms = sorted(self.projects_by_sentence[i], key=lambda m: m.start) if 0 <= i < len(self.projects_by_sentence) else []
        for end in range(len(ms) - 1, 0, -1):
            run = _run_ending(self.sentences[i], ms[: end + 1])
            if len(run) > 1:
                return run
        return []


_LIST_JOIN = re.compile(r"[、和及与，,]|以及")


def _run_ending(sentence: str, ms: list[Mention]) -> list[Mention]:
    """The projects of a list that ends with the last of `ms` (sorted), joined by 、和及与."""
    run = [ms[-1]]
    for a in reversed(ms[:-1]):
        if not _LIST_JOIN.fullmatch(sentence[a.end : run[0].start]):
            break
        run.insert(0, a)
    return run


# 这5个项目, 上述三个项目, A、B等8个重大项目: a count of projects that stands for a list named before it
_COUNT = re.compile(r"(这|此|该|上述|以上)?([\d两二三四五六七八九十]+)\s*(?:个|座|项|家)[^，,。；;、]{0,10}?项目(?!之一|中|里)")
# between the last listed name and its count: more items the tagger did not find (、某某项目), and 等
_LIST_REST = re.compile(r"^(?:[、和及与][^，,。；;、]{1,40})*等?$")
# what may stand before a stage in a clause that names no subject: dates, plans, adverbs
_FILLER = re.compile(r"[，,：:；;\s]|计划|预计|估计|即将|将|力争|确保|拟|有望|争取|预期|已经|已|于|在|从|自|到|至|截至|截止|"
                     r"目前|正式|顺利|全面|成功|同时|并|也|还|又|再|前|以来|底|末|初|上午|下午|实现|进入|进行|开始|基本|陆续")


_WHERE = re.compile(r"(?:在|于)[^，,。；;]{1,24}?(?:区|旗|镇|园|市|县|村|乡|苏木|嘎查|基地|现场|境内)")


def _chronicle(sentence: str, hit: _Hit, dates: list[When]) -> bool:
    """从2020年5月获批，到2021年4月试运转，再到年底投产，X煤矿…: every clause up to the stage opens
    with a date (a chronicle whose subject comes after)."""
    starts = [0] + [k + 1 for k, c in enumerate(sentence[: hit.start]) if c in _CLAUSE]
    for k in starts:
        first = next((d for d in dates if d.start >= k), None)
        if first is None or first.end > hit.start or not re.fullmatch(r"\s*(?:从|自|到|至|再到|又到)?", sentence[k : first.start]):
            return False
    return len(starts) > 1


def _subjectless(sentence: str, start: int, end: int, dates: list[When]) -> bool:
    """Nothing but dates, places, plans and adverbs between `start` and `end`: a clause whose subject
    was named before (X项目，8月14日在某开发区开工建设)."""
    text = "".join(" " if any(w.start <= k < w.end for w in dates) else c for k, c in enumerate(sentence[:end]))[start:]
    return not _FILLER.sub("", _WHERE.sub("", text))


def _counted(sentence: str, hit: _Hit, projects: list[Mention], article: _Article, i: int) -> list[Mention] | None:
    """The projects a count before the stage stands for (A、B、C等3个项目均已投产; 这3个项目…开工),
    [] for a count of projects the article does not list (全旗42个重点项目全面开复工), None without a count."""
    counts = [m for m in _COUNT.finditer(sentence, 0, hit.start)
              if not any(m.end() <= p.start and p.end <= hit.start for p in projects)]
    if not counts:
        return None
    n = _count_of(counts[-1])
    run: list[Mention] = []
    for count in reversed([c for c in counts if _count_of(c) == n]):  # 对A、B等5个项目验收，标志着5个项目同步并网
        listed = sorted((p for p in projects if p.end <= count.start()), key=lambda p: p.start)
        if listed and _LIST_REST.match(sentence[listed[-1].end : count.start()]):
            run = _run_ending(sentence, listed)
            break
    if not run and counts[-1].group(1):
        run = article.last_list(i - 1)
    return run if 2 <= len(run) <= n else []


def _count_of(count: re.Match) -> int:
    return cn_number(count.group(2)) or (2 if count.group(2) == "两" else 0)


def _subjects(sentence: str, hit: _Hit, projects: list[Mention], article: _Article, i: int,
              dates: list[When]) -> tuple[list[Mention], str]:
    """The projects a stage belongs to, and the rule that found them."""
    clause = _clause_start(sentence, hit.start)
    if hit.inside:
        return [m for m in projects if hit.inside[0] <= m.start and m.end <= hit.inside[1]][:1], "milestone/stage-word"
    listed = _LISTED_AFTER.match(sentence[hit.end :])
    if listed:  # 核准的煤矿项目分别为：A、B
        stop = _sentence_part_end(sentence, hit.end)
        return [m for m in projects if hit.end + listed.end() <= m.start and m.end <= stop], "milestone/stage-word"
    described = re.match(r"^(?:了)?(?:发电|生产|运行|运营|落地)?的", sentence[hit.end :])
    if described:  # 今年3月开工的X项目; 即将并网发电的A、B项目
        start, stop = hit.end + described.end(), _clause_end(sentence, hit.end)
        after = sorted((m for m in projects if start <= m.start and m.end <= stop), key=lambda m: m.start)
        gap = sentence[start : after[0].start] if after else ""
        if after and (len(gap) <= 2 or gap.endswith(("、", "和", "及"))):
            run = [after[0]]
            for b in after[1:]:
                if not _LIST_JOIN.fullmatch(sentence[run[-1].end : b.start]):
                    break
                run.append(b)
            return run, "milestone/stage-word"
    objects = [m for m in projects if hit.end <= m.start <= hit.end + 1 and re.fullmatch(r"了?", sentence[hit.end : m.start])]
    if objects and not any(clause <= m.start and m.end <= hit.start for m in projects):
        return objects[:1], "milestone/stage-word"  # …公司开工建设X项目: the project is what is started
    counted = _counted(sentence, hit, projects, article, i)
    if counted is not None:
        return counted, "milestone/counted-list"
    before = sorted((m for m in projects if m.end <= hit.start), key=lambda m: m.start)
    in_clause = [m for m in before if m.start >= clause]
    if in_clause:
        return _run_ending(sentence, in_clause) if len(in_clause) > 1 else in_clause, "milestone/stage-word"
    if before and _subjectless(sentence, clause, hit.start, dates):
        return before[-1:], "milestone/stage-word"
    if any(clause <= m.start < _clause_end(sentence, hit.end) for m in projects):
        return [], ""  # a project named after the stage in its clause, not attached to it
    for own in reversed(list(_ARTICLE_PROJECT.finditer(sentence, 0, hit.start))):  # 该项目 / 项目 at a clause start
        own_clause = _clause_start(sentence, own.start())
        if own.group().startswith(("该", "此", "这", "本")) or (
                not sentence[own_clause : own.start()].strip(" “”‘’\"'「」")
                and (own_clause == clause or _subjectless(sentence, clause, hit.start, dates))):
            named = [m for m in before if m.end <= own.start()]  # X项目负责人说：“项目整体预计…完工”
            if named:
                return [([m for m in named if m.label.endswith("项目")] or named)[-1]], "milestone/stage-word"
            p = article.project_before(i)
            return ([p] if p is not None else []), "milestone/earlier-project"
    if _subjectless(sentence, 0, hit.start, dates) or _chronicle(sentence, hit, dates):  # 计划2023年8月开工。
        topic = [m for m in projects if m.start >= hit.end and _clause_start(sentence, m.start) == m.start]
        if topic:
            return topic[:1], "milestone/stage-word"
        p = article.project_before(i, called_project=False)
        return ([p] if p is not None else []), "milestone/earlier-project"
    return [], ""


def _sentence_part_end(sentence: str, pos: int) -> int:
    ends = [k for k in (sentence.find(c, pos) for c in "。；;") if k >= 0]
    return min(ends, default=len(sentence))


def _date_for(sentence: str, hit: _Hit, hits: list[_Hit], dates: list[When]) -> When | None:
    """The time expression nearest before the stage, unless another stage stands between them."""
    before = [w for w in dates if w.end <= hit.start]
    if sentence.startswith("仪式", hit.end):  # 签约仪式近日在某地举行: the date of the ceremony
        ceremony = [w for w in dates if hit.end <= w.start and w.start < _clause_end(sentence, hit.end)]
        if ceremony:
            return ceremony[0]
    if not before:
        near = [w for w in dates if hit.end <= w.start <= hit.end + 2]  # 投产于2026年 / 开工时间为… are rare; 建成于
        return near[0] if near and sentence[hit.end : near[0].start] in ("于", "在") else None
    w = before[-1]
    if any(w.end <= h.start and h.end <= hit.start for h in hits if h is not hit):
        return None
    if sentence.rfind("。", w.end, hit.start) >= 0:
        return None
    return w


def _date_reaches(sentence: str, when: When, hit: _Hit, subjects: list[Mention]) -> bool:
    """A date stands for a stage in its own clause, in the clause that names the project
    (2023年3月X项目正式开工), or alone in a clause before (2023年3月，项目开工)."""
    if when.start >= _clause_start(sentence, hit.start) or hit.end <= when.start:
        return True
    if any(when.start >= _clause_start(sentence, p.start) for p in subjects if p.end <= hit.start):
        return True
    clause = sentence[_clause_start(sentence, when.start) : when.end + 6]
    alone = re.match(rf"^\s*(?:截至|截止|到|至|自|从|于|在)?\s*{re.escape(when.text)}\s*(?:以来|起|开始|前|底|末|上午|下午|晚间?|凌晨)?\s*[，,：:]", clause)
    return alone is not None


def milestones_of_sentence(sentence: str, i: int, mentions: list[Mention], article: _Article, base: str | None) -> list[Fact]:
    hits = _stage_hits(sentence)
    dates = find_dates(sentence, base=base, context=article.last_date)
    projects = [m for m in mentions if m.type == "Project" and not m.inner]
    facts: list[Fact] = []
    for hit in hits:
        tail = sentence[hit.end : hit.end + 6]
        when = _date_for(sentence, hit, hits, dates)
        if _NAMES_A_STAGE.match(tail) or (_AFTER.match(tail) and when is None):
            continue
        if sentence[max(0, hit.start - 1) : hit.start] == "的" and when is None:
            continue  # 该项目的建成投产，将…: the stage as a thing spoken of, not stated
        if _WISH.search(sentence[max(0, hit.start - 6) : hit.start]) and (when is None or when.start < _clause_start(sentence, hit.start)):
            continue
        if _AT_THE_EVENT.match(sentence[hit.end :]):
            continue  # 签约仪式上, 开工当天: the stage as the time of something else
        if sentence.startswith("的", hit.end) and (sentence.startswith("的第", hit.end) or _FIRST.search(
                sentence[_clause_start(sentence, hit.start) : hit.start])):
            continue  # 是首个正式投入使用的示范基地, 国内投产的第十套装置: a description, not a stage stated
        subjects, rule = _subjects(sentence, hit, projects, article, i, dates)
        if sentence.startswith("集中", hit.start - 2) and len(subjects) < 2:
            continue  # 重点项目集中开工: many projects at once, not one of them named
        if rule == "milestone/stage-word" and len(subjects) == 1:  # X等项目均已投产 (a list names all its projects)
            subjects = [p for p in subjects if not (p.end <= hit.start and _GROUP.search(sentence[p.end : hit.start]))]
        subjects = [p for p in subjects if not (p.end <= hit.start and _PART.search(sentence[p.end : hit.start]))]
        if not subjects:
            continue
        if when is not None and not _date_reaches(sentence, when, hit, subjects):
            when = None
        region_start = min(_clause_start(sentence, hit.start), _clause_start(sentence, when.start) if when else len(sentence))
        region = sentence[region_start : hit.start]
        planned = bool(PLANNED.search(region)) and not re.search(r"(?:已经|已)(?:于|在)?[^，,；;。]{0,12}$", region)
        planned = planned or sentence.startswith("倒计时", hit.end)  # 进入投产倒计时
        date = when.value if when else None
        if not planned and date and _later(date, base) and "已" not in region:
            if _yearless(when):
                date = f"{int(date[:4]) - 1:04d}{date[4:]}"  # 8月14日 told as done in a page of July: last year's
            else:
                planned = True
        if not planned and when is not None and _ahead(when, base) and "已" not in region:
            planned = True
        text = when.text if when is not None and when.value is None else None
        for subject in subjects:
            for stage in hit.stages:
                facts.append(Fact(subject, "milestone", Milestone(stage, date, planned, text), i, "milestone/stage-word"))
    for w in dates:
        if w.value and w.text not in ("目前", "当前", "现阶段", "如今", "现已", "截至目前", "截至当前"):
            article.last_date = w.value
    return facts


def _yearless(when: When) -> bool:
    """A month or day without its year (8月14日), which the document's date completes."""
    return re.match(r"^(?:\d{1,2}|[一二三四五六七八九十]{1,2})月", when.text) is not None


def _keep_most_precise(facts: list[Fact]) -> list[Fact]:
    """One project's stage stated twice, once with a date and once without (or less precisely,
    2027 beside 2027-01): the most precise statement stands for both. Two different dates stay, and
    so do two dates one sentence gives (2024年4月试运转，年底正式投产: two steps of one stage)."""
    dates: dict[tuple, set[tuple[str, int]]] = {}
    for f in facts:
        dates.setdefault((f.subject.label, f.object.stage, f.object.planned), set()).add((f.object.date or "", f.sent))
    out = []
    for f in facts:
        d = f.object.date or ""
        if any(o != d and o.startswith(d) and (sent != f.sent or not d)
               for o, sent in dates[(f.subject.label, f.object.stage, f.object.planned)]):
            continue
        out.append(f)
    return out


def find_milestones(sentences: list[str], per_sentence: list[list[Mention]], published: str | None = None) -> list[Fact]:
    """Every milestone the article's sentences state, for the projects found in them."""
    article = _Article(sentences, per_sentence)
    facts: list[Fact] = []
    for i, (sentence, ms) in enumerate(zip(sentences, per_sentence)):
        facts.extend(guarded(lambda: milestones_of_sentence(sentence, i, ms, article, published), sentence) or [])
    return _keep_most_precise(facts)


__all__ = ["Milestone", "STAGES", "find_milestones", "milestones_of_sentence"]
