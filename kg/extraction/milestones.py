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

from ..dates import When, find_dates
from ..vocab import STAGES
from .mentions import Mention
from .relations import Fact, guarded

# longest first where one word holds another (全容量并网 before 并网)
_WORDS = [
    ("Signed", r"签约|签订(?:了)?(?:投资|合作)?(?:协议|合同)|签署(?:了)?(?:投资|合作)?(?:协议|合同)"),
    ("Approved", r"(?:获得?|取得|通过)(?:了)?[^，,。；;、“”]{0,12}?(?:核准|批复|审批|备案)|获批(?![^，,。；;]{0,6}(?:资质|称号|平台|基地|示范|课题|专项|资金))|核准|备案"),
    ("ConstructionStarted", r"破土动工|开工建设|开复工|开工|开建|动工|奠基"),
    ("Completed", r"建设完工|全面建成|竣工|完工|建成"),
    ("InOperation", r"投入(?:生产|运营|运行|使用)|正式(?:运营|运行)|调试运行|试运行|试生产|投产|投运|投用"),
    ("GridConnected", r"全容量并网|并网"),
    ("FullCapacity", r"达产|满产|满负荷(?:运行|生产)"),
]
STAGE_WORD = re.compile("|".join(f"(?P<{s}>{w})" for s, w in _WORDS))

PLANNED = re.compile(r"计划|预计|将|力争|确保|拟|有望|争取|预期|规划|目标")
DONE = re.compile(r"已经|已|成功|正式|顺利|实现了|完成了")
_NOT = re.compile(r"(?:未|尚未|没有|暂未|不|无法|难以|能否|是否)$")
_WISH = re.compile(r"(?:早日|尽快|尽早|按期|按时|如期|加快|促进|推动项目)$")
# 投产后, 投产目标, 开工率, 建成区, 备案制: what follows or names a stage, not the stage itself
_AFTER = re.compile(r"^(?:后|之后|以后|目标|节点|条件|准备|率|区|制|手续|前期|标准|能力|规模|项目\d|企业|仪式前)")
# what may follow 建成 when it means "completed" (not 建成X, "made into X")
_AFTER_BUILT = re.compile(r"^(?:$|[，,。；;、：:！!）)”\s]|投|并|运|使用|后|之后|了|于|在|以来|的|达|交付|验收|通电|通水|通车|开业|启用|完工|竣工)")
_GROUP = re.compile(r"均|都|全部|陆续|分别|相继|先后|等项目|等\d")  # 几个项目均已投产: a group, no one project's milestone
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


def _stage_hits(sentence: str) -> list[_Hit]:
    """Stage words, adjacent ones (建成投产, 建设完工投运) joined into one hit with several stages."""
    hits: list[_Hit] = []
    for m in STAGE_WORD.finditer(sentence):
        stage = m.lastgroup
        before, after = sentence[max(0, m.start() - 4) : m.start()], sentence[m.end() : m.end() + 8]
        if _NOT.search(before) or _COUNTED.match(after):
            continue
        if stage == "Completed" and m.group().endswith("建成") and not _AFTER_BUILT.match(after):
            continue  # 建成肉牛养殖基地4处, 建成国家级示范区: made into something, no completion
        if stage in ("Approved",) and m.group() in ("核准", "备案") and not re.search(r"(?:获|取得|通过|完成|予以|已)$", before):
            continue  # 核准 alone is a word of procedure (核准制, 核准文件)
        if hits and _JOINED.match(sentence[hits[-1].end : m.start()]):
            if stage not in hits[-1].stages:
                hits[-1].stages.append(stage)
            hits[-1].end = m.end()
            continue
        hits.append(_Hit([stage], m.start(), m.end()))
    return hits


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

    def __init__(self, per_sentence: list[list[Mention]]):
        self.projects_by_sentence = [[m for m in ms if m.type == "Project" and not m.inner] for ms in per_sentence]
        labels = {m.label for ms in self.projects_by_sentence for m in ms}
        self.only = next(m for ms in self.projects_by_sentence for m in ms) if len(labels) == 1 else None
        self.last_date: str | None = None

    def project_before(self, i: int) -> Mention | None:
        """The project the article was last speaking of (within three sentences), or its only one."""
        for k in range(i - 1, max(-1, i - 4), -1):
            if self.projects_by_sentence[k]:
                return max(self.projects_by_sentence[k], key=lambda m: m.start)
        return self.only


