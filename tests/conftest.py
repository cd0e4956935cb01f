"""Shared fixtures: the seeds, a graph built from them once per session, temporary stores."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
DATA = Path(__file__).resolve().parent / "data"


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
