"""One entity per real thing: merging the names that mean the same thing.

Names are compared by a key that leaves out what varies between mentions of
one thing: the legal form (有限公司, 集团), a leading place (内蒙古, 鄂尔多斯市),
a stated capacity (年产60万吨) and filler words (产业, 示范). Short names that
end a longer one (准能集团 in 国能准能集团) join it. Official short names of
divisions (鄂旗) come from the reference data.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from urllib.parse import quote

from .divisions import gazetteer
from .extraction import DocumentFacts
from .extraction.mentions import ORG_TYPES, SUFFIX_TYPES, Mention, _is_generic
from .extraction.quantities import Quantity, format_number
from .read import Document
from .vocab import CORE_PREDICATES, RESOURCE

LEGAL_FORMS = re.compile(r"(股份有限公司|有限责任公司|集团有限公司|集团股份有限公司|有限公司|集团公司|集团|公司)$")
FILLER = re.compile(r"产业|示范|项目|工程|一期|二期|三期|建设|新建|扩建|[“”\"'‘’「」]")
CAPACITY_TEXT = re.compile(r"年产(?:能)?[\d.]+万?吨|[\d.]+\s*[×xX*]\s*[\d.]+\s*(?:万千瓦|兆瓦|MW|GW|吉瓦)|(?:年产(?:能)?)?[\d.]+\s*(?:万千瓦|兆瓦时?|MWh|GWh|MW|GW|吉瓦时?|万吨)")
# The official long forms of park and committee names and the short forms news uses for them.
PARK_FORMS = [("高新技术产业开发区", "高新区"), ("经济技术开发区", "经开区"), ("管理委员会", "管委会")]
TYPE_GROUP = {t: "Organization" for t in ORG_TYPES}
TRADE_WORDS = re.compile(r"(?:科技|能源|新能源|新材料|材料|化工|股份|实业|控股|发展|技术|环境|环保|电力|矿业|煤业|投资|智能|装备|绿能)+")

# Which type wins when mentions of one thing disagree.
TYPE_PRIORITY = ["Region", "City", "Banner", "Town", "Village", "IndustrialPark", "ResearchInstitution",
                 "GovernmentAgency", "Alliance", "Company", "Project", "Technology", "Product", "Place", "Person"]


_IRI_SAFE_ASCII = set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~!$&'()*+,;=:@")


def entity_iri(type_: str, label: str) -> str:
    """A readable, valid IRI: the type and the simplified label (Chinese characters kept, RFC 3987),
    with spaces and the ASCII characters IRIs forbid percent-encoded."""
    out = []
    for c in label:
        if ord(c) < 128:
            out.append(c if c in _IRI_SAFE_ASCII else quote(c, safe=""))
        elif "\ue000" <= c <= "\uf8ff" or c in "\u3000\u00a0\ufeff":
            out.append(quote(c, safe=""))
        else:
            out.append(c)
    return RESOURCE + type_ + "/" + "".join(out)


_GENERIC_TAIL = re.compile(r"[^\u4e00-\u9fff]*(?:(?:光伏|风电|风光|治沙|制氢|储能|发电|一体化|综合利用|技术|升级|改造|智能化|基地|电站|独立|共享|"
                           r"分散式|集中式|分布式|新能源|绿电|输变电|送出|线路|[^\u4e00-\u9fff]+)+)$")


@lru_cache(maxsize=1)
def _places_longest_first() -> tuple:
    """Every reference place name with its division, longest first (computed once)."""
    g = gazetteer()
    return tuple((name, g.lookup(name)) for name in g.names_longest_first())


@lru_cache(maxsize=1)
def _places_by_first_character() -> dict[str, tuple]:
    """The same, in lists by their first character: a name is compared only with the places it could begin with."""
    out: dict[str, list] = {}
    for place, d in _places_longest_first():
        out.setdefault(place[:1], []).append((place, d))
    return {c: tuple(places) for c, places in out.items()}


def _strip_places(name: str, keep=lambda rest: True, divisions_only: bool = False) -> str:
    """Leave out the Ordos and Inner Mongolia places a name begins with (not other provinces':
    浙江工业大学 and 内蒙古工业大学 are two universities), as long as `keep` likes what is left."""
    changed = True
    while changed:
        changed = False
        for place, d in _places_by_first_character().get(name[:1], ()):
            if d.national or (divisions_only and d.type == "Place"):
                continue
            if name.startswith(place) and len(name) > len(place) + 1 and keep(name[len(place):]):
                name = name[len(place):]
                changed = True
                break
    return name


@lru_cache(maxsize=1 << 16)
def _strip_city(key: str) -> str:
    """西安隆基氢能科技 -> 隆基氢能科技: a city or province of elsewhere that a company's full name begins with."""
    for place, d in _places_by_first_character().get(key[:1], ()):
        if d.national and key.startswith(place) and len(key) > len(place) + 2:
            return key[len(place):]
    return key


