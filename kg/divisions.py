"""The administrative divisions of Ordos, from official reference data (kg/data/divisions.tsv).

This is the one list of names the extractor knows in advance: it comes from
the state's division codes, not from any article.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources


@dataclass(frozen=True)
class Division:
    code: str
    name: str
    type: str  # Region, City, Banner, Town
    parent_code: str
    aliases: tuple[str, ...] = ()
    name_en: str = ""
    name_pinyin: str = ""
    national: bool = False  # from the national table: recognised alone, never read inside other names


@dataclass
class Gazetteer:
    by_code: dict[str, Division] = field(default_factory=dict)
    by_name: dict[str, Division] = field(default_factory=dict)  # full names and aliases

    def lookup(self, name: str) -> Division | None:
        return self.by_name.get(name)

    def parent(self, division: Division) -> Division | None:
        return self.by_code.get(division.parent_code) if division.parent_code else None

    def ancestors(self, division: Division) -> list[Division]:
        out = []
        d = self.parent(division)
        while d is not None and d not in out:
            out.append(d)
            d = self.parent(d)
        return out

    def names_longest_first(self) -> list[str]:
        return sorted(self.by_name, key=len, reverse=True)


def _rows(file: str):
    text = resources.files("kg").joinpath(file).read_text(encoding="utf-8")
    return csv.DictReader((ln for ln in text.splitlines() if ln and not ln.startswith("#")), delimiter="\t")


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    g = Gazetteer()
    for file, national in (("data/divisions.tsv", False), ("data/china-divisions.tsv", True)):
        for i, row in enumerate(_rows(file)):
            code = (row.get("code") or "").strip() or f"x{i}"
            if code in g.by_code:
                continue
            aliases = tuple(a for a in (row.get("aliases") or "").split("|") if a.strip())
            d = Division(code, row["name"].strip(), row["type"].strip(), (row.get("parent_code") or "").strip(),
                         aliases, (row.get("name_en") or "").strip(), (row.get("name_pinyin") or "").strip(), national)
            g.by_code[code] = d
    for d in g.by_code.values():
        g.by_name.setdefault(d.name, d)
    for d in g.by_code.values():
        for a in d.aliases:
            g.by_name.setdefault(a, d)
    # the bare name without its level word is how the press often writes it: 准格尔(旗), 纳日松(镇)
    for i, row in enumerate(_rows("data/places.tsv")):
        d = Division(f"place{i}", row["name"].strip(), "Place", "", tuple(a for a in (row.get("aliases") or "").split("|") if a),
                     (row.get("name_en") or "").strip())
        g.by_code[d.code] = d
        for name in (d.name, *d.aliases):
            g.by_name.setdefault(name, d)
    for d in g.by_code.values():
        if d.national or d.type == "Place":
            continue
        stem = d.name[:-1] if d.name.endswith(("旗", "镇")) else d.name[:-2] if d.name.endswith("苏木") else ""
        if len(stem) >= 3 or (len(stem) == 2 and d.type == "Banner"):
            g.by_name.setdefault(stem, d)
    return g
