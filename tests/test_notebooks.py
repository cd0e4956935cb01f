"""The notebooks run top to bottom (nbclient, the current interpreter's python3 kernel) and their
cells show what an analyst came for; they are stored without outputs and import only kg."""

from __future__ import annotations

import ast
import base64
import os
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

from kg.analysis import banner_table, centrality, communities, to_networkx

NOTEBOOKS = Path(__file__).resolve().parent.parent / "notebooks"
NAMES = ["01-tour", "02-banners", "03-network"]
ALLOWED_IMPORTS = {"kg", "pandas", "matplotlib", "os", "tempfile", "pathlib"}


def execute(nb, store: str | None, cwd: Path = NOTEBOOKS):
    """Run a notebook in a fresh kernel, with KG_STORE set to `store` (or unset)."""
    old = os.environ.pop("KG_STORE", None)
    if store:
        os.environ["KG_STORE"] = store
    try:
        NotebookClient(nb, kernel_name="python3", timeout=600, resources={"metadata": {"path": str(cwd)}}).execute()
    finally:
        os.environ.pop("KG_STORE", None)
        if old is not None:
            os.environ["KG_STORE"] = old
    return nb


def run(name: str, store: str | None) -> dict:
    """Execute notebooks/NAME.ipynb; its code cells by tag."""
    nb = execute(nbformat.read(NOTEBOOKS / f"{name}.ipynb", as_version=4), store)
    return {tag: c for c in nb.cells if c.cell_type == "code" for tag in c.metadata.get("tags", [])}


def text(cell) -> str:
    """What a cell printed and displayed, as text."""
    out = []
    for o in cell.outputs:
        if o.output_type == "stream":
            out.append(o.text)
        elif "data" in o:
            out.append(o.data.get("text/plain", ""))
            out.append(o.data.get("text/html", ""))
    return "\n".join(out)


def png(cell) -> bytes:
    images = [o.data["image/png"] for o in cell.outputs if "data" in o and "image/png" in o.data]
    assert images, f"cell {cell.metadata.get('tags')} showed no image"
    return base64.b64decode(images[0])


def stderr(cell) -> str:
    return "".join(o.text for o in cell.outputs if o.output_type == "stream" and o.name == "stderr")


def line_of(cell, start: str) -> str:
    lines = [ln for ln in cell.outputs[-1].data["text/plain"].splitlines() if ln.startswith(start)]
    assert lines, f"no row for {start}"
    return lines[0]


@pytest.fixture(scope="module")
def tour():
    return run("01-tour", store=None)  # builds the seeds itself


@pytest.fixture(scope="module")
def banners(seed_graph):
    return run("02-banners", store=seed_graph.location)


@pytest.fixture(scope="module")
def network(seed_graph):
    return run("03-network", store=seed_graph.location)


# ------------------------------------------------------------------ how they are kept


@pytest.mark.parametrize("name", NAMES)
def test_notebook_is_stored_without_outputs(name):
    nb = nbformat.read(NOTEBOOKS / f"{name}.ipynb", as_version=4)
    nbformat.validate(nb)
    for c in nb.cells:
        if c.cell_type == "code":
            assert c.outputs == [] and c.execution_count is None, c.source[:60]


@pytest.mark.parametrize("name", NAMES)
def test_notebook_imports_only_kg_and_display_libraries(name):
    nb = nbformat.read(NOTEBOOKS / f"{name}.ipynb", as_version=4)
    for c in nb.cells:
        if c.cell_type != "code":
            continue
        source = "\n".join(ln for ln in c.source.splitlines() if not ln.startswith("%"))
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, ast.Import):
                mods = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                mods = [node.module or ""]
            else:
                continue
            assert {m.split(".")[0] for m in mods} <= ALLOWED_IMPORTS, mods


# ------------------------------------------------------------------ 01 tour


def test_tour_builds_the_seeds_and_counts_entities(tour):
    assert "Built from 5 articles" in text(tour["setup"])
    counts = text(tour["entities-per-type"])
    for t in ("Project", "Company", "Banner"):
        assert t in counts
    assert "000_0f44c1ebc675fa11" in text(tour["per-document"])