@lru_cache(maxsize=1 << 16)
def name_key(label: str, type_: str) -> str:
    """What stays the same across the ways one thing is named."""
    k = re.sub(r"\s+", "", label)
    if type_ in {"IndustrialPark", "GovernmentAgency"}:
        for long, short in PARK_FORMS:
            k = k.replace(long, short)  # 鄂尔多斯高新技术产业开发区 = 鄂尔多斯高新区
    full = k
    if type_ in {"Region", "City", "Banner", "Town"}:
        d = gazetteer().lookup(k)
        return "div:" + (d.code if d else k)
    if type_ in ORG_TYPES:
        k = k.replace("(", "（").replace(")", "）")
        k = re.sub(r"（[^）]*）", "", k)
        if not re.search(r"(分公司|子公司)$", k):
            k = LEGAL_FORMS.sub("", k) or k
        if type_ == "Company":
            k = _strip_places(k)
        if _bare(k):
            k = full
    elif type_ == "Project":
        k = re.sub(r"^.{2,20}?(有限责任公司|股份有限公司|有限公司)(?=.{4,})", "", k)  # the owner's legal name before the project
        k = CAPACITY_TEXT.sub("", k)
        k = FILLER.sub("", k) or k
        # 乌审旗乌兰陶勒盖煤矿 = 乌兰陶勒盖煤矿; but 乌审旗毛乌素沙地…光伏治沙项目 and 杭锦旗独贵塔拉镇…光伏治沙项目
        # stay two: only divisions are left out, and only while something of the project's own name is left
        k = _strip_places(k, keep=lambda rest: not _bare(rest) and not _bare(re.sub(r"[^\u4e00-\u9fff]", "", _GENERIC_TAIL.sub("", rest))),
                          divisions_only=True)
        if _bare(k):
            k = full
    elif type_ == "Place":
        k = re.sub(r"(风景区|景区|旅游区)$", "", k) or k
    elif type_ == "Technology":
        k = re.sub(r"(工艺路线|技术路线|路线|生产工艺|工艺|技术)$", "", k) or k
    else:
        k = k.replace("“", "").replace("”", "")
    return k


def _bare(key: str) -> bool:
    """A key that is only a kind of thing (大学, 研究院) names nothing by itself."""
    return len(key) < 2 or _is_generic(key) or any(key == suffix for suffix, _ in SUFFIX_TYPES)


@dataclass
class Entity:
    id: str
    label: str
    type: str
    aliases: set[str] = field(default_factory=set)
    mentions: list[tuple[str, int, int]] = field(default_factory=list)  # (doc id, start, end) in the text as read
    division_code: str | None = None
    known: bool = False  # already in the graph before this run
    mention_rules: list[dict] = field(default_factory=list)  # per mention: the rule that made it, and any others ("also")

    @property
    def names(self) -> set[str]:
        return {self.label} | self.aliases


@dataclass
class Relation:
    subject: str
    predicate: str
    object: str | dict
    document: str
    evidence: str
    start: int  # the evidence sentence in the text as read
    end: int
    rule: str = ""  # the rule (or model) that made it
    also: list[str] = field(default_factory=list)  # other rules that found the same fact in the same document


