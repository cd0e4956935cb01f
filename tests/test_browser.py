"""`kg viz` pages in a real browser: headless Chromium (Debian's) driven by Playwright.

Each page is opened from disk with every other request blocked and counted, and
checked through the page's own `network`, `nodes` and `edges` objects once the
layout has settled. See docs/decisions/2026-11-25-browser-tests.md.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pytest

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
XSS = Path(__file__).resolve().parent / "data" / "xss"
IMG = "<img src=x onerror=alert(1)>有限公司"
SCRIPT = "准格尔旗<script>alert(1)</script>光伏制氢项目"
NARISONG = "准格尔旗纳日松光伏制氢产业示范项目"

pytestmark = pytest.mark.skipif(not Path(CHROMIUM).exists(),
                                reason=f"{CHROMIUM} not found: install Debian's chromium (.ci/run does)")


@dataclass
class Opened:
    page: object
    requests: list[str] = field(default_factory=list)  # anything asked for besides the file itself
    errors: list[str] = field(default_factory=list)  # console errors and uncaught exceptions
    dialogs: list[str] = field(default_factory=list)

    def js(self, script: str, arg=None):
        return self.page.evaluate(script, arg)

    def node_id(self, label: str) -> str:
        return self.js("(l) => { const n = nodes.get({filter: n => n.label === l}); return n.length ? n[0].id : null; }",
                       label)

    def screen_xy(self, node_id: str) -> tuple[float, float]:
        return tuple(self.js("""(id) => {
            const p = network.canvasToDOM(network.getPositions([id])[id]);
            const r = document.getElementById('kg-graph').getBoundingClientRect();
            return [p.x + r.left, p.y + r.top]; }""", node_id))


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


@pytest.fixture
def open_page(browser):
    """open_page(path, csp=True): the page loaded offline and settled."""
    contexts = []

    def _open(path: Path, csp: bool = True) -> Opened:
        ctx = browser.new_context(viewport={"width": 1400, "height": 900}, bypass_csp=not csp)
        contexts.append(ctx)
        page = ctx.new_page()
        opened = Opened(page)
        url = path.resolve().as_uri()

        def route(r):
            if r.request.url == url:
                r.continue_()
            else:
                opened.requests.append(r.request.url)
                r.abort()

        ctx.route("**/*", route)
        page.on("console", lambda m: m.type == "error" and opened.errors.append(m.text))
        page.on("pageerror", lambda e: opened.errors.append(str(e)))
        page.on("dialog", lambda d: (opened.dialogs.append(d.message), d.dismiss()))
        page.goto(url)
        page.wait_for_function("() => window.kgReady", timeout=30_000)
        return opened

    yield _open
    for ctx in contexts:
        ctx.close()


@pytest.fixture(scope="module")
def seeds_page(seed_graph, tmp_path_factory) -> Path:
    from kg.view import view_graph, write_html

    return write_html(view_graph(seed_graph), tmp_path_factory.mktemp("pages") / "seeds.html")


# ------------------------------------------------------------------ the seeds' graph


def test_seed_graph_is_drawn_offline_with_no_error(open_page, seeds_page, tmp_path):
    s = open_page(seeds_page)
    assert s.requests == []
    assert s.errors == []
    banner, project = s.node_id("准格尔旗"), s.node_id(NARISONG)
    assert banner and project
    assert project in s.js("(id) => network.getConnectedNodes(id)", banner)
    located = s.js("""([a, b]) => edges.get({filter: e => e.from === a && e.to === b}).map(e => e.kg.p)""", [project, banner])
    assert "locatedIn" in located
    # both are inside the visible canvas once the view has been fitted
    box = s.page.locator("#kg-graph").bounding_box()
    for node in (banner, project):
        x, y = s.screen_xy(node)
        assert box["x"] <= x <= box["x"] + box["width"] and box["y"] <= y <= box["y"] + box["height"]
    assert s.js("window.kgReady.nodes") == s.js("window.nodes.length") > 100
    shot = tmp_path / "seeds.png"
    s.page.screenshot(path=str(shot))
    assert shot.stat().st_size > 50_000  # a drawn graph, not a blank page


def test_hovering_a_node_shows_its_type_and_evidence(open_page, seeds_page, tmp_path):
    s = open_page(seeds_page)
    s.page.mouse.move(*s.screen_xy(s.node_id(NARISONG)))
    tip = s.page.locator("div.vis-tooltip")
    tip.wait_for(state="visible", timeout=5_000)
    text = tip.inner_text()
    assert text.startswith(NARISONG)
    assert "项目 · Project" in text
    assert "原文证据 Evidence" in text and "——《" in text
    s.page.screenshot(path=str(tmp_path / "tooltip.png"))


def test_edges_say_the_relation_in_chinese_and_english(open_page, seeds_page):
    s = open_page(seeds_page)
    banner, project = s.node_id("准格尔旗"), s.node_id(NARISONG)
    edge = s.js("""([a, b]) => { const e = edges.get({filter: e => e.from === a && e.to === b && e.kg.p === 'locatedIn'})[0];
                                 return [e.label, e.title.textContent]; }""", [project, banner])
    assert edge[0] == "位于"
    assert edge[1].startswith("位于 · located in" + NARISONG + " → 准格尔旗")


@pytest.mark.parametrize("query", ["准格尔旗", "zhungeerqi", "Zhǔn gé ěr qí", "zhun3 ge2 er3 qi2", "ZHUNGEERQI"])
def test_search_box_finds_and_focuses_a_node(open_page, seeds_page, query):
    s = open_page(seeds_page)
    s.page.fill("#kg-q", query)
    s.page.press("#kg-q", "Enter")
    assert s.js("network.getSelectedNodes()") == [s.node_id("准格尔旗")]
    assert s.page.inner_text("#kg-status") == "准格尔旗"


def test_search_finds_by_alias_and_says_when_nothing_matches(open_page, seeds_page, seed_graph):
    row = seed_graph.rows("""SELECT ?l ?a WHERE { ?e rdfs:label ?l ; skos:altLabel ?a . FILTER(lang(?l) = "zh")
                             FILTER NOT EXISTS { ?o rdfs:label ?a } } ORDER BY ?a LIMIT 1""")[0]
    s = open_page(seeds_page)
    assert s.js("(q) => kgFind(q)", row["a"]) == s.node_id(row["l"])
    s.page.fill("#kg-q", "没有这个名字")
    s.page.press("#kg-q", "Enter")
    assert s.page.inner_text("#kg-status") == "未找到 not found"
    assert s.js("network.getSelectedNodes()") == []


def test_type_checkboxes_hide_and_show_nodes(open_page, seeds_page):
    s = open_page(seeds_page)
    projects = "nodes.get({filter: n => n.kg.type === 'Project'})"
    box = s.page.locator('#kg-legend input[data-type="Project"]')
    box.uncheck()
    assert s.js(f"{projects}.every(n => n.hidden)") is True
    assert s.js("nodes.get({filter: n => n.kg.type === 'Banner'}).some(n => n.hidden)") is False
    box.check()
    assert s.js(f"{projects}.some(n => n.hidden)") is False


def test_a_large_graph_is_drawn_from_positions_computed_beforehand(open_page, tmp_path):
    import networkx as nx

    from kg.view import write_html
    from kg.view.html import LARGE

    G = nx.MultiDiGraph(labels={}, documents={}, title="large")
    n = LARGE + 100
    for i in range(n):
        G.add_node(f"n{i}", label=f"实体{i}", type="Company", pinyin="", en="", aliases=[], facts=[], evidence=[],
                   documents=set())
    for i in range(1, n):
        G.add_edge(f"n{i}", f"n{(i * 31) % i}", key="collaboratesWith", evidence=[], documents=set())
    s = open_page(write_html(G, tmp_path / "large.html"))
    assert s.errors == [] and s.requests == []
    assert s.js("network.physics.physicsEnabled") is False
    given = s.js("nodes.get('n1')")
    drawn = s.js("network.getPositions(['n1']).n1")
    assert abs(drawn["x"] - given["x"]) < 1 and abs(drawn["y"] - given["y"]) < 1


def test_gallery_index_leads_to_a_banner_page(open_page, browser, seed_graph, tmp_path):
    from kg.view import write_gallery

    write_gallery(seed_graph, tmp_path / "gallery")
    ctx = browser.new_context()
    blocked = []
    def only_files(r):
        if r.request.url.startswith("file://"):
            return r.continue_()
        blocked.append(r.request.url)
        return r.abort()

    ctx.route("**/*", only_files)
    page = ctx.new_page()
    page.goto((tmp_path / "gallery" / "index.html").as_uri())
    page.get_by_role("link", name="准格尔旗 及其辖内 · banner view").click()
    page.wait_for_function("() => window.kgReady", timeout=30_000)
    assert page.url.endswith("/banner-zhungeerqi.html")
    assert page.evaluate("nodes.get().map(n => n.label)").count("准格尔旗") == 1
    page.get_by_role("link", name="← 图集 Gallery").click()
    assert page.url.endswith("/index.html")
    assert blocked == []
    ctx.close()


# ------------------------------------------------------------------ article text stays text


@pytest.mark.parametrize("csp", [False, True], ids=["escaping-alone", "with-csp"])
def test_markup_in_names_shows_as_text_and_runs_nothing(open_page, xss_graph, tmp_path, csp):
    from kg.view import view_graph, write_html

    s = open_page(write_html(view_graph(xss_graph), tmp_path / "xss.html"), csp=csp)
    company, project = s.node_id(IMG), s.node_id(SCRIPT)
    assert company and project
    for node in (company, project):
        s.page.mouse.move(*s.screen_xy(node))
        s.page.locator("div.vis-tooltip").wait_for(state="visible", timeout=5_000)
        s.page.wait_for_timeout(200)
    assert s.dialogs == []
    assert s.page.locator("div.vis-tooltip").inner_text().startswith(SCRIPT)
    s.page.fill("#kg-q", IMG)
    s.page.press("#kg-q", "Enter")
    assert s.page.inner_text("#kg-status") == IMG
    assert s.dialogs == []
    assert s.errors == []
    assert s.js("document.querySelectorAll('img, b, iframe').length") == 0
    assert s.js("document.scripts.length") == 3  # the data block, vis-network, the page's own
    assert IMG in s.js("Array.from(document.querySelectorAll('#kg-names option')).map(o => o.value)")
    s.page.screenshot(path=str(tmp_path / "xss.png"))


def test_markup_in_an_article_title_shows_as_text(open_page, xss_graph, tmp_path):
    from kg.view import view_graph, write_html

    s = open_page(write_html(view_graph(xss_graph, document="002"), tmp_path / "doc.html"), csp=False)
    assert "<script>alert(1)</script>" in s.page.inner_text("h1")
    assert "<script>alert(1)</script>" in s.page.title()
    s.page.click("#kg-sources summary")
    assert "<script>alert(1)</script>" in s.page.inner_text("#kg-docs")
    assert s.dialogs == [] and s.errors == []
