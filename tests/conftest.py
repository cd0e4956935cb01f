"""Shared fixtures: the seeds, a graph built from them once per session, temporary stores."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture(scope="session", autouse=True)
def tagged_once():
    """The NER tagger's tokens for each sentence, computed once per session. The same sentences (the
    seeds' above all) are extracted by dozens of builds, and tagging is most of what extraction costs;
    LAC tags one sentence at a time from its text alone, so a sentence's tokens do not depend on what
    else is tagged with it. Worker processes (kg build --jobs) tag for themselves."""
    import kg.extraction

    real = kg.extraction.tag_sentences
    memo: dict[str, list] = {}

    def tag_sentences(sentences, batch: int = 64, progress=None):
        todo = [s for s in dict.fromkeys(sentences) if s not in memo]
        if todo:
            memo.update(zip(todo, real(todo, batch)))
        if progress:
            progress("tagging", len(sentences), len(sentences))
        return [list(memo[s]) for s in sentences]  # a list of its own: a caller may change it

    patch = pytest.MonkeyPatch()
    patch.setattr(kg.extraction, "tag_sentences", tag_sentences)
    yield
    patch.undo()


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    return SEEDS


@pytest.fixture(scope="session")
def seed_files() -> list[Path]:
    return sorted(SEEDS.glob("*.txt"))


@pytest.fixture(scope="session")
def seed_graph(tmp_path_factory):
    """A KnowledgeGraph built from the five seeds, shared by the tests that only read it."""
    from kg import KnowledgeGraph

    store = tmp_path_factory.mktemp("seed-store") / "kg"
    graph = KnowledgeGraph(str(store))
    graph.build([SEEDS])
    return graph


@pytest.fixture(scope="session")
def seed_extraction():
    """The extraction of the five seeds (SPEC JSON shape via .to_json())."""
    from kg import extract

    return extract([SEEDS])


@pytest.fixture(scope="module")
def store(seed_graph):
    """The seeds' store, for the library functions that take one."""
    return seed_graph.store


@pytest.fixture
def run(seed_graph):
    """`kg …` against the seeds' store, as click's CliRunner runs it."""
    from click.testing import CliRunner

    from kg.cli import main

    runner = CliRunner()

    def invoke(*args):
        return runner.invoke(main, ["--store", seed_graph.location, *map(str, args)], catch_exceptions=False)

    return invoke


@pytest.fixture(scope="session")
def xss_graph(tmp_path_factory):
    """A graph built from the test articles under tests/data/xss, plus entities whose names are markup."""
    from pyoxigraph import RdfFormat, parse

    from kg import KnowledgeGraph, extract
    from kg.graph import extraction_quads

    graph = KnowledgeGraph(str(tmp_path_factory.mktemp("xss") / "kg"))
    injected = parse(path=str(DATA / "xss" / "injected.trig"), format=RdfFormat.TRIG)
    graph.store.replace(extraction_quads(extract([DATA / "xss"])) + list(injected))
    return graph


@pytest.fixture
def store_path(tmp_path) -> Path:
    """A fresh store location in a temporary directory."""
    return tmp_path / "store"


@pytest.fixture
def seed_copy(tmp_path) -> Path:
    """A writable copy of the seeds directory."""
    dst = tmp_path / "seeds"
    shutil.copytree(SEEDS, dst)
    return dst