@dataclass
class Extraction:
    documents: list[Document]
    entities: list[Entity]
    relations: list[Relation]
    stories: dict[str, str] = field(default_factory=dict)  # a repost's document id -> the story's first article

    def to_json(self) -> dict:
        """The JSON of SPEC.md's `kg extract`: core relations and milestones only (money already spent,
        kept apart as okg:investmentCompleted, stays in the graph but is not one of SPEC's predicates)."""
        return {
            "documents": [{"id": d.id, "source": d.source, "title": d.title,
                           **({"published": d.published} if getattr(d, "published", None) else {})}
                          for d in self.documents],
            "entities": [
                {"id": e.id, "label": e.label, "type": e.type, "aliases": sorted(e.aliases),
                 "mentions": [{"document": doc, "start": s, "end": t, **(e.mention_rules[k] if k < len(e.mention_rules) else {})}
                              for k, (doc, s, t) in enumerate(e.mentions)]}
                for e in self.entities
            ],
            "relations": [
                {"subject": r.subject, "predicate": r.predicate, "object": r.object,
                 "document": r.document, "evidence": r.evidence, "rule": r.rule, **({"also": r.also} if r.also else {})}
                for r in self.relations
                if r.predicate in CORE_PREDICATES or r.predicate == "milestone"
            ],
        }


class _Group:
    def __init__(self, type_: str, key: str):
        self.type_votes: dict[str, int] = {}
        self.labels: dict[str, int] = {}
        self.surfaces: set[str] = set()
        self.keys = {key}
        self.mentions: list[tuple[Mention, Document]] = []
        self.known: Entity | None = None
        self.group = TYPE_GROUP.get(type_, type_)

    def add(self, m: Mention, doc: Document) -> None:
        weight = 3 if m.source in {"gazetteer", "suffix"} else 1
        self.type_votes[m.type] = self.type_votes.get(m.type, 0) + weight
        self.labels[m.label] = self.labels.get(m.label, 0) + 1
        self.surfaces.add(m.surface or m.label)
        self.mentions.append((m, doc))

    def absorb(self, other: "_Group") -> None:
        """Take in another group's mentions and keys (and the graph's entity, if it had one)."""
        for m, doc in other.mentions:
            self.add(m, doc)
        self.keys |= other.keys
        if other.known and not self.known:
            self.known = other.known

    def best_type(self) -> str:
        if self.known:
            return self.known.type
        return max(self.type_votes, key=lambda t: (self.type_votes[t], -TYPE_PRIORITY.index(t)))

    def best_label(self) -> str:
        if self.known:
            return self.known.label
        d = None
        for m, _ in self.mentions:
            if m.division is not None:
                d = m.division
        if d is not None:
            return d.name
        # the fullest name, then the most used
        return max(self.labels, key=lambda lab: (bool(LEGAL_FORMS.search(lab)), len(lab), self.labels[lab]))


