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
