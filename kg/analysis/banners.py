"""The banners compared: their projects, organisations, stated investment and sectors.

A project belongs to a banner when it is located in it, directly or through what
lies inside it (a town, village or industrial park): `?project okg:locatedIn+ ?banner`.
An organisation belongs to it when it is located there the same way, or operates
one of its projects. Investment is the sum of the projects' stated totals
(`okg:investment`, yuan); money already spent (`okg:investmentCompleted`) is not counted.

Sectors come from keywords in a project's label and in the labels of the products
it makes and the sentences about it (kg/sectors.py, written into the graph as okg:sector);
a project can be in several sectors, or in none ("other").
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from ..errors import KGError
from ..sectors import classify as _classify
from ..sparql import query_text
from ..vocab import SECTORS

OTHER = "other"

YI = 100_000_000  # 亿: a hundred million yuan

def classify(*labels: str) -> list[str]:
    """The sectors (kg/sectors.py) whose words occur in any of these labels; ['other'] if none.

    >>> classify("准格尔旗纳日松光伏制氢产业示范项目")
    ['hydrogen', 'photovoltaics']
    """
    return _classify(*labels) or [OTHER]


def sector_name(sector: str) -> str:
    """The Chinese name of a sector key (`hydrogen` -> 氢能)."""
    return SECTORS[sector].zh if sector in SECTORS else "其他"


@dataclass
class Project:
    label: str
    iri: str
    investment: int | float | None  # stated total, yuan
    sectors: list[str]


@dataclass
class BannerSummary:
    """One banner: its projects, organisations, stated investment and sectors."""

    banner: str
    iri: str
    projects: list[Project] = field(default_factory=list)
    organisations: list[str] = field(default_factory=list)

    @property
    def investment(self) -> int | float:
        """Sum of the stated total investments of its projects, in yuan (0 when none is stated)."""
        return sum(p.investment for p in self.projects if p.investment)

    @property
    def invested_projects(self) -> int:
        """How many of its projects state a total investment."""
        return sum(1 for p in self.projects if p.investment)

    @property
    def sectors(self) -> Counter:
        """Projects per sector."""
        return Counter(s for p in self.projects for s in p.sectors)

    def row(self) -> dict[str, Any]:
        """One flat row: counts, investment in yuan and in 亿元, projects per sector."""
        out: dict[str, Any] = {
            "banner": self.banner,
            "projects": len(self.projects),
            "organisations": len(self.organisations),
            "investment": self.investment,
            "investment_yi": round(self.investment / YI, 2),
            "stated": self.invested_projects,
        }
        sectors = self.sectors
        for s in (*SECTORS, OTHER):
            out[s] = sectors.get(s, 0)
        return out


def banner_summaries(kg) -> list[BannerSummary]:
    """A summary for every banner in the graph, the largest stated investment first."""
    sectors: dict[str, list[str]] = {}
    for r in kg.rows(query_text("network-sectors")):  # written by the graph builder from kg/sectors.py
        sectors.setdefault(r["e"], []).append(r["sector"])
    out = {r["banner"]: BannerSummary(r["label"], r["banner"]) for r in kg.rows(query_text("banners-banners"))}
    seen: dict[tuple[str, str], Project] = {}
    for r in kg.rows(query_text("banners-projects")):
        b = out.get(r["banner"])
        if b is None:
            continue
        key = (r["banner"], r["project"])
        inv = r["investment"] if isinstance(r["investment"], (int, float)) else None
        if key in seen:  # several stated totals: keep the largest
            p = seen[key]
            if inv is not None and (p.investment is None or inv > p.investment):
                p.investment = inv
            continue
        found = sectors.get(r["project"], [])
        p = Project(r["label"], r["project"], inv, [k for k in SECTORS if k in found] or [OTHER])
        seen[key] = p
        b.projects.append(p)
    for r in kg.rows(query_text("banners-organisations")):
        b = out.get(r["banner"])
        if b is not None and r["label"] not in b.organisations:
            b.organisations.append(r["label"])
    return sorted(out.values(), key=lambda b: (-b.investment, -len(b.projects), b.banner))


def banner_table(kg) -> list[dict[str, Any]]:
    """The banner summaries as rows (for a DataFrame or `kg.format.table`)."""
    return [b.row() for b in banner_summaries(kg)]


def banner(kg, name: str) -> BannerSummary:
    """The summary of one banner, by any name kg.lookup finds it by (准格尔旗, 鄂旗, zhungeerqi, an IRI)."""
    from ..lookup import resolve
    from ..sparql.questions import subclasses

    iri = resolve(kg.store, name, subclasses(kg.store, "Banner")).iri
    return next(b for b in banner_summaries(kg) if b.iri == iri)


def sector_leaders(kg, sector: str | None = None) -> dict[str, list[str]]:
    """For each sector (or just `sector`), the banner(s) with the most projects in it; [] if none has any."""
    if sector is not None and sector not in SECTORS:
        raise KGError(f"unknown sector '{sector}'", hint="sectors: " + ", ".join(SECTORS))
    summaries = banner_summaries(kg)
    out = {}
    for s in [sector] if sector else list(SECTORS):
        counts = {b.banner: b.sectors.get(s, 0) for b in summaries}
        best = max(counts.values(), default=0)
        out[s] = sorted(b for b, n in counts.items() if n == best and best > 0)
    return out
