"""The trained tagger and relation classifier (kg/extraction/model.py) and their training (kg/train.py)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import main as kg_main
from kg.errors import KGError
from kg.extraction import model
from kg.train import dev_batches, gold_folders, project, main as train_main

ROOT = Path(__file__).resolve().parent.parent

# a sentence written for this test: a company builds a plant in a banner
SENTENCE = "内蒙古青川碳素科技有限公司在乌审旗投资建设年产2万吨石墨电极项目。"
COMPANY, BANNER = "内蒙古青川碳素科技有限公司", "乌审旗"


def _tokens_and_rules(sentence: str):
    from kg.extraction.mentions import find_mentions
    from kg.extraction.ner import tag_sentences

    tokens = tag_sentences([sentence])[0]
    return tokens, find_mentions(sentence, tokens, 0)


def test_shipped_model_finds_the_names_of_a_sentence():
    tokens, rules = _tokens_and_rules(SENTENCE)
    found = {(m.label, m.type) for m in model.tag_mentions(SENTENCE, tokens, rules, 0)}
    assert (COMPANY, "Company") in found
    assert (BANNER, "Banner") in found
    assert any(t == "Project" and label.endswith("石墨电极项目") for label, t in found), found


@pytest.mark.parametrize(
    "sentence, fact",
    [
        ("年产2万吨石墨电极项目由内蒙古青川碳素科技有限公司投资建设，位于乌审旗。", ("Project", "operatedBy", COMPANY)),
        ("近日，乌审旗的青川碳素科技有限公司与北方化工研究院签署合作协议。", ("Company", "collaboratesWith", "北方化工研究院")),
    ],
)
def test_shipped_classifier_relates_the_names_of_a_sentence(sentence, fact):
    tokens, rules = _tokens_and_rules(sentence)
    mentions = model.tag_mentions(sentence, tokens, rules, 0)
    facts = {(f.subject.type, f.predicate, f.object.label) for f in model.relation_facts(sentence, tokens, mentions, 0)}
    assert fact in facts


def test_shipped_model_is_small_and_says_what_it_learnt_from():
    folder = model.models_dir()
    assert sum(f.stat().st_size for f in folder.iterdir()) < 3 * 2**20
    meta = json.loads((folder / model.META_FILE).read_text(encoding="utf-8"))
    assert meta["documents"] >= 60
    assert meta["trained_on"]
    root = Path(__file__).resolve().parent.parent
    for trained in meta["trained_on"]:  # a real-news batch only once its manifest says dev (retired tests included)
        manifest = root / trained / ".." / "manifest.json"
        if "realnews" in trained and manifest.is_file():
            assert json.loads(manifest.read_text(encoding="utf-8"))["split"] == "dev", trained


@pytest.mark.parametrize("mode", ["add", "filter", "combined"])
def test_combined_modes_keep_the_seeds_scores(mode, monkeypatch):
    from kg.evaluate import evaluate

    monkeypatch.setenv(model.ENV_MODE, mode)
    result = evaluate([ROOT / "seeds" / "gold"])
    assert result.entities("strict")["all"].f1 >= 0.90
    assert result.relations()["all"].f1 >= 0.80


def test_the_default_mode_is_the_one_the_decision_note_keeps(monkeypatch):
    monkeypatch.delenv(model.ENV_MODE, raising=False)
    note = (ROOT / "docs" / "decisions" / "2026-12-02-trained-tagger.md").read_text(encoding="utf-8")
    assert f"The default is `{model.mode_from_env()}`" in note


def test_an_unknown_mode_is_one_clear_error(monkeypatch, seed_files):
    monkeypatch.setenv(model.ENV_MODE, "neural")
    result = CliRunner().invoke(kg_main, ["extract", str(seed_files[0])])
    assert result.exit_code != 0
    assert "Error: $KG_EXTRACTOR is 'neural'; it must be one of rules, add, filter, combined, model" in result.output
    assert "Traceback" not in result.output


def test_a_missing_model_is_one_clear_error(monkeypatch, tmp_path):
    monkeypatch.setenv(model.ENV_DIR, str(tmp_path))
    tokens, rules = _tokens_and_rules(SENTENCE)
    with pytest.raises(KGError, match="no trained model there") as e:
        model.tag_mentions(SENTENCE, tokens, rules, 0)
    assert "python -m kg.train" in e.value.hint


def test_training_runs_on_a_tiny_slice(tmp_path, monkeypatch):
    out = tmp_path / "models"
    result = CliRunner().invoke(train_main, ["--root", str(ROOT), "--limit", "2", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "Trained on 2 documents" in result.output
    assert {f.name for f in out.iterdir()} == {model.MENTIONS_FILE, model.RELATIONS_FILE, model.META_FILE}
    monkeypatch.setenv(model.ENV_DIR, str(out))
    tokens, rules = _tokens_and_rules(SENTENCE)
    found = model.tag_mentions(SENTENCE, tokens, rules, 0)
    assert BANNER in {m.label for m in found}  # even two documents teach it to follow the place names


def test_training_never_reads_the_test_batches():
    folders = gold_folders(ROOT)
    realnews = [f for f in folders if "realnews" in str(f)]
    assert realnews == dev_batches(ROOT)
    for batch in dev_batches(ROOT):  # retired test batches (testa …) count as dev once their manifest says so
        assert json.loads((batch.parent / "manifest.json").read_text(encoding="utf-8"))["split"] == "dev"


def test_gold_names_are_found_longest_first_whatever_the_width():
    names = [("鄂托克旗ａｂｃ储能电站项目".casefold(), "Project", "p"), ("鄂托克旗", "Banner", "b")]
    from kg.evaluate import normalize_name

    names = [(normalize_name(n), t, i) for n, t, i in names]
    sentence = "近日，鄂托克旗ABC储能电站项目开工，鄂托克旗表示支持。"
    assert project(sentence, names) == [(3, 16, "Project", "p"), (19, 23, "Banner", "b")]


def test_labels_become_spans():
    assert model.spans_of(["B-Company", "I-Company", "O", "B-Banner", "I-Banner", "I-Project"]) == [
        (0, 2, "Company"),
        (3, 5, "Banner"),
        (5, 6, "Project"),
    ]


def test_the_combination_keeps_the_pinned_phrasings(monkeypatch):
    """The facts tests/test_extract.py pins hold under `combined` too (they did not while the tagger could
    drop any name of the rules it found nothing of: 采用X工艺 lost its technology)."""
    from test_extract import ARTICLE, EXPECTED, facts

    from kg import extract

    monkeypatch.setenv(model.ENV_MODE, "combined")
    got = facts(extract([ROOT / ARTICLE]))
    assert [f for f in EXPECTED if f not in got] == []


def test_the_combination_keeps_a_body_named_by_its_standard_name(monkeypatch, tmp_path):
    from kg import extract

    monkeypatch.setenv(model.ENV_MODE, "combined")
    (tmp_path / "a.txt").write_text("会上，旗人大常委会副主任李明和旗科技局负责人介绍了园区的情况。\n", encoding="utf-8")
    assert ("旗人大常委会", "GovernmentAgency") in {(e.label, e.type) for e in extract([tmp_path / "a.txt"]).entities}