def _merge_short_names(groups: list[_Group]) -> list[_Group]:
    """准能 ends 国能准能 and 神华准能: one company. Done per type group, short into long.

    Each short name looks up the longer groups it could join in indexes of their keys (the
    endings, the beginnings followed by generic words, the beginnings followed by trade words,
    the articles they appear in) instead of comparing itself with every group."""
    by_group: dict[str, list[_Group]] = {}
    for g in groups:
        by_group.setdefault(g.group, []).append(g)
    merged_into: dict[int, _Group] = {}
    for gs in by_group.values():
        if gs[0].group not in {"Organization", "Project", "IndustrialPark"}:
            continue
        gs_sorted = sorted(gs, key=lambda g: max(len(k) for k in g.keys))
        index = _KeyIndex(gs_sorted)
        for i, short in enumerate(gs_sorted):
            skey = min(short.keys, key=len)
            if _bare(skey) or skey.startswith("div:"):
                continue
            later = [long for long in index.candidates(short, skey, i) if id(long) not in merged_into]
            targets = [long for long in later if any(_joins(short, skey, lkey) for lkey in long.keys)]
            if not targets and short.group == "Organization" and short.best_type() == "Company" and len(skey) >= 2 and not any(
                    LEGAL_FORMS.search(lab) for lab in short.labels):  # 内蒙古久泰集团 is a company of its own, not a short name
                # 隆基绿能 for 隆基绿能科技股份有限公司, 远景 for 远景科技集团: the name before the trade words,
                # when exactly one company has it
                targets = [long for long in index.trade_named(skey, i) if long.best_type() == "Company"]
                if len(targets) == 1:
                    merged_into[id(short)] = targets[0]
                continue
            if not targets and short.group == "Project" and short.mentions:
                # 独立储能电站 after 杭锦旗独贵塔拉独立储能电站 in the same article: the one it ends
                docs = {d.id for _, d in short.mentions}
                targets = [long for long in index.in_document(next(iter(docs)), i) if docs <= {d.id for _, d in long.mentions}
                           and any(lkey.endswith(skey) and len(lkey) > len(skey) for lkey in long.keys)]
                if len(targets) == 1:
                    merged_into[id(short)] = targets[0]
                continue
            if len(targets) == 1:
                merged_into[id(short)] = targets[0]
            elif len(targets) > 1:
                # one short name, several long ones: all the same thing if they share the short key
                first = targets[0]
                for t in targets[1:]:
                    merged_into[id(t)] = first
                merged_into[id(short)] = first

    def root(g: _Group) -> _Group:
        seen = set()
        while id(g) in merged_into and id(g) not in seen:
            seen.add(id(g))
            g = merged_into[id(g)]
        return g

    out: list[_Group] = []
    for g in groups:
        r = root(g)
        if r is g:
            out.append(g)
            continue
        r.absorb(g)
    return out


def _joins(short: _Group, skey: str, lkey: str) -> bool:
    """Whether the key `skey` of a short name is a short form of the longer key `lkey`."""
    if lkey == skey or len(lkey) <= len(skey):
        return False
    if short.group == "Organization":
        return lkey.endswith(skey) and len(lkey) - len(skey) <= (8 if len(skey) >= 5 else 4)
    return (lkey.startswith(skey) and _generic_tail(lkey[len(skey):])
            and not (re.search(r"(煤矿|矿|电厂|电站|工厂|厂)$", skey) and re.search(r"改造|升级|扩建|扩能|技改|治理|修复", lkey[len(skey):])))


@lru_cache(maxsize=1 << 16)
def _generic_tail(text: str) -> bool:
    return _is_generic(text)


class _KeyIndex:
    """The groups of one type group, in the order short names are tried, found by parts of their keys."""

    def __init__(self, ordered: list[_Group]):
        self.position = {id(g): i for i, g in enumerate(ordered)}
        self.by_part: dict[str, list[_Group]] = {}  # an ending (Organization) or a beginning before generic words
        self.by_trade_stem: dict[str, list[_Group]] = {}  # 隆基绿能 of 隆基绿能科技
        self.by_document: dict[str, list[_Group]] = {}
        for g in ordered:
            parts: set[str] = set()
            stems: set[str] = set()
            for k in g.keys:
                if g.group == "Organization":
                    parts.update(k[j:] for j in range(1, min(len(k), 9)))
                    for variant in {k, _strip_city(k)}:
                        stems.update(variant[:j] for j in range(1, len(variant)) if TRADE_WORDS.fullmatch(variant[j:]))
                else:
                    parts.update(k[:j] for j in range(1, len(k)) if _generic_tail(k[j:]))
            for part in parts:
                self.by_part.setdefault(part, []).append(g)
            for stem in stems:
                self.by_trade_stem.setdefault(stem, []).append(g)
            for doc in {d.id for _, d in g.mentions}:
                self.by_document.setdefault(doc, []).append(g)

    def _after(self, found: list[_Group], i: int) -> list[_Group]:
        """Those that come after the i-th group, in order (each list is built in order)."""
        return [g for g in found if self.position[id(g)] > i]

    def candidates(self, short: _Group, skey: str, i: int) -> list[_Group]:
        return self._after(self.by_part.get(skey, []), i)

    def trade_named(self, skey: str, i: int) -> list[_Group]:
        return self._after(self.by_trade_stem.get(skey, []), i)

    def in_document(self, doc: str, i: int) -> list[_Group]:
        return self._after(self.by_document.get(doc, []), i)


