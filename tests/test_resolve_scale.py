"""Resolution by blocking keys merges exactly what the pairwise resolution merged.

tests/pairwise_resolution.py keeps the pairwise merging of kg/resolve.py as it was before blocking
(commit 126a4a9). On today's extraction of every annotated folder (each alone, all together, and
all of them ingested into a graph of the seeds) both must give the same entities (id, label,
type, aliases, mentions: the same partition of mentions, the same names) and the same relations.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import pairwise_resolution
from kg import resolve as R

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
FOLDERS = [ROOT / "seeds", *sorted(p for p in DATA.iterdir() if (p / "gold").is_dir()), DATA / "phrasings"]


def _entities(ex) -> list:
    return sorted([e.id, e.label, e.type, sorted(e.aliases), sorted(e.mentions)] for e in ex.entities)


def _relations(ex) -> list:
    return sorted([r.subject, r.predicate, json.dumps(r.object, sort_keys=True, default=str), r.document] for r in ex.relations)


@pytest.fixture(scope="module")
def extracted():
    from kg.api import BuildReport, read_documents
    from kg.extraction import extract_documents

    return {f.name: extract_documents(read_documents([f], BuildReport())) for f in FOLDERS}


def _cases(extracted):
    yield from extracted.items()
    yield "all", [df for facts in extracted.values() for df in facts]


def _known(extracted) -> list:
    seeds = R.resolve(extracted["seeds"])
    return [R.Entity(e.id, e.label, e.type, set(e.aliases), [], e.division_code, True) for e in seeds.entities]


def _pairwise(monkeypatch, facts, known=()):
    with monkeypatch.context() as m:
        m.setattr(R, "_merge_short_names", pairwise_resolution._merge_short_names)
        m.setattr(R, "_merge_owner_prefixed", pairwise_resolution._merge_owner_prefixed)
        return R.resolve(facts, known=known)


def _assert_same(name, got, want):
    for part, of in (("entities", _entities), ("relations", _relations)):
        g, w = of(got), of(want)
        missing = [x for x in w if x not in g]
        extra = [x for x in g if x not in w]
        assert not missing and not extra, f"{name} {part}: pairwise only {missing[:3]}, blocking only {extra[:3]}"


def test_blocking_merges_what_pairwise_merged(extracted, monkeypatch):
    merged = 0
    for name, facts in _cases(extracted):
        got = R.resolve(facts)
        want = _pairwise(monkeypatch, facts)
        _assert_same(name, got, want)
        merged += sum(len({d for d, _, _ in e.mentions}) > 1 for e in got.entities)
    assert merged > 100  # the comparison covers many cross-article merges, not only trivial ones


def test_ingest_merges_what_pairwise_merged(extracted, monkeypatch):
    known = _known(extracted)
    facts = [df for name, fs in extracted.items() if name != "seeds" for df in fs]
    got = R.resolve(facts, known=known)
    _assert_same("ingest into the seeds", got, _pairwise(monkeypatch, facts, known))
    assert sum(e.known for e in got.entities) > 20  # many new mentions joined entities already in the graph


def test_short_names_join_long_ones_by_index():
    """Sentences of my own: a project's short name joins the longer one it begins; two companies
    whose names share a word stay apart."""
    from kg.extraction import extract_documents
    from kg.read import read_text

    doc = read_text("鄂尔多斯市星河远航新能源科技有限公司投资建设星河远航储能电站项目。星河远航储能电站今年开工。"
                    "北辰远航物流有限公司在当地设立仓库。", "mine.txt", "mine")
    ex = R.resolve(extract_documents([doc]))
    by_label = {e.label: e for e in ex.entities}
    assert {"鄂尔多斯市星河远航新能源科技有限公司", "北辰远航物流有限公司"} <= set(by_label)
    assert by_label["星河远航储能电站项目"].aliases == {"星河远航储能电站"}
