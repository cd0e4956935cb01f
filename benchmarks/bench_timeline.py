"""How fast the timeline view (`kg viz --timeline`) is written and drawn.

    python benchmarks/bench_timeline.py       # the browser figures need /usr/bin/chromium

Prints, for a synthetic graph of 1,000 projects (1–4 milestones each, of every precision):
- the seconds to render and write the page;
- the seconds from opening it in headless Chromium to the timeline being drawn (page loaded,
  data parsed, every row and mark in the DOM), median of 3 runs, and the script's own drawing time;
- the seconds to change the banner filter (a full redraw).
Issue 14 asks for under 3 s to draw 1,000 projects.
"""

from __future__ import annotations

import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def synthetic(n: int, seed: int = 14) -> list[dict]:
    from kg.view.timeline import STAGE_STYLE

    rng = random.Random(seed)
    stages = list(STAGE_STYLE)
    rows = []
    for i in range(n):
        year = rng.randint(2018, 2028)
        ms = []
        for k in rng.sample(range(len(stages)), rng.randint(1, 4)):
            r = rng.random()
            date = (str(year) if r < 0.3 else f"{year}-{rng.randint(1, 12):02d}" if r < 0.7
                    else f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}" if r < 0.95 else None)
            ms.append({"stage": stages[k], "date": date, "dateText": None, "planned": year >= 2026,
                       "evidence": f"第{i}号合成项目于{year}年推进，这是一句用于悬停显示的证据。",
                       "document": f"doc{i % 80}", "title": f"合成文章{i % 80}"})
        rows.append({"iri": f"urn:p{i}", "label": f"合成测试第{i}号年产十万吨示范项目", "banners": [f"第{i % 9}旗"],
                     "sectors": [f"产业{i % 6}"], "milestones": ms})
    return rows


def main() -> None:
    from kg.view.timeline import write_timeline

    rows = synthetic(1000)
    marks = sum(len(r["milestones"]) for r in rows)
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "timeline.html"
        t = time.perf_counter()
        write_timeline(rows, path)
        print(f"write 1,000 projects ({marks} milestones, {path.stat().st_size / 1e6:.1f} MB): {time.perf_counter() - t:.2f} s")
        if not Path(CHROMIUM).exists():
            print(f"{CHROMIUM} not found: no browser figures")
            return
        from playwright.sync_api import sync_playwright

        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
            opened, drawn, refilter = [], [], []
            for _ in range(3):
                page = browser.new_page(viewport={"width": 1400, "height": 900})
                t = time.perf_counter()
                page.goto(path.as_uri())
                page.wait_for_function("() => window.kgReady", timeout=60_000)
                opened.append(time.perf_counter() - t)
                drawn.append(page.evaluate("window.kgTimeline.drawMs") / 1000)
                t = time.perf_counter()
                page.select_option("#tl-banner", "第3旗")
                page.evaluate("window.kgTimeline.rows")
                refilter.append(time.perf_counter() - t)
                page.close()
            browser.close()
        print(f"open to drawn in Chromium: {statistics.median(opened):.2f} s (median of 3; "
              f"the script's drawing alone {statistics.median(drawn):.2f} s)")
        print(f"banner filter redraw: {statistics.median(refilter):.2f} s")


if __name__ == "__main__":
    sys.exit(main())
