"""Extraction quality for the README: `kg eval` on the seeds' gold and on each set of test articles' gold.

Prints a Markdown table (entities strict/lenient F1, relations F1, investment amounts
right, resolution errors) ready to paste, then how long each evaluation took.

    python benchmarks/eval_report.py
"""

from __future__ import annotations

import os
import platform
import sys
import time
from pathlib import Path

from kg.evaluate import evaluate

ROOT = Path(__file__).resolve().parent.parent
SETS = [
    ("seeds", ROOT / "seeds" / "gold"),
    ("unseen test articles (tests/data/unseen)", ROOT / "tests" / "data" / "unseen" / "gold"),
    ("held-out articles (tests/data/heldout)", ROOT / "tests" / "data" / "heldout" / "gold"),
    ("second held-out set (tests/data/heldout2)", ROOT / "tests" / "data" / "heldout2" / "gold"),
    ("third held-out set (tests/data/heldout3)", ROOT / "tests" / "data" / "heldout3" / "gold"),
    ("fourth held-out set (tests/data/heldout4)", ROOT / "tests" / "data" / "heldout4" / "gold"),
    ("fifth held-out set (tests/data/heldout5)", ROOT / "tests" / "data" / "heldout5" / "gold"),
    ("sixth held-out set (tests/data/heldout6)", ROOT / "tests" / "data" / "heldout6" / "gold"),
    ("seventh held-out set (tests/data/heldout7)", ROOT / "tests" / "data" / "heldout7" / "gold"),
    ("eighth held-out set (tests/data/heldout8)", ROOT / "tests" / "data" / "heldout8" / "gold"),
]


def f2(x: float | None) -> str:
    return "—" if x is None else f"{x:.2f}"


def main() -> int:
    rows, timings = [], []
    for name, gold in SETS:
        if not gold.is_dir() or not any(gold.glob("*.json")):
            continue
        t0 = time.perf_counter()
        r = evaluate([gold])
        timings.append((name, len(r.documents), time.perf_counter() - t0))
        strict, lenient, rel = r.entities("strict")["all"], r.entities("lenient")["all"], r.relations()["all"]
        got, total = r.investments_right
        res = r.resolution
        rows.append([
            f"{name}, {len(r.documents)} articles",
            f"{f2(strict.f1)} (P {f2(strict.precision)}, R {f2(strict.recall)})",
            f2(lenient.f1),
            f"{f2(rel.f1)} (P {f2(rel.precision)}, R {f2(rel.recall)})",
            f"{got}/{total}",
            f"{res['gold_entities_split']} / {res['gold_entities_merged']}",
        ])
    head = ["gold", "entities F1, strict", "entities F1, lenient", "relations F1", "investments right",
            "gold entities split / merged"]
    print("| " + " | ".join(head) + " |")
    print("|" + "|".join("---" for _ in head) + "|")
    for row in rows:
        print("| " + " | ".join(row) + " |")
    print()
    machine = f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    for k, (name, n, secs) in enumerate(timings):
        first = " (including loading the tagger)" if k == 0 else ""
        print(f"<!-- {name}: read, extracted and scored {n} articles in {secs:.1f} s{first} on {machine} -->")
    return 0


if __name__ == "__main__":
    sys.exit(main())
