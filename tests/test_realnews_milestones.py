"""benchmarks/realnews.py scores milestones per batch, resolving relative dates with each manifest's
`published` date (issue 14). The batch here is written for the test, not a real article."""

from __future__ import annotations

import hashlib
import importlib.util
import json
from pathlib import Path

import pytest

TEXT = "项目进展\n乌审旗年产20万吨甲醇项目今年3月开工建设，计划明年6月建成投产。\n"
GOLD = {
    "documents": [{"id": "x-01", "source": "x-01.txt", "title": None}],
    "entities": [{"id": "p", "label": "乌审旗年产20万吨甲醇项目", "type": "Project", "alt_types": [], "aliases": []},
                 {"id": "w", "label": "乌审旗", "type": "Banner", "alt_types": [], "aliases": []}],
    "relations": [
        {"subject": "p", "predicate": "locatedIn", "object": "w", "document": "x-01", "evidence": "乌审旗年产20万吨甲醇项目"},
        {"subject": "p", "predicate": "milestone", "object": {"stage": "ConstructionStarted", "date": "2025-03", "planned": False},
         "document": "x-01", "evidence": "乌审旗年产20万吨甲醇项目今年3月开工建设"},
        {"subject": "p", "predicate": "milestone", "object": {"stage": "Completed", "date": "2026-06", "planned": True},
         "document": "x-01", "evidence": "计划明年6月建成投产"},
        {"subject": "p", "predicate": "milestone", "object": {"stage": "InOperation", "date": "2026-06", "planned": True},
         "document": "x-01", "evidence": "计划明年6月建成投产"},
    ],
}


@pytest.fixture
def realnews(tmp_path, monkeypatch):
    spec = importlib.util.spec_from_file_location("realnews_bench", Path(__file__).parents[1] / "benchmarks" / "realnews.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    (tmp_path / "texts").mkdir()
    (tmp_path / "texts" / "x-01.txt").write_text(TEXT, encoding="utf-8")
    batch = tmp_path / "batches" / "x"
    (batch / "gold").mkdir(parents=True)
    (batch / "gold" / "x-01.json").write_text(json.dumps(GOLD, ensure_ascii=False), encoding="utf-8")
    monkeypatch.setattr(module, "ROOT", tmp_path)
    monkeypatch.setattr(module, "TEXTS", tmp_path / "texts")

    def manifest(published):
        article = {"id": "x-01", "url": "-", "sha256": hashlib.sha256(TEXT.encode()).hexdigest(),
                   "script": "simplified", "published": published}
        (batch / "manifest.json").write_text(json.dumps({"batch": "x", "split": "dev", "articles": [article]}), encoding="utf-8")

    return module, manifest


def test_milestones_are_scored_per_batch_with_the_manifests_date(realnews, capsys):
    module, manifest = realnews
    manifest("2025-07-10")
    assert module.main(["score", "--split", "dev", "--format", "json"]) == 0
    report = json.loads(capsys.readouterr().out)
    m = report["batches"]["x"]["milestones"]
    assert (m["gold"], m["found"], m["f1"]) == (3, 3, 1.0)
    assert report["splits"]["dev"]["milestones"]["f1"] == 1.0


def test_without_a_published_date_relative_dates_cannot_match(realnews, capsys):
    module, manifest = realnews
    manifest(None)
    module.main(["score", "--split", "dev", "--format", "json"])
    assert json.loads(capsys.readouterr().out)["batches"]["x"]["milestones"]["found"] == 0


def test_the_table_has_a_milestones_column(realnews, capsys):
    module, manifest = realnews
    manifest("2025-07-10")
    module.main(["score", "--split", "dev"])
    out = capsys.readouterr().out
    assert "| milestones F1 |" in out.splitlines()[0]
    assert "| 1.00 (P 1.00, R 1.00; gold 3) |" in out
