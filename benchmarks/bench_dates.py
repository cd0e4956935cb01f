"""Chinese time expressions: kg/dates.py against JioNLP's time parser, on expressions written for this test.

    python benchmarks/bench_dates.py                   # kg/dates.py (and JioNLP if it is importable)
    /path/to/other/venv/bin/python benchmarks/bench_dates.py   # e.g. a venv where `pip install jionlp` was run

Each expression has the value a milestone needs: an ISO date at the precision the text gives
(day, month or year), relative ones resolved against 2026-03-05. JioNLP returns a time span; it is
read as a day when it covers one day, a month when it lies within one month, a year within one year.
Prints for each parser: right answers, time per expression, time to scan sentences, import time.
"""

from __future__ import annotations

import importlib.util
import sys
import time
from pathlib import Path

BASE = "2026-03-05"
CASES = [
    ("2027年1月", "2027-01"), ("2024年5月12日", "2024-05-12"), ("二〇二六年", "2026"), ("2026年上半年", "2026"),
    ("2027年一季度", "2027"), ("2025年底", "2025"), ("3月中旬", "2026-03"), ("今年4月底", "2026-04"),
    ("去年", "2025"), ("明年6月", "2027-06"), ("上月", "2026-02"), ("目前", "2026-03-05"), ("年内", "2026"),
    ("6月28日", "2026-06-28"), ("去年10月", "2025-10"), ("2023年3月15日", "2023-03-15"), ("本月", "2026-03"),
    ("近日", "2026-03"), ("二〇二四年三月十五日", "2024-03-15"), ("前年", "2024"), ("下月", "2026-04"),
    ("今年", "2026"), ("12月", "2026-12"), ("2028年", "2028"),
]
SENTENCES = [
    "该项目于去年6月开工建设，计划今年底实现全容量并网。",
    "示范工程已于2025年10月建成投产，预计明年达产。",
    "储能电站上月获得核准，拟于2027年一季度开工。",
    "目前，项目主体工程已完工，正在进行设备调试，力争6月底前投入试运行。",
    "园区今年计划实施重点项目30个，年产值有望突破百亿元。",
] * 40


def load_kg_dates():
    path = Path(__file__).resolve().parent.parent / "kg" / "dates.py"
    spec = importlib.util.spec_from_file_location("kg_dates", path)
    mod = importlib.util.module_from_spec(spec)
    sys.modules["kg_dates"] = mod  # (dataclasses look their module up)
    spec.loader.exec_module(mod)
    return mod


def jionlp_value(result: dict) -> str | None:
    start, end = (t[:10] for t in result["time"])
    if start == end:
        return start
    if start[:7] == end[:7]:
        return start[:7]
    if start[:4] == end[:4]:
        return start[:4]
    return None


def measure(name: str, parse, scan) -> None:
    right, wrong = 0, []
    t = time.perf_counter()
    for text, want in CASES:
        try:
            got = parse(text)
        except Exception as e:  # noqa: BLE001 - a parser that raises on an expression gets it wrong
            got = f"error: {type(e).__name__}"
        if got == want:
            right += 1
        else:
            wrong.append(f"{text} -> {got} (want {want})")
    per = (time.perf_counter() - t) / len(CASES)
    t = time.perf_counter()
    for s in SENTENCES:
        scan(s)
    per_sentence = (time.perf_counter() - t) / len(SENTENCES)
    print(f"{name}: {right}/{len(CASES)} right; {per * 1000:.3f} ms per expression; "
          f"{per_sentence * 1000:.3f} ms per sentence scanned")
    for w in wrong:
        print(f"    wrong: {w}")


def main() -> None:
    t = time.perf_counter()
    dates = load_kg_dates()
    print(f"kg/dates.py import: {time.perf_counter() - t:.3f} s")
    measure("kg/dates.py", lambda s: dates.parse_date(s, base=BASE), lambda s: dates.find_dates(s, base=BASE))
    try:
        t = time.perf_counter()
        import jionlp as jio
    except ImportError:
        print("jionlp is not importable here: run this script with a Python that has it")
        return
    print(f"jionlp {jio.__version__} import: {time.perf_counter() - t:.3f} s")
    base = time.mktime(time.strptime(BASE, "%Y-%m-%d"))
    jio.parse_time("2026年1月", time_base=base)  # its first call loads tables; not counted below
    measure("jionlp.parse_time", lambda s: jionlp_value(jio.parse_time(s, time_base=base)),
            lambda s: jio.ner.extract_time(s, time_base=base))


if __name__ == "__main__":
    main()