def _merge_owner_prefixed(groups: list[_Group]) -> list[_Group]:
    """锐驰新材年产10万吨颗粒硅项目 = 年产10万吨颗粒硅项目 when 锐驰新材 names an organisation.
    The owner is the longest organisation name the mention begins with, found by its beginnings."""
    owners = {n for g in groups if g.group == "Organization" for n in (*g.labels, *g.surfaces) if len(n) >= 2}
    by_key = {k: g for g in groups if g.group == "Project" for k in g.keys}
    out = []
    for g in groups:
        target = None
        if g.group == "Project":
            for m, _ in g.mentions:
                owner = next((m.label[:n] for n in range(len(m.label) - 4, 1, -1) if m.label[:n] in owners), None)
                if owner:
                    target = by_key.get(name_key(m.label[len(owner):], "Project"))
                    if target is not None and target is not g:
                        break
                    target = None
        if target is None:
            out.append(g)
            continue
        target.absorb(g)
    return out


MERGING = {"Organization", "Project", "IndustrialPark"}  # the type groups whose short names join long ones
CANDIDATE_LIMIT = 50_000  # stored entities an ingest resolves against, at most (a bound, never reached in tests)


def _new_keys(documents: list[DocumentFacts]) -> set[tuple[str, str]]:
    """(type group, key) of every new mention, and of what an owner-prefixed project name is without its owner."""
    keys: set[tuple[str, str]] = set()
    owners: set[str] = set()
    projects: list[str] = []
    for df in documents:
        for ms in df.mentions:
            for m in ms:
                grp = TYPE_GROUP.get(m.type, m.type)
                keys.add((grp, name_key(m.label, m.type)))
                if grp == "Organization":
                    owners.update(n for n in (m.label, m.surface or m.label) if len(n) >= 2)
                elif grp == "Project":
                    projects.append(m.label)
    for label in projects:  # as _merge_owner_prefixed reads them
        owner = next((label[:n] for n in range(len(label) - 4, 1, -1) if label[:n] in owners), None)
        if owner:
            keys.add(("Project", name_key(label[len(owner):], "Project")))
    return keys


def _shorter_forms(grp: str, key: str) -> set[str]:
    """The keys a short name could have to join a name of this key (the parts _KeyIndex files it under)."""
    if grp == "Organization":
        out = {key[j:] for j in range(1, min(len(key), 9))}
        for variant in {key, _strip_city(key)}:
            out.update(variant[:j] for j in range(1, len(variant)) if TRADE_WORDS.fullmatch(variant[j:]))
        return out
    return {key[:j] for j in range(1, len(key)) if _generic_tail(key[j:])}


def _longer_forms(index, grp: str, key: str) -> set[str]:
    """Stored entities with a name this key could be the short form of."""
    if _bare(key) or key.startswith("div:"):
        return set()  # never tried as a short name
    if grp == "Organization":
        out = {iri for iri, rkey in index.beginning_with(grp, key[::-1], "rkey") if 1 <= len(rkey) - len(key) <= 8}
        for column in ("key", "ckey"):
            out.update(iri for iri, k in index.beginning_with(grp, key, column) if TRADE_WORDS.fullmatch(k[len(key):]))
        return out
    return {iri for iri, k in index.beginning_with(grp, key) if len(k) > len(key) and _generic_tail(k[len(key):])}


