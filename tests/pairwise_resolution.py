"""The pairwise resolution of kg/resolve.py as of commit 126a4a9, kept as the oracle that
tests/test_resolve_scale.py compares the blocking resolution with: every short name against
every longer group, every project mention against every organisation name. Quadratic; do not use."""

from __future__ import annotations

import re

from kg.extraction.mentions import _is_generic
from kg.resolve import LEGAL_FORMS, TRADE_WORDS, _bare, _Group, _strip_city, name_key


def _merge_short_names(groups: list[_Group]) -> list[_Group]:
    """准能 ends 国能准能 and 神华准能: one company. Done per type group, short into long."""
    by_group: dict[str, list[_Group]] = {}
    for g in groups:
        by_group.setdefault(g.group, []).append(g)
    merged_into: dict[int, _Group] = {}
    for gs in by_group.values():
        if gs[0].group not in {"Organization", "Project", "IndustrialPark"}:
            continue
        gs_sorted = sorted(gs, key=lambda g: max(len(k) for k in g.keys))
        for i, short in enumerate(gs_sorted):
            skey = min(short.keys, key=len)
            if _bare(skey) or skey.startswith("div:"):
                continue
            targets = []
            for long in gs_sorted[i + 1:]:
                if long is short or id(long) in merged_into:
                    continue
                for lkey in long.keys:
                    if lkey != skey and len(lkey) > len(skey) and (
                        (lkey.endswith(skey) and len(lkey) - len(skey) <= (8 if len(skey) >= 5 else 4) and short.group == "Organization")
                        or (lkey.startswith(skey) and _is_generic(lkey[len(skey):]) and short.group != "Organization"
                            and not (re.search(r"(煤矿|矿|电厂|电站|工厂|厂)$", skey) and re.search(r"改造|升级|扩建|扩能|技改|治理|修复", lkey[len(skey):])))
                    ):
                        targets.append(long)
                        break
            if not targets and short.group == "Organization" and short.best_type() == "Company" and len(skey) >= 2 and not any(
                    LEGAL_FORMS.search(lab) for lab in short.labels):  # 内蒙古久泰集团 is a company of its own, not a short name
                # 隆基绿能 for 隆基绿能科技股份有限公司, 远景 for 远景科技集团: the name before the trade words,
                # when exactly one company has it
                targets = [long for long in gs_sorted[i + 1:] if long is not short and long.best_type() == "Company" and any(
                    k.startswith(skey) and TRADE_WORDS.fullmatch(k[len(skey):]) for lkey in long.keys for k in (lkey, _strip_city(lkey)))]
                if len(targets) == 1:
                    merged_into[id(short)] = targets[0]
                continue
            if not targets and short.group == "Project" and short.mentions:
                # 独立储能电站 after 杭锦旗独贵塔拉独立储能电站 in the same article: the one it ends
                docs = {d.id for _, d in short.mentions}
                targets = [long for long in gs_sorted[i + 1:] if long is not short and docs <= {d.id for _, d in long.mentions}
                           and any(lkey.endswith(skey) and len(lkey) > len(skey) for lkey in long.keys)]
                if len(targets) == 1:
                    merged_into[id(short)] = targets[0]
                continue
            if len(targets) == 1 or (targets and len({id(merged_into.get(id(t), t)) for t in targets}) == 1):
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


def _merge_owner_prefixed(groups: list[_Group]) -> list[_Group]:
    """锐驰新材年产10万吨颗粒硅项目 = 年产10万吨颗粒硅项目 when 锐驰新材 names an organisation."""
    owners = {n for g in groups if g.group == "Organization" for n in (*g.labels, *g.surfaces) if len(n) >= 2}
    by_key = {k: g for g in groups if g.group == "Project" for k in g.keys}
    out = []
    for g in groups:
        target = None
        if g.group == "Project":
            for m, _ in g.mentions:
                owner = next((o for o in sorted(owners, key=len, reverse=True) if m.label.startswith(o) and len(m.label) > len(o) + 3), None)
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
