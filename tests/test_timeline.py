"""`kg viz --timeline`: projects along time, in a real browser (Debian's Chromium, as tests/test_browser.py)."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import main
from kg.view.timeline import STAGE_STYLE, render_timeline, timeline_rows, write_timeline

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
browser_only = pytest.mark.skipif(not Path(CHROMIUM).exists(),
                                  reason=f"{CHROMIUM} not found: install Debian's chromium (.ci/run does)")


def synthetic(n: int, seed: int = 14) -> list[dict]:
    """n made-up projects, each with a few milestones of every precision, done and planned."""
    rng = random.Random(seed)
    stages = list(STAGE_STYLE)
    banners = ["甲旗", "乙旗", "丙区"]
    sectors = ["氢能", "光伏", "新材料"]
    rows = []
    for i in range(n):
        ms = []
        year = rng.randint(2018, 2028)
        for k in rng.sample(range(len(stages)), rng.randint(1, 4)):
            kind = rng.random()
            date = (str(year) if kind < 0.3 else f"{year}-{rng.randint(1, 12):02d}" if kind < 0.7
                    else f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}" if kind < 0.95 else None)
            ms.append({"stage": stages[k], "date": date, "dateText": None if date else "近期", "planned": year >= 2026,
                       "evidence": f"第{i}号示范项目计划于{year}年推进。", "document": f"doc{i % 50}", "title": f"文章{i % 50}"})
        rows.append({"iri": f"urn:p{i}", "label": f"第{i}号示范项目", "banners": [banners[i % 3]],
                     "sectors": [sectors[i % 3]], "milestones": ms})
    return rows


def test_the_seed_projects_timeline_has_the_lithium_iron_phosphate_project(seed_graph):
    rows = timeline_rows(seed_graph.store)
    p = next(r for r in rows if r["label"] == "年产60万吨磷酸铁锂项目")
    assert [(m["stage"], m["date"], m["planned"]) for m in p["milestones"]] == [
        ("Completed", "2027-01", True), ("InOperation", "2027-01", True)]
    assert all("2027年1月" in m["evidence"] for m in p["milestones"])


def test_kg_viz_timeline_writes_the_page(seed_graph, tmp_path):
    out = tmp_path / "timeline.html"
    result = CliRunner().invoke(main, ["--store", seed_graph.location, "viz", "--timeline", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert result.output.startswith(f"Wrote {out}: ")
    page = out.read_text(encoding="utf-8")
    assert "年产60万吨磷酸铁锂项目" in page
    assert "default-src &#x27;none&#x27;" in page  # no request is allowed, as in the graph views


def test_timeline_takes_no_other_view():
    result = CliRunner().invoke(main, ["viz", "--timeline", "--entity", "乌审旗"])
    assert result.exit_code == 2
    assert "--timeline draws projects along time" in result.output


def test_markup_is_escaped_in_the_page_source():
    rows = [{"iri": "urn:x", "label": "</script><script>alert(1)</script>项目", "banners": ["<b>旗</b>"], "sectors": [],
             "milestones": [{"stage": "Completed", "date": "2025", "dateText": None, "planned": False,
                             "evidence": "<img src=x onerror=alert(2)>", "document": "d", "title": "<i>t</i>"}]}]
    page = render_timeline(rows, title="<h1>标题</h1>")
    assert "<script>alert(1)" not in page and "<img src=x" not in page and "<h1>标题" not in page


# ------------------------------------------------------------------ in Chromium


@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} not found")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


@pytest.fixture
def open_timeline(browser):
    """open_timeline(path): the page loaded offline; returns (page, requests, errors, dialogs)."""
    contexts = []

    def _open(path: Path):
        ctx = browser.new_context(viewport={"width": 1400, "height": 900})
        contexts.append(ctx)
        page = ctx.new_page()
        url = path.resolve().as_uri()
        requests, errors, dialogs = [], [], []

        def route(r):
            if r.request.url == url:
                r.continue_()
            else:
                requests.append(r.request.url)
                r.abort()

        ctx.route("**/*", route)
        page.on("console", lambda m: m.type == "error" and errors.append(m.text))
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        page.goto(url)
        page.wait_for_function("() => window.kgReady", timeout=30_000)
        return page, requests, errors, dialogs

    yield _open
    for ctx in contexts:
        ctx.close()


@browser_only
def test_seed_timeline_offline_with_planned_marks_and_evidence_on_hover(open_timeline, seed_graph, tmp_path):
    page, requests, errors, _ = open_timeline(write_timeline(timeline_rows(seed_graph.store), tmp_path / "t.html"))
    assert requests == [] and errors == []
    i = page.evaluate("""() => [...document.querySelectorAll('.tl-row')].findIndex(
        r => r.querySelector('title').textContent === '年产60万吨磷酸铁锂项目')""")
    assert i >= 0
    row = page.locator(".tl-row").nth(i)
    marks = row.locator(".tl-mark")
    assert marks.count() == 2
    assert all(marks.nth(k).get_attribute("stroke-dasharray") for k in range(2)), "planned marks are dashed"
    assert all(marks.nth(k).get_attribute("fill") == "#fff" for k in range(2)), "planned marks are hollow"
    marks.nth(0).hover()
    tip = page.locator("#tl-tip")
    assert tip.is_visible()
    assert "计划于2027年1月建成投产" in tip.inner_text() and "2027-01" in tip.inner_text()


@browser_only
def test_done_and_planned_are_drawn_differently_and_filters_work(open_timeline, tmp_path):
    rows = synthetic(30)
    page, requests, errors, _ = open_timeline(write_timeline(rows, tmp_path / "s.html"))
    assert requests == [] and errors == []
    assert page.evaluate("window.kgTimeline.rows") == 30
    fills = page.evaluate("""() => [...document.querySelectorAll('.tl-mark')].map(
        e => [e.getAttribute('fill') === '#fff', e.hasAttribute('stroke-dasharray')])""")
    assert {tuple(f) for f in fills} == {(True, True), (False, False)}
    page.select_option("#tl-banner", "乙旗")
    assert page.evaluate("window.kgTimeline.rows") == 10
    page.select_option("#tl-sector", "光伏")  # project i has banner i % 3 and sector i % 3: 乙旗 is 光伏
    assert page.evaluate("window.kgTimeline.rows") == 10
    page.select_option("#tl-sector", "氢能")
    assert page.evaluate("window.kgTimeline.rows") == 0
    assert page.locator("#tl-count").inner_text() == "0 / 30"


@browser_only
def test_markup_shows_as_text_and_runs_nothing(open_timeline, tmp_path):
    evil = "<img src=x onerror=alert(1)>有限公司项目"
    rows = [{"iri": "urn:x", "label": evil, "banners": ["<b>某旗</b>"], "sectors": ["<script>alert(2)</script>"],
             "milestones": [{"stage": "InOperation", "date": "2025-06-28", "dateText": None, "planned": False,
                             "evidence": "<script>alert(3)</script>并网。", "document": "d1", "title": "<i>x</i>"}]}]
    page, requests, errors, dialogs = open_timeline(write_timeline(rows, tmp_path / "x.html", title="<b>T</b>"))
    assert dialogs == [] and requests == [] and errors == []
    page.locator(".tl-mark").first.hover()
    assert "<script>alert(3)</script>并网。" in page.locator("#tl-tip").inner_text()
    assert page.locator(".tl-row title").first.text_content() == evil
    assert page.locator("#tl-banner option").nth(1).inner_text() == "<b>某旗</b>"
    assert page.locator("h1").inner_text() == "<b>T</b>"


@browser_only
def test_a_thousand_projects_are_drawn(open_timeline, tmp_path):
    """Drawing works at scale; the time it takes is measured by benchmarks/bench_timeline.py."""
    page, requests, errors, _ = open_timeline(write_timeline(synthetic(1000), tmp_path / "big.html"))
    assert requests == [] and errors == []
    drawn = page.evaluate("window.kgTimeline")
    assert drawn["rows"] == 1000
    assert drawn["marks"] == page.locator(".tl-mark").count() > 1000
