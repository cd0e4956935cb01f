"""The industrial sectors an analyst of Ordos follows, and how a project is classed into them.

One table for the whole project: the graph builder writes `?project okg:sector ?sector`
from it, so that ready questions, views and analysis all agree. A project is in a sector
when its names (or what it produces) hold one of the sector's words, or when a sentence
stating a fact about it holds one of the narrower evidence words. A project may be in
several sectors (a solar hydrogen plant is both), or in none.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .namespaces import OKG


@dataclass(frozen=True)
class Sector:
    key: str
    zh: str
    en: str
    names: re.Pattern  # looked for in the project's names and products
    evidence: re.Pattern  # looked for in the sentences that state facts about it

    @property
    def iri(self) -> str:
        return OKG + "".join(part.title() for part in self.key.split("-")) + "Sector"


def _s(key: str, zh: str, en: str, names: str, evidence: str) -> Sector:
    return Sector(key, zh, en, re.compile(names), re.compile(evidence))


SECTORS: dict[str, Sector] = {s.key: s for s in (
    _s("hydrogen", "氢能", "Hydrogen", r"氢|绿氨", r"制氢|绿氢|氢能|加氢站|储氢|氢燃料电池"),
    _s("photovoltaics", "光伏", "Photovoltaics", r"光伏|太阳能|光热|[牧农渔林]光", r"光伏"),
    _s("coal-chemicals", "煤化工", "Coal chemicals",
       r"煤化工|煤制|煤基|煤化|焦化|兰炭|甲醇|烯烃|芳烃|合成油|煤焦油|煤炭清洁|煤电|煤矿|针状焦",
       r"煤化工|煤制油|煤制气|煤制烯烃|煤基新材料|煤焦油|兰炭"),
    _s("new-materials", "新材料", "New materials",
       r"新材料|材料|锂|负极|正极|碳纤维|石墨|多晶硅|单晶硅|颗粒硅|陶瓷|纯碱|聚乙醇酸|催化剂",
       r"新材料|磷酸铁锂|负极材料|正极材料|碳纤维"),
    _s("agriculture", "农牧业", "Agriculture and herding",
       r"农|牧|种植|养殖|玉米|杂粮|青贮|苹果|稻|蔬菜|畜|饲草|肉牛|羯羊", r"种植|养殖|农牧业|青贮|饲草"),
    _s("ecology", "生态", "Ecology",
       r"生态|治沙|防沙|沙漠|沙地|修复|复垦|水土保持|淤地坝|拦沙|造林|绿化", r"治沙|防沙|生态修复|矿山修复|水土保持|复垦"),
)}


def classify(*names: str, evidence: str = "") -> list[str]:
    """The keys of the sectors these names (and evidence) belong to, in table order.

    >>> classify("准格尔旗纳日松光伏制氢产业示范项目")
    ['hydrogen', 'photovoltaics']
    """
    text = " ".join(names)
    return [k for k, s in SECTORS.items() if s.names.search(text) or (evidence and s.evidence.search(evidence))]


def find(name: str) -> Sector | None:
    """A sector by key, Chinese or English name: hydrogen, 氢能, Hydrogen."""
    for s in SECTORS.values():
        if name.strip().lower() in {s.key, s.zh, s.en.lower()}:
            return s
    return None