def stored_candidates(documents: list[DocumentFacts], index) -> list[Entity]:
    """The stored entities that new mentions could join, found in an index of their names' keys
    (kg/store/names.py) rather than by reading every stored entity:

    - those with a new mention's key, and any stored entity that shares a key with one found
      (resolution puts them in one group);
    - the stored short names of those groups (a stored 准能集团 for a new 国能准能集团);
    - the long forms of every key found, and theirs in turn (a new 准能 joins 国能准能集团,
      which may join a longer name still).

    Left out are the short names of stored long forms: they decide whether two stored entities
    join each other, which resolution made impossible when they were stored. Resolving against
    these gives the new mentions the entities that resolving against every stored entity gives
    them (a test, on every annotated folder)."""

    def keys_of(iris: set[str]) -> set[tuple[str, str]]:
        return {k for ks in index.keys_of(iris).values() for k in ks}

    def grouped(keys: set[tuple[str, str]]) -> dict[str, set[str]]:
        out: dict[str, set[str]] = {}
        for grp, key in keys:
            out.setdefault(grp, set()).add(key)
        return out

    found: set[str] = set()
    looked_up: set[tuple[str, str]] = set()

    def same_key(keys: set[tuple[str, str]]) -> set[tuple[str, str]]:
        """The keys of the stored entities with these keys, and of those sharing theirs, and so on."""
        got: set[tuple[str, str]] = set()
        while keys - looked_up and len(found) < CANDIDATE_LIMIT:
            keys -= looked_up
            looked_up.update(keys)
            hits = set().union(*(index.exact(grp, ks) for grp, ks in grouped(keys).items())) - found
            found.update(hits)
            keys = keys_of(hits)
            got |= keys
        return got

    new = _new_keys(documents)
    own = new | same_key(set(new))  # the keys of the groups the new mentions are in
    shorter = {(grp, part) for grp, key in own if grp in MERGING for part in _shorter_forms(grp, key)}
    frontier = own | same_key(shorter - own)  # and of the stored short names that join them
    expanded: set[tuple[str, str]] = set()
    while frontier and len(found) < CANDIDATE_LIMIT:
        expanded |= frontier
        hits = set().union(*(_longer_forms(index, grp, key) for grp, key in frontier if grp in MERGING)) - found
        found.update(hits)
        frontier = (keys_of(hits) | same_key(keys_of(hits))) - expanded
    return index.entities(found)


def resolve(documents: list[DocumentFacts], known: list[Entity] = (), taken=frozenset()) -> Extraction:
    """Turn each document's mentions and facts into entities and relations between them.
    `known`: stored entities the mentions may join; `taken`: IRIs in use that a new entity must not get."""
    groups: dict[tuple[str, str], _Group] = {}
    for e in known:
        for name in e.names:
            key = (TYPE_GROUP.get(e.type, e.type), name_key(name, e.type))
            g = groups.get(key)
            if g is None:
                g = groups[key] = _Group(e.type, key[1])
                g.known = e
            g.keys.add(key[1])
    # the same _Group object may sit under several keys: keep them unique
    mention_group: dict[int, _Group] = {}
    for df in documents:
        for ms in df.mentions:
            for m in ms:
                key = (TYPE_GROUP.get(m.type, m.type), name_key(m.label, m.type))
                g = groups.get(key)
                if g is None:
                    g = groups[key] = _Group(m.type, key[1])
                g.add(m, df.doc)
                mention_group[id(m)] = g
    unique: list[_Group] = []
    seen: set[int] = set()
    for g in groups.values():
        if id(g) not in seen:
            seen.add(id(g))
            unique.append(g)
    roots = _merge_short_names(_merge_owner_prefixed(unique))
    root_of: dict[int, _Group] = {}
    for r in roots:
        for m, _ in r.mentions:
            root_of[id(m)] = r

    entities: dict[int, Entity] = {}
    for r in roots:
        if not r.mentions:
            continue
        type_ = r.best_type()
        label = r.best_label()
        if r.known is not None:
            ent = Entity(r.known.id, r.known.label, r.known.type, set(r.known.aliases), [], r.known.division_code, True)
        else:
            division = next((m.division for m, _ in r.mentions if m.division is not None), None)
            ent = Entity(entity_iri(type_, label), label, type_, set(), [], division.code if division else None)
        for m, doc in r.mentions:
            for name in (m.label, m.surface):
                if name and name != ent.label and not re.search(r"\s", name):
                    ent.aliases.add(name)
            sent = doc.sentences[m.sent]
            s, e = doc.raw_span(sent.start + m.start, sent.start + m.end)
            ent.mentions.append((doc.id, s, e))
            ent.mention_rules.append({"rule": m.rule, **({"also": list(m.also)} if m.also else {})})
        entities[id(r)] = ent
    _unique_iris(list(entities.values()), taken)

    relations: list[Relation] = []
    seen_rel: dict[tuple, Relation] = {}
    for df in documents:
        for f in df.facts:
            subj = entities.get(id(root_of.get(id(f.subject))))
            if subj is None:
                continue
            if isinstance(f.object, Mention):
                obj_ent = entities.get(id(root_of.get(id(f.object))))
                if obj_ent is None or obj_ent is subj:
                    continue
                obj: str | dict = obj_ent.id
                key = obj_ent.id
            elif f.predicate == "milestone":
                obj, key = f.object.to_json(), f.object
            elif isinstance(f.object, Quantity):
                obj = {"value": _number(f.object.value), "unit": f.object.unit}
                key = (str(f.object.value), f.object.unit)
            else:
                obj = {"value": _number(f.object), "unit": "CNY"}
                key = (str(f.object), "CNY")
            if not _fits(f.predicate, subj, obj_ent if isinstance(f.object, Mention) else None):
                continue
            k = (subj.id, f.predicate, key, df.doc.id)
            if k in seen_rel:
                first = seen_rel[k]  # stated again by another rule: the first (of higher priority) stands
                if f.rule and f.rule != first.rule and f.rule not in first.also:
                    first.also.append(f.rule)
                continue
            sent = df.doc.sentences[f.sent]
            seen_rel[k] = Relation(subj.id, f.predicate, obj, df.doc.id, sent.evidence, sent.raw_start, sent.raw_end, f.rule)
            relations.append(seen_rel[k])
    ents = sorted(entities.values(), key=lambda e: (TYPE_PRIORITY.index(e.type), e.label))
    return Extraction([d.doc for d in documents], ents, relations)


