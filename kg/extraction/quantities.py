"""Amounts of money and capacities, read from Chinese number expressions."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

_NUM = r"(\d+(?:\.\d+)?)"

_MONEY = r"(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"  # 39, 12.8, 1,200
# an amount in yuan: 12亿元, 1,200万元, and 12亿 with 元 left out (but never 12亿美元, 5000万港元)
_AMOUNT = _MONEY + r"\s*(?:(亿|万|千万|百万)\s*(?:人民币)?\s*元?|()元)(?![美港欧日千百吨瓦平方亩人户个台辆件头只株立标])"
TOTAL_INVESTMENT = re.compile(
    r"(?:(?<!完成)(?<!累计)总投资|(?<![完成累计])投资额|投资总额|(?:核准|批复|概算)投资)(?:额|规模)?(?:为|达到?|约|近|超过?|逾|共计|合计|预计|计划)?(?:约|达)?\s*(?:人民币)?\s*"
    + _AMOUNT
)
# 投资12亿元的X项目, 投资约3.5亿元建设的Y: an amount written before the project it belongs to (not 计划投资,
# 年度投资, 已完成投资, 一期投资: plans, years and phases are not a project's total)
INVESTMENT_BEFORE_NAME = re.compile(r"(?<![划度成计期续新年])投资(?:约|近|超过?|逾)?\s*(?:人民币)?\s*" + _AMOUNT + r"(?=(?:建设|打造|新建)?的)")
# 该项目计划投资约1亿元: what a project plans to invest is its total (but 今年计划投资30亿元的项目有12个, a
# year's plan, has no project word right before it)
PLANNED_INVESTMENT = re.compile(r"(?<=项目|工程|基地)(?:计划|预计|拟)投资(?:约|达|近|超过?)?\s*(?:人民币)?\s*" + _AMOUNT)
COMPLETED_INVESTMENT = re.compile(r"(?:已|累计)完成(?:固定资产)?投资(?:额)?(?:约|达)?\s*(?:人民币)?\s*" + _AMOUNT)

_SCALE = {None: Decimal(1), "": Decimal(1), "万": Decimal(10_000), "百万": Decimal(1_000_000),
          "千万": Decimal(10_000_000), "亿": Decimal(100_000_000)}


def yuan(number: str, scale: str | None) -> Decimal:
    """'39', '亿' -> Decimal('3900000000')."""
    value = Decimal(number.replace(",", "")) * _SCALE[scale]
    return value.quantize(Decimal(1)) if value == value.to_integral() else value.normalize()


@dataclass(frozen=True)
class Quantity:
    value: Decimal
    unit: str  # normalised spelling: GW, MW, kW, t/a, t, Nm3/h, ...
    text: str  # as written
    start: int  # offsets in the sentence
    end: int

    @property
    def label(self) -> str:
        return f"{format_number(self.value)} {self.unit}"


def format_number(value: Decimal) -> str:
    s = format(value.normalize(), "f")
    return s


# unit as written -> (normalised unit, factor to apply to the number)
_UNITS = [
    (r"吉瓦时|GWh", "GWh", 1),
    (r"兆瓦时|MWh", "MWh", 1),
    (r"万千瓦时", "MWh?", 10),  # storage energy after a power figure (40万千瓦/160万千瓦时), else electricity
    (r"吉瓦|GW|gw", "GW", 1),
    (r"万千瓦", "MW", 10),
    (r"兆瓦|MW|mw|Mw", "MW", 1),
    (r"万千瓦时|亿千瓦时|千瓦时|kWh|度", None, 0),  # amounts of electricity, not capacity
    (r"千瓦|kW|KW", "kW", 1),
    (r"万标方/小?时|万Nm[3³]/h", "Nm3/h", 10_000),
    (r"标方/小?时|Nm[3³]/h|标准立方米/小?时", "Nm3/h", 1),
    (r"千标方", "Nm3/h", 1000),
]
_MULT = r"(?:(\d+)\s*[×xX*]\s*)?"
CAPACITY = re.compile(_MULT + _NUM + r"\s*(" + "|".join(u for u, _, _ in _UNITS) + r")")
ANNUAL_OUTPUT = re.compile(
    r"(?:年(?:产|生产|处理|加工|产能|捕集|消纳)(?:能力)?(?:二氧化碳)?|(?:核定|设计)?(?:生产能力|产能)(?:为|达到?|是)?(?:每年|年)?)(?:约|达)?\s*" + _NUM + r"\s*(万|千)?\s*(吨|t|立方米|方|件|台|套|辆|片|平方米)"
    r"|" + _NUM + r"\s*(万|千)?\s*(吨|t)\s*/\s*年"
)


# 年产针状焦30万吨, 年产羊绒针织服装50万件: the product named between 年产 and the figure
NAMED_OUTPUT = re.compile(r"年产(?:能)?(?P<product>[\u4e00-\u9fff]{2,10}?)(?:约|达|超过?)?" + _NUM + r"\s*(万|千)?\s*(吨|件|台|套|辆|片)")


# 年处理煤矸石300万吨: what a plant takes in (the thing named is an input, not a product)
NAMED_INTAKE = re.compile(r"年(?:处理|消纳|加工|回收)(?P<input>[\u4e00-\u9fff]{2,8}?)(?:约|达|超过?)?" + _NUM + r"\s*(万|千)?\s*吨")


def capacities(sentence: str) -> list[Quantity]:
    """Every capacity stated in a sentence: power, hydrogen output, annual output."""
    found: list[Quantity] = []
    for m in CAPACITY.finditer(sentence):
        mult, number, written = m.group(1), m.group(2), m.group(3)
        for pattern, unit, factor in _UNITS:
            if re.fullmatch(pattern, written):
                break
        if unit == "MWh?":
            if not re.search(r"(兆瓦|MW|万千瓦)\s*/\s*$", sentence[: m.start()]):
                continue  # 年发电量2.6万千瓦时: electricity, not a capacity
            unit = "MWh"
        if unit is None:
            continue
        value = Decimal(number) * factor * (int(mult) if mult else 1)
        found.append(Quantity(value.normalize(), unit, m.group(0), m.start(), m.end()))
    for m in NAMED_OUTPUT.finditer(sentence):
        number, scale, written = m.group(2), m.group(3), m.group(4)
        factor = {"万": 10_000, "千": 1000, None: 1}[scale]
        unit = "t/a" if written == "吨" else written + "/a"
        found.append(Quantity((Decimal(number) * factor).normalize(), unit, m.group(0), m.start(), m.end()))
    for m in NAMED_INTAKE.finditer(sentence):
        factor = {"万": 10_000, "千": 1000, None: 1}[m.group(3)]
        found.append(Quantity((Decimal(m.group(2)) * factor).normalize(), "t/a", m.group(0), m.start(), m.end()))
    for m in ANNUAL_OUTPUT.finditer(sentence):
        number, scale, written = (m.group(1), m.group(2), m.group(3)) if m.group(1) else (m.group(4), m.group(5), m.group(6))
        factor = {"万": 10_000, "千": 1000, None: 1}[scale]
        unit = {"吨": "t/a", "t": "t/a", "立方米": "m3/a", "方": "m3/a"}.get(written, written + "/a")
        found.append(Quantity((Decimal(number) * factor).normalize(), unit, m.group(0), m.start(), m.end()))
    return found


def total_investments(sentence: str) -> list[tuple[Decimal, int, int]]:
    """Each stated total: (yuan, start, end). An amount written before its project (投资12亿元的…项目) ends
    right before the 的 that leads to the name."""
    found = [(yuan(m.group(1), m.group(2)), m.start(), m.end()) for m in TOTAL_INVESTMENT.finditer(sentence)]
    taken = [(s, e) for _, s, e in found]
    for m in [*INVESTMENT_BEFORE_NAME.finditer(sentence), *PLANNED_INVESTMENT.finditer(sentence)]:
        if not any(s <= m.start() < e or m.start() <= s < m.end() for s, e in taken):
            found.append((yuan(m.group(1), m.group(2)), m.start(), m.end()))
    return sorted(found, key=lambda f: f[1])


def completed_investments(sentence: str) -> list[tuple[Decimal, int, int]]:
    return [(yuan(m.group(1), m.group(2)), m.start(), m.end()) for m in COMPLETED_INVESTMENT.finditer(sentence)]
