"""Relations between the names of one sentence, read from the words that join them.

Each rule looks at what a sentence says between two names (位于X的Y, 由X投资建设,
X联合Y…成立Z, X采用Y) or inside one name (准格尔旗…项目 lies in 准格尔旗).
"该项目", "该企业" and a bare "项目" at a clause start stand for the last project
or company the article named.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from decimal import Decimal

from . import lists
from .mentions import CONTAINER_TYPES, ORG_TYPES, Mention
from .quantities import Quantity, capacities, completed_investments, total_investments

log = logging.getLogger(__name__)

LEVEL = {"Region": 0, "City": 1, "Banner": 2, "IndustrialPark": 2.5, "Town": 3, "Village": 4}


@dataclass
class Fact:
    subject: Mention
    predicate: str
    object: Mention | Quantity | Decimal
    sent: int
    rule: str = ""  # the catalogue rule that made it (kg/extraction/rules.toml)


class Context:
    """What the article has named so far, for 该项目 / 该企业."""

    def __init__(self) -> None:
        self.last: dict[str, Mention] = {}
        self.projects: list[Mention] = []  # every project named so far, in order
        self.pair: tuple[Mention, ...] = ()  # the last two organisations that agreed to work together
        self.last_user: Mention | None = None  # the last project or organisation said to use a technology
        self.topic: Mention | None = None  # the last organisation a sentence opened with
        self.parks: list[Mention] = []  # every park named so far, in order

    def named_by_ending(self, phrase: re.Match | None) -> Mention | None:
        """The project named before whose name ends with this phrase (智能化升级改造项目 for
        伊金霍洛旗巴彦塔拉煤矿智能化升级改造项目)."""
        if phrase is None:
            return None
        return next((p for p in reversed(self.projects) if p.label.endswith(phrase.group()) and p.label != phrase.group()), None)

    def see(self, mentions: list[Mention]) -> None:
        opening = min((m for m in mentions if not m.inner and m.type in ORG_TYPES), key=lambda m: m.start, default=None)
        if opening is not None:
            # the organisation a sentence opens with (or, failing that, the first it names) is what 该公司 later stands for
            self.topic = opening
        for m in mentions:
            if m.inner:
                continue
            if m.type == "Project":
                self.last["Project"] = m
                self.projects.append(m)
            if m.type in ORG_TYPES:
                self.last["Organization"] = m
            if m.type == "Company":
                self.last["Company"] = m
            if m.type in {"Technology", "ResearchInstitution", "IndustrialPark"}:
                self.last[m.type] = m
            if m.type == "IndustrialPark":
                self.parks.append(m)
            if m.type == "Alliance":
                self.last["Alliance"] = m
                for word in ("联盟", "协会", "联合体", "商会"):
                    if m.label.endswith(word):
                        self.last["Alliance:" + word] = m


PROJECT_WORDS = lists.alternation("project-words")
PROJECT_REF = re.compile(rf"(?:该|本|此)(?:{PROJECT_WORDS})|(?:此次|这次|本次)(?:改造|升级|扩建|技改)|(?:^|[，,；;。“])(?:项目|工程|电站|工厂|中试线|生产线)(?=[总位由建采将于计已是所主年规一分配共投估还也同在可应部以引通达实预自设占整新累全目运首落开完进])")
GENERIC_PROJECT = re.compile(r"^[\u4e00-\u9fff]{2,12}?(?:项目|工程)(?=[由总于位将已是，,])")
ALLIANCE_REF = re.compile(r"(?:该|本|此)(?:联盟|协会|联合体)|(?:^|[，,。；;])(?:联盟|协会|联合体|创新联合体)(?=由|秘书处|成员)")
COMPANY_REF = re.compile(r"(?:该|本|此)(?:企业|公司|集团|合作社)|^(?:公司|合作社)")


def _between(sentence: str, a: Mention, b: Mention) -> str:
    return sentence[a.end : b.start] if a.end <= b.start else ""


def _outer(mentions: list[Mention]) -> list[Mention]:
    return [m for m in mentions if not m.inner]


def facts_of_sentence(sentence: str, sent: int, mentions: list[Mention], ctx: Context) -> list[Fact]:
    facts: list[Fact] = []
    outer = _outer(mentions)

    def add(s: Mention | None, p: str, o, rule: str = "") -> None:
        if s is None or o is None or s is o:
            return
        if isinstance(o, Mention) and s.label == o.label:
            return
        facts.append(Fact(s, p, o, sent, rule))

    # -- inside a name: places it begins with, its owner, what it makes
    for m in mentions:
        if m.place is not None:
            add(m, "locatedIn", m.place, "locatedIn/implied-place")
    for m in outer + [x for x in mentions if x.inner and x.type in ORG_TYPES]:
        inner = [i for i in mentions if i.inner and m.start <= i.start and i.end <= m.end and i is not m]
        chain_end = m.start
        for i in sorted(inner, key=lambda x: (x.start, -x.end)):
            if i.type in {"Project", "Technology", "Product"}:
                continue  # 杭锦旗…电站 inside 杭锦旗…电站项目: not a place or owner the name begins with
            if i.start < chain_end:
                continue  # 大路 inside 大路产业园 inside 大路产业园天晟新科技…生产线: the park's, not the line's
            if i.start != chain_end:
                break
            chain_end = i.end
            if i.type in CONTAINER_TYPES | {"Place"} and m.type in {"Project", "IndustrialPark", "Town", "Village"}:
                add(m, "locatedIn", i, "locatedIn/place-opens-name")
            elif i.type in ORG_TYPES and m.type == "Project":
                add(m, "operatedBy", i, "operatedBy/owner-opens-name")
            elif i.type in ORG_TYPES and m.type in ORG_TYPES:
                add(m, "subsidiaryOf", i, "subsidiaryOf/parent-opens-name")
        for i in inner:
            if i.type == "Product" and m.type == "Project":
                add(m, "produces", i, "produces/product-in-name")
            if i.type in ORG_TYPES and m.type == "Project" and i.start == m.start:
                add(m, "operatedBy", i, "operatedBy/owner-opens-name")  # 氢驰汽车鄂尔多斯新能源重卡产业园项目: the owner opens the name
        # an organisation named after a division or park is located there (内蒙古铁辰智能装备有限公司,
        # 达拉特经济开发区管委会): the most specific place its name begins with
        if m.type in ORG_TYPES:
            places = [i for i in inner if i.type in CONTAINER_TYPES and i.start < m.end - 2]
            if places:
                add(m, "locatedIn", max(places, key=lambda i: (LEVEL[i.type], i.end)), "locatedIn/organisation-named-after-place")

    # -- neighbours: 杭锦旗锡尼镇, 准格尔经济开发区久泰新材料公司
    for a, b in zip(outer, outer[1:]):
        if b.start - a.end > 0 or a.type not in CONTAINER_TYPES:
            continue
        if b.type in LEVEL and LEVEL[b.type] > LEVEL[a.type]:
            add(b, "locatedIn", a, "locatedIn/place-right-before")
        elif b.type == "IndustrialPark" and a.type == "IndustrialPark":
            add(b, "locatedIn", a, "locatedIn/place-right-before")
        elif b.type in {"Project", "Company", "ResearchInstitution"} and a.type in {"IndustrialPark", "Town", "Village", "Banner"}:
            add(b, "locatedIn", a, "locatedIn/place-right-before")

    rules = [
        lambda: _located(sentence, outer, ctx, add),
        lambda: _headline_place(sentence, outer, add),
        lambda: _operated(sentence, outer, ctx, add),
        lambda: _subsidiary(sentence, outer, add, ctx, mentions),
        lambda: _collaboration(sentence, outer, ctx, add),
        lambda: _technology(sentence, outer, ctx, add),
        lambda: _technology_applied(sentence, outer, ctx, add),
        lambda: _quantities(sentence, sent, outer, ctx, facts),
    ]
    for rule in rules:
        guarded(rule, sentence)
    ctx.see(mentions)
    return facts


def guarded(rule, sentence: str):
    """Run one rule; a fault in a rule loses that rule's facts for one sentence, never the build.
    (Faults are bugs: they are logged, and the tests fail on the scores they cost.)"""
    try:
        return rule()
    except Exception as e:  # noqa: BLE001 - any fault of one rule on one sentence
        log.warning("a rule failed on the sentence %r: %s: %s", sentence[:60], type(e).__name__, e)
        return None


def _subject_before(sentence: str, outer: list[Mention], pos: int, types: set[str], ctx: Context, ref: re.Pattern | None, kind: str,
                    makers: bool = False) -> Mention | None:
    """The name a clause is about: the nearest fitting name before `pos`, or what 该项目 stands for."""
    clause_start = max(sentence.rfind(c, 0, pos) for c in "。；;") + 1
    cands = [m for m in outer if m.end <= pos and m.start >= clause_start and m.type in types
             and (makers or not re.match(r"(自主|独立|联合|共同)?(研发|研制|开发|提供|生产|制造|设计)(出)?的", sentence[m.end : m.end + 8]))]
    # 该项目由X投资建设，…主要生产Y: X is the agent of another verb; the clause is about the project
    agents = [a.span() for a in re.finditer(r"由[^，,。；;]{2,60}?" + BUILD_VERBS, sentence[:pos])]
    subjects = [m for m in cands if not re.search(r"由$", sentence[clause_start : m.start])
                and not any(a <= m.start and m.end <= b for a, b in agents)]
    if subjects != cands and ref is not None and ref.search(sentence[clause_start:pos]):
        cands = subjects
    if ref is not None:
        refs = [r for r in ref.finditer(sentence[: pos + 1]) if r.end() <= pos + 1]
        if refs and (not cands or refs[-1].start() >= cands[-1].end):
            if kind == "Project":
                word = re.search(PROJECT_WORDS, refs[-1].group())
                named = [p for p in reversed(ctx.projects) if word and p.label.endswith(word.group())]
                if named:
                    return named[0]
            return ctx.last.get(kind)
    return cands[-1] if cands else None


def _headline_place(sentence, outer, add):
    """鄂托克旗：…项目开工 — a headline that opens with a place and a colon speaks of projects there."""
    head = outer[0] if outer else None
    if head is None or head.start != 0 or head.type not in CONTAINER_TYPES or not re.match(r"^\s*[：:]", sentence[head.end :]):
        return
    for m in outer[1:]:
        if m.type in {"Project", "IndustrialPark"}:
            add(m, "locatedIn", head, "locatedIn/headline-place")


SEAT = re.compile(r"(?:总部|公司总部|注册地|生产基地|厂区|秘书处|办公地点)(?:位于|设在|坐落于|在)$")
SET_UP = re.compile(r"^(?:注册成立|注册|成立|设立|落户)")


def _topic_org(sentence: str, outer: list[Mention], pos: int, ctx: Context) -> Mention | None:
    """The organisation a sentence is about: the one before its first 是 / the one 该公司 stands for /
    its first organisation."""
    orgs = [m for m in outer if m.type in ORG_TYPES and m.end <= pos]
    ref = COMPANY_REF.search(sentence[:pos])
    if ref:
        named = [m for m in orgs if m.end <= ref.start()]
        return named[-1] if named else (ctx.topic or ctx.last.get("Company"))
    copula = re.search(r"是|系|为", sentence[:pos])
    if copula:
        before = [m for m in orgs if m.end <= copula.start()]
        if before:
            return before[-1]
    return orgs[0] if orgs else None


def _seats(sentence, outer, ctx, add) -> set[int]:
    """总部位于东胜区, 在达拉特旗树林召镇注册成立, X是Y在鄂尔多斯设立的全资子公司, 生产基地设在乌兰木伦镇:
    where an organisation sits."""
    handled: set[int] = set()
    places = [m for m in outer if m.type in CONTAINER_TYPES]
    for p in places:
        chain_end = p
        for q in places:
            if q.start == chain_end.end:
                chain_end = q
        if p is not chain_end and any(q.end == p.start for q in places):
            continue  # inside a chain: the chain's first place speaks for it
        before = sentence[max(0, p.start - 8) : p.start]
        after = sentence[chain_end.end : chain_end.end + 6]
        founds = re.match(r"^(设立|成立|组建)(了)?", after)
        if before.endswith("在") and founds and any(m.start == chain_end.end + founds.end() for m in outer if m.type in ORG_TYPES):
            continue  # 在伊金霍洛旗设立X研究院: X is there, not the one that sets it up
        if SEAT.search(before) or (before.endswith("在") and SET_UP.match(after) and not re.match(r"^(成立|设立)(了|的)?[^，,。；;]{0,12}(联盟|协会|实验室|研究院|中心)", after)):
            org = _topic_org(sentence, outer, p.start, ctx)
            if org is not None:
                add(org, "locatedIn", chain_end, "locatedIn/总部位于X")
                handled.update(id(q) for q in places if p.start <= q.start and q.end <= chain_end.end)
    return handled


PARK_REF = re.compile(r"(?:^|[，,。；;])\s*(?:在|走进)?(?:该|本|此)?(?:开发区|园区|产业园|工业园区?)(?:内|里)?[，,]")
WHERE_OPENS = re.compile(r"^\s*(?:(?:近日|日前|目前|当天|同日|如今|眼下|今年以来|连日来|[\d月日年]+)[，,]?\s*)*(?:在|走进|走入|来到|位于)$")


def _chain_end(sentence, outer, p):
    """The last of the places written one after another from `p` (杭锦旗独贵塔拉镇的独贵塔拉工业园区)."""
    last = p
    for m in sorted((m for m in outer if m.start >= p.end and m.type in CONTAINER_TYPES), key=lambda m: m.start):
        if m.start == last.end or (sentence[last.end : m.start] == "的" and m.type == "IndustrialPark"):
            last = m
        else:
            break
    return last


def _located(sentence, outer, ctx, add):
    seated = _seats(sentence, outer, ctx, add)
    places = [m for m in outer if m.type in CONTAINER_TYPES | {"Place"} and id(m) not in seated]
    things = {"Project", "Company", "ResearchInstitution", "IndustrialPark"}
    # X开发区…由A、B和C组成: the parks that make up a park
    made_of = re.search(r"由([^。；;]{4,80}?)(?:等)?(?:[两三四五六七八九十\d]+个)?(?:园区|片区)?(?:组成|构成)", sentence)
    if made_of:
        whole = next((m for m in outer if m.type == "IndustrialPark" and m.end <= made_of.start()), None)
        for m in outer:
            if m.type == "IndustrialPark" and m is not whole and made_of.start(1) <= m.start and m.end <= made_of.end(1):
                add(m, "locatedIn", whole, "locatedIn/由A和B组成")
    # 在开发区内，X项目…: the park the article is about
    ref = PARK_REF.search(sentence)
    if ref and ctx.last.get("IndustrialPark") is not None:
        project = next((m for m in outer if m.start >= ref.end() and m.type == "Project"), None)
        add(project, "locatedIn", ctx.last["IndustrialPark"], "locatedIn/在该园区内")
    # 在零碳产业园内，X项目…: a park named before by a longer name
    named = re.search(r"(?:^|[，,。；;])\s*在([\u4e00-\u9fff]{2,8}?(?:开发区|园区|产业园|工业园区?))(?:内|里)[，,]", sentence)
    if named and not any(m.type == "IndustrialPark" and m.label == named.group(1) for m in outer):
        park = next((p for p in reversed(ctx.parks) if p.label.endswith(named.group(1))), None)
        project = next((m for m in outer if m.start >= named.end() and m.type == "Project"), None)
        add(project if park is not None else None, "locatedIn", park, "locatedIn/在X园区内")
    for p in places:
        # X的Y: a project, company, lab or park named right after a place and 的 lies there (达拉特旗白泥井镇的500千伏巴音变电站)
        nxt = next((m for m in outer if m.start == p.end + 1 and sentence[p.end] == "的"), None)
        if nxt is not None and nxt.type in things and p.type in CONTAINER_TYPES and not re.search(
            r"(与|和|同|跟|对|向|为|来自|从)$", sentence[max(0, p.start - 2) : p.start]
        ) and not (nxt.type == "IndustrialPark" and p.type == "IndustrialPark"):
            add(nxt, "locatedIn", p, "locatedIn/X的Y")
        before = sentence[max(0, p.start - 3) : p.start]
        if p.type == "Place" and re.search(r"(河|江|川)$", p.label):
            continue  # 地处黄河“几字弯”: a river is no container
        if re.search(r"(地跨|横跨)$", before) and p.type in CONTAINER_TYPES:
            # 高新区地跨东胜区铜川镇和罕台镇: the thing lies in each place
            subj = _subject_before(sentence, outer, p.start, things | {"Place"}, ctx, None, "Project")
            if subj is not None:
                last = _chain_end(sentence, outer, p)
                add(subj, "locatedIn", last, "locatedIn/地跨X")
                for m in sorted(outer, key=lambda x: x.start):
                    if m.type == last.type and m.start > last.end and re.fullmatch(r"[和及与、]", sentence[last.end : m.start]):
                        add(subj, "locatedIn", m, "locatedIn/地跨X")  # 横跨杭锦旗、达拉特旗、准格尔旗: each one
                        last = m
            continue
        if not re.search(r"(位于|地处|坐落于|落户|落地|建在|选址|入驻|在|走进|走入|来到)$", before):
            continue
        last_place = _chain_end(sentence, outer, p)
        # …镇和中和西镇: a second place joined to the first
        also = [m for m in outer if m.type == last_place.type and m.start > last_place.end
                and re.fullmatch(r"[和及与、]", sentence[last_place.end : m.start])]
        nxt = next((m for m in outer if m.start >= last_place.end and m.type not in CONTAINER_TYPES), None)
        if nxt is not None and sentence[last_place.end : nxt.start] == "的" and before.endswith(("位于", "地处", "坐落于")):
            add(nxt, "locatedIn", last_place, "locatedIn/位于X的Y")
            continue
        if before.endswith(("位于", "地处", "坐落于", "落户", "落地", "建在", "选址", "入驻")):
            natural = next((m for m in outer if m.type == "Place" and m.start == last_place.end and last_place.type in CONTAINER_TYPES), None)
            higher = CONTAINER_TYPES if p.type == "Place" or p.type in {"City", "Region"} else set()
            subj = _subject_before(sentence, outer, p.start, things | {"Place"} | higher, ctx, PROJECT_REF, "Project")
            if subj is not None and subj is not last_place and not (subj.type in LEVEL and last_place.type in LEVEL and (
                    LEVEL[subj.type] < LEVEL[last_place.type] or (LEVEL[subj.type] == LEVEL[last_place.type] and subj.type != "IndustrialPark"))):
                add(subj, "locatedIn", last_place, "locatedIn/位于X")
                for m in also:
                    add(subj, "locatedIn", m, "locatedIn/位于X")
                add(subj if natural is not None and subj.type != "Place" else None, "locatedIn", natural, "locatedIn/位于X")  # 位于杭锦旗库布其沙漠腹地
            continue
        rest = sentence[last_place.end :]
        if before.endswith("在") and re.match(r"^(?:内|正式|顺利|全面)?(?:开工|建成|投产|落地|开建|投运|实施|揭牌|挂牌)", rest):
            # 项目已在康巴什区的鄂尔多斯高新区开工: the clause's project (or lab) is there
            subj = _subject_before(sentence, outer, p.start, {"Project", "ResearchInstitution"}, ctx, PROJECT_REF, "Project")
            if subj is not None:
                add(subj, "locatedIn", last_place, "locatedIn/在X开工")
                continue
        # 位于东胜区的鄂尔多斯羊绒产业园内，X工厂…: what comes after the park is in it
        if before.endswith(("位于", "地处", "坐落于")) and re.match(r"^(?:内|里|中)[，,]", rest):
            inside = next((m for m in outer if m.start > last_place.end and m.type in {"Project", "Company", "ResearchInstitution"}), None)
            add(inside, "locatedIn", last_place, "locatedIn/位于X内Y")
        sets_up = re.match(r"^(设立|成立|注册|投资|组建)", rest)
        subj = next((m for m in outer if m.end == p.start - 1 and m.type == "Project"), None)
        if before.endswith("在") and subj is not None and not sets_up:
            add(subj, "locatedIn", last_place, "locatedIn/Y在X")  # 项目在蒙苏经济开发区开工
            continue
        built = re.match(r"^(?:腹地|境内|周边|内)?(规划|计划|投资|加快|正在|开工)?(建设|打造|新建|兴建|实施|建成|设立|成立|共建|组建|建立)(了|的)?", rest)
        if before.endswith("在") and built:
            nxt_thing = next((m for m in outer if m.start == last_place.end + built.end() and m.type in things), None)
            if nxt_thing is not None:
                add(nxt_thing, "locatedIn", last_place, "locatedIn/在X建设Y")  # 在X投资建设的Y, 在X设立Y研究院
                continue
            subj = _subject_before(sentence, outer, p.start, {"Project"}, ctx, PROJECT_REF, "Project")
            if subj is not None and re.search(r"(拟|将|计划|正)?在$", sentence[: p.start]):
                add(subj, "locatedIn", last_place, "locatedIn/在X建设Y")  # 项目…拟在库布其沙漠腹地建设光伏60万千瓦
                continue
        clause_from = max(sentence.rfind(c, 0, p.start) for c in "，,。；;") + 1
        if WHERE_OPENS.match(sentence[: p.start]) or WHERE_OPENS.match(sentence[clause_from : p.start]) or (before.endswith("在") and p.start <= 2):
            # 在A，总投资…的B项目正快速推进 / 走进A，B项目现场…: the first project after, else the first organisation
            if re.match(r"^(内|里|中)?[的，,]", rest):
                after = [m for m in outer if m.start > last_place.end and m.type in {"Project", "Company", "ResearchInstitution"}]
                target = next((m for m in after if m.type == "Project"), None) or next(iter(after), None)
                add(target, "locatedIn", last_place, "locatedIn/句首在X")
                # 在高新区装备制造产业园，A项目、B生产线、C项目相继建成投产: each project listed
                clause_end = re.search(r"[。；;]", sentence[last_place.end :])
                stop = last_place.end + clause_end.start() if clause_end else len(sentence)
                for m in after:
                    if m.type == "Project" and m is not target and m.start < stop:
                        add(m, "locatedIn", last_place, "locatedIn/句首在X")


# 建设单位为X, 业主是X: X builds the project
BUILDER_IS = re.compile(r"(建设|业主|实施|投资|运营)(单位|主体|方)(为|是)$")
BUILD_VERBS = "(?:" + lists.alternation("build-verbs") + ")"


def _operated(sentence, outer, ctx, add):
    projects = [m for m in outer if m.type == "Project"]
    orgs = [m for m in outer if m.type in ORG_TYPES]
    # 该项目是X在内蒙古投资建设的重点项目: X builds it
    owner = re.search(r"(?:该|本|此)?(?:项目|工程|电站)(?:是|为|系)$", sentence[: orgs[0].start]) if orgs else None
    if owner and re.match(r"(在[^，,。；;]{1,10})?" + BUILD_VERBS + r"的", sentence[orgs[0].end :]):
        add(_subject_before(sentence, outer, owner.end(), {"Project"}, ctx, PROJECT_REF, "Project"), "operatedBy", orgs[0], "operatedBy/项目是X投资建设的")
    # 该公司投资建设的P / 其投资建设的P: the company spoken of builds P
    for p in projects:
        ref = re.search(r"(?:(?:该|本|此)(?:公司|企业|集团)|其)" + BUILD_VERBS + r"的$", sentence[: p.start])
        if ref:
            add(p, "operatedBy", _topic_org(sentence, outer, ref.start() + 3, ctx) if not ref.group().startswith("其") else
                next((o for o in reversed(orgs) if o.end <= ref.start()), None) or ctx.last.get("Company"), "operatedBy/该公司投资建设的Y")
    if not orgs:
        return
    for o in orgs:
        before = sentence[max(0, o.start - 6) : o.start]
        after = sentence[o.end : o.end + 8]
        # …项目由A发榜、B教授团队揭榜: the one that sets the challenge and the one that takes it
        took = re.match(r"[\u4e00-\u9fff]{0,8}?团队(?:发榜|揭榜)", sentence[o.end : o.end + 14])
        if took:
            add(_subject_before(sentence, outer, o.start, {"Project"}, ctx, PROJECT_REF, "Project"), "operatedBy", o, "operatedBy/X团队揭榜")
            continue
        # A与B合作建设的P: both build P
        ally = next((b for b in orgs if b.start > o.end and re.fullmatch(r"[与和]", sentence[o.end : b.start])), None)
        joint = re.match(r"(?:合作|共同|联合)(?:投资)?建设的", sentence[ally.end : ally.end + 8]) if ally is not None else None
        if joint:
            p = next((x for x in projects if x.start == ally.end + joint.end()), None)
            add(p, "operatedBy", o, "operatedBy/A与B合作建设的Y")
            add(p, "operatedBy", ally, "operatedBy/A与B合作建设的Y")
        # O位于A的P / O在A建设的P: O's project
        owned = re.match(r"(?:位于|在)[^，,。；;的]{2,24}?(?:投资)?(?:建设)?的", sentence[o.end : o.end + 30])
        if owned:
            p = next((x for x in projects if x.start == o.end + owned.end()), None)
            add(p, "operatedBy", o, "operatedBy/X位于A的Y")
        # 由O投资建设 / 建设单位为O
        child = next((b for b in orgs if b.start > o.end and re.fullmatch(r"(的)?(全资|控股|独资)?子公司", sentence[o.end : b.start])), None)
        if child is not None and (BUILDER_IS.search(before) or before.endswith("由")):
            o = child  # 建设单位为A全资子公司B / 由A全资子公司B投资建设: B builds it
            before = ("由" if before.endswith("由") else "建设单位为")
            after = sentence[o.end : o.end + 8]
        partners = _listed_after(sentence, orgs, o)
        if partners and re.search(r"由$", before) and re.match(r"(共同|联合)?" + BUILD_VERBS, sentence[partners[-1].end : partners[-1].end + 8]):
            # 由A与B共同投资建设, 由A、B和C共同投资建设: all of them build it
            p = _subject_before(sentence, outer, o.start, {"Project"}, ctx, PROJECT_REF, "Project") or next((m for m in projects if m.start > partners[-1].end), None)
            for builder in [o, *partners]:
                add(p, "operatedBy", builder, "operatedBy/由A与B共同投资建设")
            continue
        if re.search(r"由$", before) and re.match(BUILD_VERBS, after) or BUILDER_IS.search(before):
            p = _subject_before(sentence, outer, o.start, {"Project"}, ctx, PROJECT_REF, "Project")
            if p is None:
                p = ctx.named_by_ending(GENERIC_PROJECT.match(sentence))
            if p is None:
                p = next((m for m in projects if m.start > o.end), None)
            add(p, "operatedBy", o, "operatedBy/由X投资建设")
            continue
        # O年产…项目 (the name written right after the owner, once （以下简称…） is read past)
        right_after = next((x for x in projects if x.start == o.end), None)
        if right_after is not None and o.type == "Company" and re.match(r"(年产|年处理|年加工|年捕集|\d)", right_after.label):
            add(right_after, "operatedBy", o, "operatedBy/X年产Y项目")
        # O投资建设的P / O的P / O所属的P
        m = re.match(r"(?:" + BUILD_VERBS + r"|所属|旗下|下属)?的", after)
        if m:
            p = next((x for x in projects if x.start == o.end + m.end()), None)
            add(p, "operatedBy", o, "operatedBy/X投资建设的Y")
            continue
        # O is the subject and builds P later in the clause
        clause_start = max(sentence.rfind(c, 0, o.start) for c in "，,。；;") + 1
        if sentence[clause_start : o.start].strip(" “\"") == "" or re.fullmatch(r"(目前|近年来|同时|此外|今年)[，,]?", sentence[clause_start : o.start]):
            for p in projects:
                if p.start > o.end and re.search(BUILD_VERBS + r"|打造出|建设了|启动", sentence[o.end : p.start]) and not re.search(r"[。；;]", sentence[o.end : p.start]):
                    add(p, "operatedBy", o, "operatedBy/X建设Y")
                    break


def _listed_after(sentence: str, orgs: list[Mention], first: Mention) -> list[Mention]:
    """The organisations listed right after `first` (A与B, A、B和C, A联合B): B, C."""
    out, last = [], first
    while (nxt := next((b for b in orgs if b.start > last.end and re.fullmatch(r"[与和及、]|联合|携手", sentence[last.end : b.start])), None)) is not None:
        out.append(nxt)
        last = nxt
    return out


CHILD_TAIL = re.compile(r"(在.{1,8}?(设立|成立|注册|投资))?(的)?(全资|控股|独资|参股)?(子公司|分公司|孙公司|下属企业|二级公司)|(下属|旗下|所属|控股)的")


UNIT_KIND = lists.mapping("unit-kinds")


def _subsidiary(sentence, outer, add, ctx, mentions):
    # organisations that open a project's name count too (X旗下的Y公司Z项目)
    owners = [m for m in mentions if m.inner and m.type in ORG_TYPES and any(o.type == "Project" and o.start == m.start for o in outer)]
    orgs = sorted([m for m in outer if m.type in ORG_TYPES] + owners, key=lambda m: m.start)
    # 研究院下设A和B / X内设Y: units of an organisation
    for cue in re.finditer(r"下设|下辖|内设|设有", sentence):
        units = [m for m in orgs if m.start >= cue.end() and not re.search(r"[。；;]", sentence[cue.end() : m.start])
                 and not re.search(r"[，,]", sentence[cue.end() : m.start].replace("、", ""))]
        parent = next((m for m in reversed(orgs) if m.end <= cue.start() and not re.search(r"[，,。；;]", sentence[m.end : cue.start()])), None)
        if parent is None and ctx is not None:
            kind = next((k for k in UNIT_KIND if sentence[: cue.start()].endswith(k)), None)
            parent = ctx.last.get(UNIT_KIND[kind]) if kind else None
        for u in units:
            add(u, "subsidiaryOf", parent, "subsidiaryOf/X下设Y")
    for a, b in zip(orgs, orgs[1:]):
        between = _between(sentence, a, b)
        if re.fullmatch(r"(的)?(全资|控股|独资)?(子公司|孙公司)|旗下(的)?|下属(的)?|所属(的)?|控股的", between):
            add(b, "subsidiaryOf", a, "subsidiaryOf/X全资子公司Y")
        elif re.fullmatch(r"(是|为|系|作为)(.{0,2})", between):
            if CHILD_TAIL.match(sentence[b.end : b.end + 20]):
                add(a, "subsidiaryOf", b, "subsidiaryOf/Y是X的子公司")
        elif re.fullmatch(r"隶属于?|隶属", between):
            add(a, "subsidiaryOf", b, "subsidiaryOf/Y隶属X")
        elif between == "由" and re.match(r"(全资|绝对|相对)?控股", sentence[b.end : b.end + 4]):
            add(a, "subsidiaryOf", b, "subsidiaryOf/Y由X控股")  # X由Y控股
    # 旗下拥有A、B、C等5家子公司: the children listed
    listed = re.search(r"(?:旗下|下属|下设)(?:拥有|有|包括|共有)(?P<items>[^。；;]{4,200}?)等?(?:\d+|[两三四五六七八九十]+)?家?(?:全资|控股)?(?:子公司|分公司|企业)", sentence)
    if listed:
        parent = _topic_org(sentence, outer, listed.start(), ctx)
        parent = parent if parent is not None and parent.type == "Company" else None
        for b in orgs:
            if listed.start("items") <= b.start and b.end <= listed.end("items") and b is not parent:
                add(b, "subsidiaryOf", parent, "subsidiaryOf/旗下拥有A和B")
    for b in orgs:
        pre = sentence[: b.start]
        # 该公司是Y全资子公司: the company 该公司 stands for
        if re.search(r"(?:该|本|此)(?:公司|企业)(是|为|系)$", pre) and CHILD_TAIL.match(sentence[b.end : b.end + 20]):
            add(_topic_org(sentence, outer, b.start, ctx), "subsidiaryOf", b, "subsidiaryOf/该公司是X子公司")
        # …，旗下的Z / 由集团旗下的Z: a child of the sentence's company, or of the last group named
        owner_word = re.search(r"(?:^|[，,；;])\s*(?:其|公司|集团)?(?:旗下|下属)(?:的)?$|(?<=由)(?:集团|公司)(?:旗下|下属)(?:的)?$", pre)
        if owner_word:
            word = "集团" if "集团" in owner_word.group() else None
            parent = next((m for m in reversed([o for o in orgs if o.end <= b.start]) if word is None or m.label.endswith(word)), None)
            if parent is None and word is not None:
                parent = next((m for m in reversed(list(ctx.last.values())) if isinstance(m, Mention) and m.label.endswith(word)), None)
            add(b, "subsidiaryOf", parent if word else _topic_org(sentence, outer, b.start, ctx), "subsidiaryOf/旗下的Y")


COLLAB = re.compile(lists.cues("collaboration-cues"))
FOUND = re.compile(lists.cues("founding-cues"))


def _alliance(ctx: Context, word: str) -> Mention | None:
    """The alliance 该联盟 / 联盟 / 协会 stands for: the last one named with that word."""
    for w in ("联盟", "协会", "联合体", "商会"):
        if w in word:
            return ctx.last.get("Alliance:" + w) or ctx.last.get("Alliance")
    return ctx.last.get("Alliance")


def _collaboration(sentence, outer, ctx, add):
    orgs = [m for m in outer if m.type in ORG_TYPES and m.type != "Alliance"]
    alliances = [m for m in outer if m.type == "Alliance"]
    cue = COLLAB.search(sentence)
    found = FOUND.search(sentence)
    # 该联盟由X牵头 / 联盟由X、Y等共同发起 / X也加入联盟
    ref = ALLIANCE_REF.search(sentence)
    referred = _alliance(ctx, ref.group()) if ref else None
    if referred is None and re.search(r"加入(该|这一|本)?(联盟|协会)(?![\u4e00-\u9fff]*(联盟|协会))", sentence) and not alliances:
        referred = _alliance(ctx, re.search(r"加入(该|这一|本)?(联盟|协会)", sentence).group())
        joined = re.search(r"加入(该|这一|本)?(联盟|协会)", sentence)
        subj = _subject_before(sentence, outer, joined.start(), ORG_TYPES, ctx, None, "Company") if joined else None
        if referred is not None and subj is not None and subj is not referred:
            add(subj, "memberOf", referred, "memberOf/加入联盟")
            return
    if referred is None and alliances:
        # 新成立的X联盟，由A牵头，联合B、C等18家单位共同发起: the alliance this sentence names
        after = sentence[alliances[0].end :]
        if re.match(r"^[，,]?\s*(由|是由)", after):
            referred = alliances[0]
        # 由A牵头，联合B、C等共同组建的X联合体: the founders come first
        elif re.search(r"由[^。；;]{2,200}(发起|组建|成立|倡议)(成立)?的$", sentence[: alliances[0].start]):
            referred = alliances[0]
    members = re.search(r"成员(?:单位)?(?:包括|有|为|涵盖)(.{2,300}?)(?:等|。|$)", sentence)
    if members and (referred is not None or alliances):
        club = referred or alliances[-1]
        for o in outer:
            if o.type in ORG_TYPES and o is not club and members.start(1) <= o.start and o.end <= members.end(1):
                add(o, "memberOf", club, "memberOf/成员包括X")
    if referred is not None:
        founders = re.search(r"由(.{2,200}?)(?:共同)?(?:发起|倡议|主导|组建|成立)", sentence) or re.search(r"由(.{2,60}?)牵头", sentence)
        if founders:
            for o in outer:
                if (o.type in ORG_TYPES and o is not referred and founders.start(1) <= o.start and o.end <= founders.end(1)
                        and not re.match(r"(指导|支持|主管|主办|批准)", sentence[o.end : o.end + 2])):
                    add(o, "memberOf", referred, "memberOf/由X发起")
            alliances = []  # the founders' ties to each other are read below
    # 由该实验室牵头成立的X联盟: the organisation 该实验室 stands for founded X
    led = re.search(r"由(?:该|本|此)(实验室|研究院|企业|公司|集团|大学|学院|中心)(?:牵头|发起|联合)[^，,。；;]{0,8}?(?:成立|组建|发起)的", sentence)
    if led and alliances:
        add(ctx.last.get(UNIT_KIND.get(led.group(1), "Company")), "memberOf", next((a for a in alliances if a.start >= led.end()), alliances[0]), "memberOf/由该单位牵头成立")
    # "该企业牵头组建…联盟"
    if alliances and found:
        members = [o for o in orgs if o.end <= alliances[0].start]
        if not members and COMPANY_REF.search(sentence[: found.start()]):
            ref = ctx.last.get("Company") or ctx.last.get("Organization")
            members = [ref] if ref else []
        for o in members:
            add(o, "memberOf", alliances[0], "memberOf/X组建联盟")
    if len(orgs) < 2:
        return
    for cue in _cues(COLLAB, sentence, outer):
        left = [o for o in orgs if o.end <= cue.start()]
        clause_end = re.search(r"[，,。；;]|成立|组建|开展|建立|共建|签署|等", sentence[cue.end() :])
        limit = cue.end() + clause_end.start() if clause_end else len(sentence)
        right = [o for o in orgs if cue.end() <= o.start < limit]
        group: list[Mention] = []
        if left:
            # the subject group joined to the cue by 、和与及 only
            group = [left[-1]]
            for a, b in zip(reversed(left[:-1]), reversed(left[1:])):
                if re.fullmatch(r"[、和与及同]|以及|(还|也|又|将|正式|首先|已|已经|均|分别)?(与|和|同|跟)", _between(sentence, a, b)):
                    group.append(a)
                else:
                    break
            if sentence[left[-1].end : cue.start()].strip() not in {"", "在"} and len(sentence[left[-1].end : cue.start()]) > 4:
                group = []
        ref = re.search(r"(?:该|本|此)(?:公司|企业|集团|合作社)(?:还|也|将|正式)?(?:与|和|同)$", sentence[: min(g.start for g in group)]) if group else None
        if ref:
            # 该公司与内蒙古农业大学共建…: the company spoken of and its partner
            me = _topic_org(sentence, outer, ref.start() + 3, ctx)
            if me is not None and me not in group:
                for g in group:
                    add(me, "collaboratesWith", g, "collaboratesWith/该公司与X")
                ctx.pair = (me, group[0])
            continue
        if len(group) >= 2 and cue.group() in {"签约", "签署", "签订", "合作", "携手", "联合"}:
            ctx.pair = tuple(group[:2])
        elif group and right:
            ctx.pair = (group[0], right[0])
        if cue.group() in {"联合", "共同"} and not right and len(group) >= 2 and not re.search(
                r"(与|同|和|跟|联合|携手|会同)$", sentence[: min(g.start for g in group)]):
            # A、B、C联合核发: they act together
            for i, a in enumerate(group):
                for b in group[i + 1 :]:
                    add(b, "collaboratesWith", a, "collaboratesWith/A和B联合")
        elif cue.group() in {"联合", "携手", "牵手", "联手"} and right:
            for a in group:
                for b in right:
                    add(a, "collaboratesWith", b, "collaboratesWith/A联合B")
        elif cue.group() in {"合作", "共同", "协同", "共建", "签约", "签署", "签订"} and len(group) >= 2 and not re.search(
            r"(与|同|和|跟|联合|携手|会同)$", sentence[: min(g.start for g in group)]
        ):
            # A和B共同组建 / A与B合作
            for i, a in enumerate(group):
                for b in group[i + 1 :]:
                    add(b, "collaboratesWith", a, "collaboratesWith/A与B合作")


TEAM_CUE = re.compile(r"^(创新|研发|科研|技术|攻关)团队")
USE_CUES = re.compile(lists.cues("use-cues"))
DEVELOP_CUES = re.compile(lists.cues("develop-cues"))
PRODUCE_CUES = re.compile(lists.cues("produce-cues"))


def _cues(pattern: re.Pattern, sentence: str, mentions: list[Mention], end: int | None = None) -> list[re.Match]:
    """Cue words outside names (开发 in 经济开发区 is no cue)."""
    text = sentence if end is None else sentence[:end]
    return [c for c in pattern.finditer(text) if not any(m.start <= c.start() < m.end for m in mentions)]


def _partners(sentence: str, outer: list[Mention], s: Mention | None, cue: int) -> list[Mention]:
    """Organisations that act with `s` in the clause: X联合Y研发, X与Y共同开发."""
    if s is None:
        return []
    out = []
    joint = r"(将|还|也|正式)?(联合|携手|与|和|同|会同|及|、)"
    for o in outer:
        if o is s or o.type not in ORG_TYPES:
            continue
        if s.end <= o.start < cue and re.fullmatch(joint, sentence[s.end : o.start]):
            out.append(o)
        elif o.end <= s.start and re.fullmatch(joint, sentence[o.end : s.start]):
            out.append(o)
    return out


def _technology(sentence, outer, ctx, add):
    techs = [m for m in outer if m.type == "Technology"]
    products = [m for m in outer if m.type == "Product"]
    for t in techs + products:
        # 「碳龙-1」型回转窑由X研制: made by X
        by = re.match(r"(?:已|均)?由", sentence[t.end : t.end + 3])
        if by:
            maker = next((m for m in outer if m.type in ORG_TYPES and m.start == t.end + by.end()), None)
            if maker is not None and re.match(r"(?:自主|独立|联合)?(?:研制|研发|开发|设计)", sentence[maker.end : maker.end + 6]):
                add(maker, "develops", t, "develops/T由X研制")
    for t in techs:
        if TEAM_CUE.match(sentence[t.end : t.end + 4]):
            # A和B共同组建的T创新团队 / X集团T技术团队: they work on T
            s = _subject_before(sentence, outer, t.start, ORG_TYPES, ctx, None, "Company")
            add(s, "develops", t, "develops/X的T团队")
            for partner in _partners(sentence, outer, s, t.start):
                add(partner, "develops", t, "develops/X的T团队")
            continue
        use = _cues(USE_CUES, sentence, outer, t.start)
        dev = _cues(DEVELOP_CUES, sentence, outer, t.start)
        pre = sentence[: t.start]
        attributive = dev and re.fullmatch(r"(出)?的", sentence[dev[-1].end() : t.start])
        if use and dev and attributive and use[-1].start() < dev[-1].start():
            # 采用X自主研发的T / 引进X开发的T: X develops T, and the subject of 采用 uses it
            maker = next((m for m in reversed(outer) if m.type in ORG_TYPES and use[-1].end() <= m.start and m.end <= dev[-1].start() and
                          re.fullmatch(r"(所|自主|独立|联合|共同|自行)*", sentence[m.end : dev[-1].start()])), None)
            own = re.match(r"(?:该|本)?(?:公司|企业|集团)(?:(?:与|和)(?P<with>[^，,。；;]{2,30}?))?(?:所|自主|独立|联合|共同|自行)*$",
                           sentence[use[-1].end() : dev[-1].start()])
            if maker is None and own:
                # 采用公司自主研发的T / 采用公司与内蒙古大学联合研发的T: the company spoken of
                maker = _topic_org(sentence, outer, use[-1].start(), ctx) or ctx.topic
                if maker is not None and maker.type not in ORG_TYPES:
                    maker = None
                if own.group("with"):
                    ally = next((m for m in outer if m.type in ORG_TYPES and m.start >= use[-1].end() + own.start("with")
                                 and m.end <= use[-1].end() + own.end("with")), None)
                    add(ally, "develops", t, "develops/采用X研发的T")
                    add(maker, "collaboratesWith", ally, "collaboratesWith/A与B联合研发")
            add(maker, "develops", t, "develops/采用X研发的T")
            partners = _partners(sentence, outer, maker, dev[-1].start())
            team = sorted([maker] + partners, key=lambda m: m.start) if maker is not None else []
            lead = next((m for m in team if re.match(r"(联合|携手|牵头)", sentence[m.end : m.end + 2])), None)
            for partner in partners:
                add(partner, "develops", t, "develops/采用X研发的T")  # 采用A与B联合研发的T: both develop it, together
            for a, b in ([(lead, m) for m in team if m is not lead] if lead else list(zip(team, team[1:]))[:1]):
                add(a, "collaboratesWith", b, "collaboratesWith/A与B联合研发")  # A联合B、C研制: A with B and A with C, not B with C
            dev = []
        if use and (not dev or use[-1].start() > dev[-1].start()):
            s = _subject_before(sentence, outer, use[-1].start(), {"Project"} | ORG_TYPES, ctx, PROJECT_REF, "Project")
            if s is not None and s.type in ORG_TYPES and re.search(r"[与和同跟]$", sentence[: s.start]):
                s = None  # 合作社与内蒙古农业大学开展合作，…推广应用T: the partner is not the one that applies it
            if s is None and COMPANY_REF.search(pre):
                s = ctx.last.get("Company")
            if s is None and re.search(r"(同时|并|还|也|另外|此外)[^，,。；;]{0,4}$", sentence[: use[-1].start()]):
                s = ctx.last_user  # …采用X；同时应用了Y: the same subject
            add(s, "usesTechnology", t, "usesTechnology/X采用T")
            ctx.last_user = s or ctx.last_user
            if s is not None and s.type in ORG_TYPES and re.search(r"(自主)?(创新|研发|研制|开发)的$|自研的?$", sentence[use[-1].end() : t.start]):
                add(s, "develops", t, "develops/凭借自主研发的T")  # 凭借创新的X: its own
        elif dev:
            s = _subject_before(sentence, outer, dev[-1].start(), ORG_TYPES, ctx, COMPANY_REF, "Company", makers=True)
            both = re.search(r"双方|两家|两者", sentence[: dev[-1].start()])
            if s is not None and both and ctx.pair and s not in ctx.pair and s.start > both.end():
                s = None  # 双方将共建X实验室，联合开展T研发: the two partners develop T, not the lab they found
            if s is None and both and ctx.pair:
                for party in ctx.pair:
                    add(party, "develops", t, "develops/X研发T")
            add(s, "develops", t, "develops/X研发T")
            for partner in _partners(sentence, outer, s, dev[-1].start()):
                add(partner, "develops", t, "develops/X研发T")
        else:
            # T应用于P
            after = sentence[t.end : t.end + 6]
            if re.match(r"(成功)?(应用于|用于|落地|交付)", after):
                p = next((m for m in outer if m.start >= t.end and m.type == "Project"), None)
                add(p, "usesTechnology", t, "usesTechnology/T应用于Y")
    for p in products:
        pre = sentence[: p.start]
        dev = _cues(DEVELOP_CUES, sentence, outer, p.start)
        prod = _cues(PRODUCE_CUES, sentence, outer, p.start)
        post = sentence[p.end : p.end + 12]
        s = None
        if p.source == "tonnage":  # a list of outputs by tonnage: the plant named before it, or the one spoken of
            plant = next((m for m in reversed(outer) if m.type == "Project" and m.end <= p.start), None) or ctx.last.get("Project")
            add(plant, "produces", p, "produces/吨位列出的产品")
            continue
        maker = next((m for m in outer if m.type in ORG_TYPES and re.fullmatch(r"(?:生产|出品|产出)的", sentence[m.end : p.start])), None)
        if maker is not None:
            add(maker, "produces", p, "produces/X生产的P")  # 草原鲜生产的冷鲜羊肉
            continue
        if dev and (not prod or dev[-1].start() > prod[-1].start()):
            s = _subject_before(sentence, outer, dev[-1].start(), ORG_TYPES, ctx, COMPANY_REF, "Company", makers=True)
            verb = "develops"
        elif prod:
            s = _subject_before(sentence, outer, prod[-1].start(), ORG_TYPES | {"Project"}, ctx, PROJECT_REF, "Project")
            verb = "produces"
        elif PRODUCE_CUES.search(post):
            s = _subject_before(sentence, outer, p.start, ORG_TYPES | {"Project"}, ctx, None, "Project")
            verb = "produces"
        if s is not None and s.type in {"GovernmentAgency", "Alliance"}:
            s = None  # 林业和草原局…推广种植肉苁蓉: an agency makes nothing
        if s is not None:
            # a research institution that makes something new has developed it
            add(s, "develops" if s.type == "ResearchInstitution" else verb, p, "develops/X研发P" if verb == "develops" else "produces/X生产P")
            if verb == "develops":
                for partner in _partners(sentence, outer, s, dev[-1].start()):
                    add(partner, "develops", p, "develops/X研发P")


TECH_REF = re.compile(r"(?:该|此|这一|这项|这套|上述|该项)(?:技术|工艺|系统|装备|设备|成果|方案)")
APPLIED_IN = re.compile(r"(?:已|已经|正|将|均已|都已)?在(?P<where>[^，,。；;]{0,30}?)(?:中|上|里)?(?:全面|成功|率先|正式|推广)?(?:投入)?(?:应用|使用|运行|落地|部署)")


def _technology_applied(sentence, outer, ctx, add):
    """该技术已在本项目中全面应用 / 两项成果均已在X煤矿投入应用 / 项目采用该技术后:
    technologies named in this sentence or just before, put to use in a project."""
    techs = [m for m in outer if m.type == "Technology"]
    ref = TECH_REF.search(sentence)
    if not techs and ref and ctx.last.get("Technology") is not None:
        techs = [ctx.last["Technology"]]
    if not techs:
        return
    applied = APPLIED_IN.search(sentence)
    if applied:
        a, b = applied.span("where")
        where = [m for m in outer if a <= m.start and m.end <= b and m.type == "Project"]
        word = re.search(PROJECT_WORDS, sentence[a:b])
        named = [p for p in reversed(ctx.projects) if word and p.label.endswith(word.group())]
        target = where[-1] if where else (named[0] if named else None)
        for t in techs:
            add(target, "usesTechnology", t, "usesTechnology/该技术在Y应用")
        return
    if ref and not any(m.type == "Technology" for m in outer):
        use = _cues(USE_CUES, sentence, outer, ref.start())
        if use:
            s = _subject_before(sentence, outer, use[-1].start(), {"Project"} | ORG_TYPES, ctx, PROJECT_REF, "Project")
            add(s, "usesTechnology", techs[0], "usesTechnology/Y应用该技术")
            # 固源循环应用该技术，在大路镇建成了年产30万吨陶粒生产线: the line it built uses it too
            built = re.search(r"建成|建设|投产", sentence[ref.end() :])
            if built and s is not None and s.type in ORG_TYPES:
                line = next((m for m in outer if m.type == "Project" and m.start >= ref.end() + built.start()), None)
                add(line, "usesTechnology", techs[0], "usesTechnology/Y应用该技术")


def _quantities(sentence, sent, outer, ctx, facts):
    projects = [m for m in outer if m.type == "Project"]

    def subject(pos: int, end: int) -> Mention | None:
        before = [p for p in projects if p.end <= pos]
        refs = [r for r in PROJECT_REF.finditer(sentence[: pos + 1]) if r.end() <= pos + 1]
        if refs and (not before or refs[-1].start() >= before[-1].end):
            # 项目/工程 after any project this sentence names refers back: to the nearest project
            # named with the same word (…的500千伏变电站，工程投资额… is the 线路工程 of before)
            word = re.search(PROJECT_WORDS, refs[-1].group()).group()
            named = [p for p in reversed(before) if p.label.endswith(word)] + [p for p in reversed(ctx.projects) if p.label.endswith(word)]
            if named:
                return named[0]
            return before[-1] if before else ctx.last.get("Project")
        if before:
            return before[-1]  # the project this sentence names
        after = next((p for p in projects if p.start >= end and re.match(r"^的", sentence[end : p.start] or "的")), None)
        return after or ctx.named_by_ending(GENERIC_PROJECT.match(sentence))  # 总投资N亿元的X项目 / 智能化升级改造项目由…

    for value, s, e in total_investments(sentence):
        lead = re.match(r"(?:建设|打造|新建)?的", sentence[e:])
        named_after = lead and next((p for p in projects if 0 <= p.start - (e + lead.end()) <= 12
                                     and not re.search(r"[，,。；;、]", sentence[e + lead.end() : p.start])), None)
        p = named_after or subject(s, e)
        if p is not None:
            facts.append(Fact(p, "investment", value, sent, "investment/总投资"))
    for value, s, e in completed_investments(sentence):
        p = subject(s, e) or (ctx.last.get("Project") if not projects else None)
        if p is not None:
            facts.append(Fact(p, "investmentCompleted", value, sent, "investmentCompleted/已完成投资"))
    for q in capacities(sentence) + _tonnages_in_names(sentence, projects):
        if re.search(r"(单台|单槽|单机|单套|每台|每套|单个|单体)[^，,。；;]{0,8}$|(一期|二期|三期|首期|其中)[^，,。；;]{0,4}$", sentence[: q.start]):
            continue  # 单台电解槽产氢量可达3000标方/小时, 一期100万千瓦: one machine or one phase, not the plant
        inside = next((p for p in projects if p.start <= q.start and q.end <= p.end), None)
        rest = re.split(r"[，,。；;]", sentence[q.end :])[0]
        if inside is None and "项目" in rest and not any(p.start >= q.end for p in projects):
            continue  # 建成6兆瓦、3兆瓦2个光伏发电项目: projects the text does not name
        p = inside or subject(q.start, q.end)
        if p is not None:
            facts.append(Fact(p, "capacity", q, sent, "capacity/规模"))


_TONNAGE = re.compile(r"(?<![\d.])(\d+(?:\.\d+)?)\s*(万|千)?\s*吨(?!/|每|标|煤|级)")


def _tonnages_in_names(sentence: str, projects: list[Mention]) -> list[Quantity]:
    """A plant named by its yearly output (10万吨丙烯、5万吨聚丙烯项目) states that output as a capacity, even
    without 年产: each tonnage inside a project's name that no other pattern read."""
    stated = [(q.start, q.end) for q in capacities(sentence)]
    out = []
    for p in projects:
        for m in _TONNAGE.finditer(sentence, p.start, p.end):
            if any(s <= m.start() < e for s, e in stated):
                continue
            factor = {"万": 10_000, "千": 1000, None: 1}[m.group(2)]
            out.append(Quantity((Decimal(m.group(1)) * factor).normalize(), "t/a", m.group(0), m.start(), m.end()))
    return out
