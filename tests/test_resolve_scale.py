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


def _index_of(known):
    from kg.store.names import NameIndex

    return NameIndex.create(":memory:", known)


def test_ingest_against_the_names_index_merges_what_every_stored_entity_merged(extracted):
    """An ingest resolves its mentions against the stored entities the names index finds for them,
    not against every stored entity; the entities and relations must be the same. Each annotated
    folder is ingested into the graph of all the others, and all of them into the seeds."""
    cases = [("into the seeds", [df for n, fs in extracted.items() if n != "seeds" for df in fs], extracted["seeds"])]
    cases += [(f"{name} into the others", facts, [df for n, fs in extracted.items() if n != name for df in fs])
              for name, facts in extracted.items()]
    joined = 0
    for name, facts, stored_facts in cases:
        stored = R.resolve(stored_facts)
        known = [R.Entity(e.id, e.label, e.type, set(e.aliases), [], e.division_code, True) for e in stored.entities]
        index = _index_of(known)
        candidates = R.stored_candidates(facts, index)
        assert len(candidates) < len(known)  # it reads only some of them
        got = R.resolve(facts, known=candidates, taken=index)
        _assert_same(f"ingest {name}", got, R.resolve(facts, known=known))
        joined += sum(e.known for e in got.entities)
    assert joined > 100  # many new mentions joined stored entities


def test_a_new_entity_never_takes_the_iri_of_a_stored_one_it_was_not_compared_with():
    """Sentences of my own: a stored entity with the IRI a new one would get, kept out of the
    comparison, makes the new one numbered rather than merged into it by accident."""
    from kg.extraction import extract_documents
    from kg.read import read_text

    doc = read_text("内蒙古青岚远山新材料有限公司在鄂托克旗开工建设新工厂。", "mine.txt", "mine")
    facts = extract_documents([doc])
    company = next(e for e in R.resolve(facts).entities if e.type == "Company")
    got = R.resolve(facts, known=[], taken={company.id})
    assert next(e for e in got.entities if e.type == "Company").id == company.id + "-2"
