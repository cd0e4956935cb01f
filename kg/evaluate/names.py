"""Names and quantities in the form they are compared in: names as kg.lookup compares them (width,
whitespace, quotes and case folded);
units brought to one per dimension (GW, 万千瓦 → MW; 万吨/年 → t/a; 亿元 → CNY)."""

from __future__ import annotations

import math
import unicodedata

from ..lookup import normalize_name

# base unit spelling (after NFKC and case folding) → (dimension, factor to the dimension's unit)
_BASE_UNITS: dict[str, tuple[str, float]] = {}


def _units(dimension: str, factor: float, *spellings: str) -> None:
    for s in spellings:
        _BASE_UNITS[s.casefold()] = (dimension, factor)


_units("MW", 1e-6, "W", "瓦", "Wp")
_units("MW", 1e-3, "kW", "千瓦", "kWp")
_units("MW", 1.0, "MW", "兆瓦", "MWp")
_units("MW", 1e3, "GW", "吉瓦", "GWp", "千兆瓦")
_units("MWh", 1e-3, "kWh", "千瓦时", "度", "kW·h", "kW.h")
_units("MWh", 1.0, "MWh", "兆瓦时")
_units("MWh", 1e3, "GWh", "吉瓦时")
_units("t/a", 1.0, "t/a", "t/y", "t/yr", "吨/年", "吨每年", "tpa")
_units("t/a", 1e3, "kt/a", "千吨/年")
_units("t/a", 1e6, "Mt/a", "Mtpa", "百万吨/年")
_units("t", 1.0, "t", "吨")
_units("t", 1e3, "kt", "千吨")
_units("t", 1e6, "Mt")
_units("Nm3/h", 1.0, "Nm3/h", "标方/小时", "标方/时", "标准立方米/小时", "标立方米/小时", "Nm3/hr")
_units("m3/h", 1.0, "m3/h", "立方米/小时", "方/小时")
_units("m3/a", 1.0, "m3/a", "立方米/年", "方/年")
_units("Nm3/a", 1.0, "Nm3/a", "标方/年", "标准立方米/年")
_units("m2", 1.0, "m2", "平方米")
_units("mu", 1.0, "亩", "mu")
_units("CNY", 1.0, "CNY", "元", "RMB", "人民币", "元人民币", "人民币元", "¥", "yuan")
_units("CNY", 1e4, "万元人民币")
_units("CNY", 1e8, "亿元人民币")

# Chinese number words in front of a unit: 万千瓦, 亿元, 万吨/年, 万Nm3/h
_MULTIPLIERS = (("千万", 1e7), ("百万", 1e6), ("十万", 1e5), ("亿", 1e8), ("万", 1e4), ("千", 1e3), ("百", 1e2))


def normalize_unit(unit: str | None) -> tuple[str, float] | None:
    """(dimension, factor): '万千瓦' → ('MW', 10.0), '亿元' → ('CNY', 1e8); None for a unit not known."""
    if unit is None:
        return None
    u = unicodedata.normalize("NFKC", unit)
    u = "".join(c for c in u if not c.isspace()).casefold().replace("³", "3").replace("每", "/")
    if u in _BASE_UNITS:
        return _BASE_UNITS[u]
    for word, mult in _MULTIPLIERS:
        if u.startswith(word) and u[len(word):] in _BASE_UNITS:
            dim, factor = _BASE_UNITS[u[len(word):]]
            return dim, factor * mult
    return None


def as_number(value) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return float(value) if math.isfinite(value) else None
    if isinstance(value, str):
        try:
            return float(value.replace(",", "").replace("，", "").strip())
        except ValueError:
            return None
    return None


def quantity_key(value, unit: str | None) -> tuple:
    """A comparable form of a quantity: ('MW', 2000.0) for 2 GW; unknown units compare by spelling."""
    n = as_number(value)
    norm = normalize_unit(unit)
    if n is not None and norm is not None:
        return norm[0], n * norm[1]
    spelled = normalize_name(unit) if unit else None
    return ("?" + (spelled or ""), n if n is not None else normalize_name(str(value)))


def same_quantity(a: tuple, b: tuple) -> bool:
    if a[0] != b[0]:
        return False
    x, y = a[1], b[1]
    if isinstance(x, float) and isinstance(y, float):
        return math.isclose(x, y, rel_tol=1e-6, abs_tol=1e-9)
    return x == y


def format_quantity(value, unit: str | None) -> str:
    """39亿元 for 3900000000 CNY; '2 GW' for others."""
    n = as_number(value)
    if unit == "CNY" and n is not None:
        if n >= 1e8:
            return f"{n / 1e8:g}亿元"
        if n >= 1e4:
            return f"{n / 1e4:g}万元"
        return f"{n:g}元"
    shown = f"{n:g}" if n is not None else str(value)
    return f"{shown} {unit}" if unit else shown