DOMAINS = {
    "locatedIn": (None, {"Region", "City", "Banner", "Town", "Village", "IndustrialPark", "Place"}),
    "operatedBy": ({"Project"}, ORG_TYPES),
    "subsidiaryOf": (ORG_TYPES, ORG_TYPES),
    "collaboratesWith": (ORG_TYPES, ORG_TYPES),
    "memberOf": (ORG_TYPES, {"Alliance"}),
    "usesTechnology": ({"Project"} | ORG_TYPES, {"Technology"}),
    "develops": (ORG_TYPES, {"Technology", "Product"}),
    "produces": (ORG_TYPES | {"Project"}, {"Product"}),
    "investment": ({"Project"}, None),
    "investmentCompleted": ({"Project"}, None),
    "capacity": ({"Project"}, None),
    "milestone": ({"Project"}, None),
}


def _fits(predicate: str, subj: Entity, obj: Entity | None) -> bool:
    """Keep only relations whose ends have the classes the ontology gives them."""
    dom, rng = DOMAINS[predicate]
    if dom is not None and subj.type not in dom:
        return False
    if obj is not None and rng is not None and obj.type not in rng:
        return False
    if predicate == "locatedIn" and obj is not None:
        # a division is not inside a smaller one
        order = ["Region", "City", "Banner", "Town", "Village"]
        if subj.type in order and obj.type in order and order.index(subj.type) <= order.index(obj.type):
            return False
    return True


def _number(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral() else float(value)


def _unique_iris(entities: list[Entity], taken=frozenset()) -> None:
    """Two entities with one label and type (rare: kept apart on purpose) get numbered IRIs; a new
    entity never gets an IRI in `taken` (those of the graph that this run did not read)."""
    seen: dict[str, int] = {}
    for e in sorted(entities, key=lambda e: (e.known is False, e.label, len(e.mentions))):
        if e.known:
            seen[e.id] = 1
            continue
        base = e.id
        n = seen.get(base, 0)
        seen[base] = n + 1
        if n:
            e.id = f"{base}-{n + 1}"
        while e.id in taken:
            n = seen[base]
            seen[base] = n + 1
            e.id = f"{base}-{n + 1}"


__all__ = ["Entity", "Relation", "Extraction", "resolve", "entity_iri", "name_key", "format_number"]
