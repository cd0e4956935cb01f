"""How a project is classed into the industrial sectors an analyst of Ordos follows (the scheme itself
is in kg/vocab.py).

One table of words for the whole project: the graph builder writes `?project okg:sector ?sector`
from it, so that ready questions, views and analysis all agree. A project is in a sector
when its names (or what it produces) hold one of the sector's words, or when a sentence
stating a fact about it holds one of the narrower evidence words. A project may be in
several sectors (a solar hydrogen plant is both), or in none.
"""

from __future__ import annotations

import re

from .vocab import SECTORS

#: For each sector (kg/vocab.py): the words looked for in a project's names and products, and the
#: narrower words looked for in the sentences that state facts about it.
WORDS: dict[str, tuple[re.Pattern, re.Pattern]] = {k: (re.compile(names), re.compile(evidence)) for k, names, evidence in (
    ("hydrogen", r"氢|绿氨", r"制氢|绿氢|氢能|加氢站|储氢|氢燃料电池"),
    ("photovoltaics", r"光伏|太阳能|光热|[牧农渔林]光", r"光伏"),
    ("coal-chemicals", r"煤化工|煤制|煤基|煤化|焦化|兰炭|甲醇|烯烃|芳烃|合成油|煤焦油|煤炭清洁|煤电|煤矿|针状焦",
     r"煤化工|煤制油|煤制气|煤制烯烃|煤基新材料|煤焦油|兰炭"),
    ("new-materials", r"新材料|材料|锂|负极|正极|碳纤维|石墨|多晶硅|单晶硅|颗粒硅|陶瓷|纯碱|聚乙醇酸|催化剂",
     r"新材料|磷酸铁锂|负极材料|正极材料|碳纤维"),
    ("agriculture", r"农|牧|种植|养殖|玉米|杂粮|青贮|苹果|稻|蔬菜|畜|饲草|肉牛|羯羊", r"种植|养殖|农牧业|青贮|饲草"),
    ("ecology", r"生态|治沙|防沙|沙漠|沙地|修复|复垦|水土保持|淤地坝|拦沙|造林|绿化",
     r"治沙|防沙|生态修复|矿山修复|水土保持|复垦"),
)}


def classify(*names: str, evidence: str = "") -> list[str]:
    """The keys of the sectors these names (and evidence) belong to, in the scheme's order.

    >>> classify("准格尔旗纳日松光伏制氢产业示范项目")
    ['hydrogen', 'photovoltaics']
    """
    text = " ".join(names)
    return [k for k in SECTORS if WORDS[k][0].search(text) or (evidence and WORDS[k][1].search(evidence))]


def find(name: str):
    """A sector (kg/vocab.py's Sector) by key, Chinese or English name: hydrogen, 氢能, Hydrogen."""
    for s in SECTORS.values():
        if name.strip().lower() in {s.key, s.zh, s.en.lower()}:
            return s
    return None