def test_tour_asks_five_ready_questions(tour):
    asked = [tag for tag in tour if tag.startswith("q-")]
    assert len(asked) == 5
    for tag in asked:
        assert "<table" in text(tour[tag]), f"{tag} shows no table"
    assert "projects-in-banner" in text(tour["questions"])
    assert "鄂托克旗" in text(tour["q-investment-by-banner"])
    assert "深能鄂托克风光制氢一体化合成绿氨项目" in text(tour["q-projects-in-banner"])


def test_tour_sparql_gives_numbers(tour):
    out = text(tour["sparql"])
    assert "1500000000" in out and "15.0" in out


def test_tour_shows_an_offline_view(tour):
    html = "".join(o.data.get("text/html", "") for o in tour["view"].outputs if "data" in o)
    assert "<iframe srcdoc=" in html
    assert "vis.Network" in html and "准格尔旗" in html
    assert "https://cdn" not in html and "unpkg" not in html


# ------------------------------------------------------------------ 02 banners


def test_banner_table_names_each_banner_with_its_investment(banners, seed_graph):
    cell = banners["banner-table"]
    for row in banner_table(seed_graph):
        assert str(row["investment"]) in line_of(cell, row["banner"])
    assert "1500000000" in line_of(cell, "乌审旗")
    otog = line_of(cell, "鄂托克旗").split()
    assert int(otog[4]) > 0  # projects organisations stated investment investment_yi


def test_investment_bar_chart_is_a_png_drawn_in_a_cjk_font(banners):
    image = png(banners["investment-chart"])
    assert image[:8] == b"\x89PNG\r\n\x1a\n" and len(image) > 10_000
    assert "missing from font" not in stderr(banners["investment-chart"])


def test_sectors_and_leaders(banners):
    assert "氢能" in text(banners["sectors"])
    out = text(banners["leaders"])
    assert "氢能 (hydrogen): " in out and "新材料 (new-materials): " in out
    assert "乌审旗" in out.split("新材料")[1]
    assert "年产60万吨磷酸铁锂项目" in text(banners["projects"])


# ------------------------------------------------------------------ 03 network


def test_central_actors_match_the_library(network, seed_graph):
    out = text(network["central"])
    for r in centrality(to_networkx(seed_graph), top=3):
        assert r["label"] in out
    assert "准格尔旗" in out


def test_communities_cell_lists_communities_and_what_binds_them(network, seed_graph):
    out = network["communities"].outputs[-1].data["text/plain"]
    assert "bound by" in out
    groups = communities(to_networkx(seed_graph), min_size=2)
    assert len(groups) >= 2
    for c in groups[:3]:
        assert c.central[0] in out


def test_how_universities_connect_to_a_banner(network):
    out = text(network["connect"])
    assert "清华大学 —" in out and "太原理工大学" in out
    assert "「" in out  # each step shows the sentence that states it
    closer = text(network["connect-closer"])
    assert "清华大学" in closer and "内蒙古自治区" not in closer


def test_collaboration_network_table_and_chart(network):
    out = text(network["collaboration"])
    assert "太原理工大学" in out and "collaboratesWith" in out
    assert png(network["collaboration-chart"])[:4] == b"\x89PNG"
    assert "missing from font" not in stderr(network["collaboration-chart"])


# ------------------------------------------------------------------ errors in a cell


def cell_error(source: str, store: str | None = None) -> str:
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(source)])
    with pytest.raises(CellExecutionError) as e:
        execute(nb, store)
    return str(e.value)


def test_a_sparql_error_in_a_cell_raises_with_the_parsers_message(seed_graph):
    err = cell_error("from kg import KnowledgeGraph\n"
                     "KnowledgeGraph().dataframe('SELECT ?b WHERE { ?b a okg:Banner')", store=seed_graph.location)
    assert "QueryError" in err
    assert "not valid SPARQL" in err and "expected" in err


def test_a_missing_store_in_a_cell_says_there_is_no_graph(tmp_path):
    err = cell_error("from kg import KnowledgeGraph\n"
                     f"KnowledgeGraph({str(tmp_path / 'nowhere')!r}).dataframe('SELECT * WHERE {{ ?s ?p ?o }}')")
    assert "NoGraphError" in err
    assert "no graph at" in err


def test_milestones_per_year_are_plotted(banners):
    cell = banners["milestones"]
    assert png(cell)
    assert "missing from font" not in stderr(cell)
    assert "2027" in text(cell)  # the seeds' one dated project: completion and operation planned for 2027-01