def _subjects(sentence: str, hit: _Hit, projects: list[Mention], article: _Article, i: int) -> list[Mention]:
    clause = _clause_start(sentence, hit.start)
    after = [m for m in projects if hit.end <= m.start <= hit.end + 3 and re.match(r"^(?:了)?的", sentence[hit.end : m.start])]
    if after:
        return after[:1]  # 今年3月开工的X项目
    objects = [m for m in projects if hit.end <= m.start <= hit.end + 1 and re.fullmatch(r"了?", sentence[hit.end : m.start])]
    if objects and not any(clause <= m.start and m.end <= hit.start for m in projects):
        return objects[:1]  # …公司开工建设X项目: the project is what is started
    before = sorted((m for m in projects if m.end <= hit.start), key=lambda m: m.start)
    in_clause = [m for m in before if m.start >= clause]
    if len(in_clause) > 1:
        joined = [in_clause[-1]]
        for a, b in zip(reversed(in_clause[:-1]), reversed(in_clause)):
            if not re.fullmatch(r"[、和及与]|以及", sentence[a.end : b.start]):
                break
            joined.append(a)
        return joined[::-1]
    if in_clause:
        return in_clause
    if before:
        return before[-1:]
    if projects:
        return []  # a project named only after the stage, not attached to it
    own = _ARTICLE_PROJECT.search(sentence, 0, hit.start)
    if own and (own.group().startswith(("该", "此", "这", "本")) or not sentence[_clause_start(sentence, own.start()) : own.start()].strip()):
        p = article.project_before(i)
        return [p] if p is not None else []
    return []


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
    alone = re.match(rf"^\s*(?:截至|截止|到|至|自|从|于|在)?\s*{re.escape(when.text)}\s*(?:以来|起|开始|前|底|末)?\s*[，,：:]", clause)
    return alone is not None


def milestones_of_sentence(sentence: str, i: int, mentions: list[Mention], article: _Article, base: str | None) -> list[Fact]:
    hits = _stage_hits(sentence)
    dates = find_dates(sentence, base=base, context=article.last_date)
    projects = [m for m in mentions if m.type == "Project" and not m.inner]
    facts: list[Fact] = []
    for hit in hits:
        tail = sentence[hit.end : hit.end + 6]
        when = _date_for(sentence, hit, hits, dates)
        if _AFTER.match(tail) and when is None:
            continue
        if sentence[max(0, hit.start - 1) : hit.start] == "的" and when is None:
            continue  # 该项目的建成投产，将…: the stage as a thing spoken of, not stated
        if _WISH.search(sentence[max(0, hit.start - 6) : hit.start]) and (when is None or when.start < _clause_start(sentence, hit.start)):
            continue
        subjects = [p for p in _subjects(sentence, hit, projects, article, i)
                    if not (p.end <= hit.start and _GROUP.search(sentence[p.end : hit.start]))]
        if not subjects:
            continue
        if when is not None and not _date_reaches(sentence, when, hit, subjects):
            when = None
        region_start = min(_clause_start(sentence, hit.start), _clause_start(sentence, when.start) if when else len(sentence))
        region = sentence[region_start : hit.start]
        planned = bool(PLANNED.search(region)) and not re.search(r"(?:已经|已)(?:于|在)?[^，,；;。]{0,12}$", region)
        if not planned and when is not None and (_later(when.value or "", base) or _ahead(when, base)) and "已" not in region:
            planned = True
        date = when.value if when else None
        text = when.text if when is not None and when.value is None else None
        for subject in subjects:
            for stage in hit.stages:
                facts.append(Fact(subject, "milestone", Milestone(stage, date, planned, text), i, "milestone/stage-word"))
    for w in dates:
        if w.value and w.text not in ("目前", "当前", "现阶段", "如今", "现已", "截至目前", "截至当前"):
            article.last_date = w.value
    return facts


def _keep_most_precise(facts: list[Fact]) -> list[Fact]:
    """One project's stage stated twice, once with a date and once without (or less precisely,
    2027 beside 2027-01): the most precise statement stands for both. Two different dates stay."""
    dates: dict[tuple, set[str]] = {}
    for f in facts:
        dates.setdefault((f.subject.label, f.object.stage, f.object.planned), set()).add(f.object.date or "")
    out = []
    for f in facts:
        d = f.object.date or ""
        if any(o != d and o.startswith(d) for o in dates[(f.subject.label, f.object.stage, f.object.planned)]):
            continue
        out.append(f)
    return out


def find_milestones(sentences: list[str], per_sentence: list[list[Mention]], published: str | None = None) -> list[Fact]:
    """Every milestone the article's sentences state, for the projects found in them."""
    article = _Article(per_sentence)
    facts: list[Fact] = []
    for i, (sentence, ms) in enumerate(zip(sentences, per_sentence)):
        facts.extend(guarded(lambda: milestones_of_sentence(sentence, i, ms, article, published), sentence) or [])
    return _keep_most_precise(facts)


__all__ = ["Milestone", "STAGES", "find_milestones", "milestones_of_sentence"]
