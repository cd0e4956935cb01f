"""`kg eval`: scoring extraction against gold annotations, and what a malformed gold file gets."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.cli import main
from kg.evaluate import load_golds, normalize_name, parse_gold, quantity_key, score
from kg.evaluate.names import same_quantity

ROOT = Path(__file__).resolve().parent.parent
BAD = Path(__file__).resolve().parent / "data" / "gold-bad"
SEED_GOLD = ROOT / "seeds" / "gold"
UNSEEN_GOLD = Path(__file__).resolve().parent / "data" / "unseen" / "gold"


def gold(entities, relations=(), doc="d1"):
    """A gold document from (id, label, type, aliases[, alt_types]) and (subject, predicate, object)."""
    ents = []
    for e in entities:
        eid, label, type_, aliases = e[:4]
        ents.append({"id": eid, "label": label, "type": type_, "aliases": list(aliases),
                     "alt_types": list(e[4]) if len(e) > 4 else []})
    rels = [{"subject": s, "predicate": p, "object": o, "document": doc, "evidence": f"{s} {p} {o}"}
            for s, p, o in relations]
    return parse_gold({"documents": [{"id": doc}], "entities": ents, "relations": rels})


def prediction(entities, relations=(), doc="d1"):
    """An extraction's JSON from (id, label, type, aliases) and (subject, predicate, object)."""
    return {
        "documents": [{"id": doc, "source": f"{doc}.txt", "title": ""}],
        "entities": [{"id": i, "label": label, "type": t, "aliases": list(a),
                      "mentions": [{"document": doc, "start": 0, "end": 1}]} for i, label, t, a in entities],
        "relations": [{"subject": s, "predicate": p, "object": o, "document": doc, "evidence": ""}
                      for s, p, o in relations],
    }


# ---------------------------------------------------------------- scores on hand-made pairs

GOLD = gold(
    [("zgeq", "准格尔旗", "Banner", ["准旗"]),
     ("gnzn", "国能准能集团", "Company", ["准能集团"]),
     ("proj", "纳日松光伏制氢产业示范项目", "Project", []),
     ("h2", "氢气", "Product", []),
     ("tyut", "太原理工大学", "ResearchInstitution", [])],
    [("proj", "locatedIn", "zgeq"),
     ("proj", "operatedBy", "gnzn"),
     ("proj", "investment", {"value": 3900000000, "unit": "CNY"}),
     ("proj", "capacity", {"value": 2, "unit": "GW"}),
     ("gnzn", "collaboratesWith", "tyut")],
)

PRED = prediction(
    [("p1", "准旗", "Banner", []),                                   # an alias of the gold label
     ("p2", "准能集团", "Company", []),
     ("p3", "纳日松光伏制氢产业示范项目", "Technology", []),           # right name, wrong type
     ("p4", "某某公司", "Company", []),                              # not in the gold
     ("p5", "太原理工大学", "ResearchInstitution", [])],
    [("p3", "locatedIn", "p1"),
     ("p3", "operatedBy", "p4"),                                     # wrong owner
     ("p3", "investment", {"value": 39, "unit": "亿元"}),             # same amount, other unit
     ("p3", "capacity", {"value": 2000, "unit": "MW"}),
     ("p5", "collaboratesWith", "p2")],                              # symmetric: either way round
)


def test_entity_scores_strict_and_lenient():
    r = score([GOLD], PRED)
    strict, lenient = r.entities("strict"), r.entities("lenient")
    # strict: 准格尔旗, 国能准能集团, 太原理工大学 right; the project has the wrong type; 某某公司 is spurious
    assert (strict["all"].found, strict["all"].gold, strict["all"].predicted) == (3, 5, 5)
    assert strict["all"].precision == pytest.approx(0.6)
    assert strict["all"].recall == pytest.approx(0.6)
    assert strict["all"].f1 == pytest.approx(0.6)
    # lenient: the project counts too
    assert (lenient["all"].precision, lenient["all"].recall) == (pytest.approx(0.8), pytest.approx(0.8))
    # per type: two Companies predicted, one right; the one gold Company found
    assert strict["Company"].precision == pytest.approx(0.5)
    assert strict["Company"].recall == pytest.approx(1.0)
    assert strict["Company"].f1 == pytest.approx(2 / 3)
    assert strict["Project"].recall == 0.0 and strict["Project"].precision is None
    assert strict["Technology"].precision == 0.0
    assert strict["Product"].recall == 0.0  # 氢气 was not predicted
    assert lenient["Project"].recall == 1.0


def test_relation_scores_per_predicate():
    r = score([GOLD], PRED)
    rel = r.relations()
    assert (rel["all"].gold, rel["all"].predicted, rel["all"].found) == (5, 5, 4)
    assert rel["all"].precision == pytest.approx(0.8)
    assert rel["all"].f1 == pytest.approx(0.8)
    assert rel["operatedBy"].f1 == 0.0
    assert rel["collaboratesWith"].f1 == 1.0
    assert rel["investment"].f1 == 1.0 and rel["capacity"].f1 == 1.0
    assert r.investments_right == (1, 1)


def test_every_miss_and_false_positive_is_listed_with_why():
    r = score([GOLD], PRED)
    kinds = {(p.what, p.kind, p.item) for p in r.problems}
    assert ("missed entity", "wrong type", "纳日松光伏制氢产业示范项目 (Project)") in kinds
    assert ("missed entity", "not found", "氢气 (Product)") in kinds
    assert ("spurious entity", "not in gold", "某某公司 (Company)") in kinds
    assert ("missed relation", "other object predicted", "纳日松光伏制氢产业示范项目 operatedBy 国能准能集团") in kinds
    assert ("spurious relation", "object not a gold entity", "纳日松光伏制氢产业示范项目 operatedBy 某某公司") in kinds
    assert len(r.problems) == 6  # and the wrong type once more as a spurious Technology


def test_a_quantity_is_right_only_with_value_and_unit():
    wrong = prediction([("p", "纳日松光伏制氢产业示范项目", "Project", [])],
                       [("p", "investment", {"value": 3900000, "unit": "CNY"}),
                        ("p", "capacity", {"value": 2, "unit": "MW"})])
    r = score([GOLD], wrong)
    assert r.relations()["investment"].found == 0
    assert r.relations()["capacity"].found == 0
    assert r.investments_right == (0, 1)
    inv = r.investments[0]
    assert (inv["gold"], inv["predicted"], inv["right"]) == ("39亿元", ["390万元"], False)
    missed = [p for p in r.problems if p.what == "missed relation" and "capacity" in p.item]
    assert missed[0].kind == "value or unit wrong" and missed[0].detail == "predicted 2 MW"


@pytest.mark.parametrize("a, b", [
    ((2, "GW"), (2000, "MW")),
    ((200, "万千瓦"), (2, "GW")),
    ((100, "万kW"), (1000, "MW")),
    ((250, "MWp"), (250, "MW")),
    ((60, "万吨/年"), (600000, "t/a")),
    ((3, "万t/a"), (30000, "t/a")),
    ((1000, "Nm3/h"), (0.1, "万Nm³/h")),
    ((39, "亿元"), (3900000000, "CNY")),
    ((78.65, "亿元"), (7865000000, "CNY")),
    ((5000, "万元"), ("50000000", "元")),
])
def test_units_are_compared_after_normalisation(a, b):
    assert same_quantity(quantity_key(*a), quantity_key(*b))


@pytest.mark.parametrize("a, b", [((60, "万吨"), (600000, "t/a")), ((2, "GW"), (2, "GWh")), ((39, "亿元"), (39, "万元"))])
def test_different_units_or_magnitudes_do_not_match(a, b):
    assert not same_quantity(quantity_key(*a), quantity_key(*b))


def test_names_match_across_width_whitespace_and_quotes():
    assert normalize_name("ＡＤＭＣ热电智能调控系统") == normalize_name("ADMC热电智能调控系统")
    assert normalize_name("“零碳”机场项目") == normalize_name('"零碳"机场项目') == normalize_name("零碳 机场项目")
    g = gold([("t", "ADMC热电智能调控系统", "Technology", []), ("a", "“风光农牧林”一体化项目", "Project", [])])
    p = prediction([("x", "ＡＤＭＣ 热电智能调控系统", "Technology", []), ("y", "风光农牧林一体化项目", "Project", [])])
    assert score([g], p).entities("strict")["all"].f1 == 1.0


def test_alternative_types_count_as_strict():
    g = gold([("nshh", "农商互汇供应链产业园", "IndustrialPark", [], ["Project"])])
    p = prediction([("x", "农商互汇供应链产业园", "Project", [])])
    assert score([g], p).entities("strict")["all"].f1 == 1.0


def test_collaboration_is_symmetric_but_other_relations_are_not():
    g = gold([("a", "甲公司", "Company", []), ("b", "乙大学", "ResearchInstitution", [])],
             [("a", "collaboratesWith", "b"), ("a", "memberOf", "b")])
    p = prediction([("x", "甲公司", "Company", []), ("y", "乙大学", "ResearchInstitution", [])],
                   [("y", "collaboratesWith", "x"), ("y", "memberOf", "x")])
    r = score([g], p)
    assert r.relations()["collaboratesWith"].f1 == 1.0
    assert r.relations()["memberOf"].f1 == 0.0
    assert {(p.what, p.kind) for p in r.problems} == {("missed relation", "reversed"), ("spurious relation", "reversed")}


def test_split_and_merged_entities_are_counted():
    g = gold([("gnzn", "国能准能集团", "Company", ["准能集团"]),
              ("jt", "内蒙古久泰集团", "Company", []),
              ("jtx", "久泰新材料公司", "Company", [])])
    p = prediction([("a", "国能准能集团", "Company", []),
                    ("b", "准能集团", "Company", []),                       # the same company again: a split
                    ("c", "久泰新材料公司", "Company", ["内蒙古久泰集团"])])   # two companies as one: a merge
    r = score([g], p)
    assert r.resolution == {"gold_entities_split": 1, "gold_entities_merged": 2, "predicted_entities_merging": 1}
    assert r.splits == [{"document": "d1", "gold": "国能准能集团", "predicted": ["国能准能集团 (Company)", "准能集团 (Company)"]}]
    assert r.merges == [{"document": "d1", "predicted": "久泰新材料公司", "gold": ["内蒙古久泰集团", "久泰新材料公司"]}]
    # one to one: the split costs a false positive, the merge a miss
    s = r.entities("strict")["all"]
    assert (s.gold, s.predicted, s.found) == (3, 3, 2)
    assert r.documents[0].split == 1 and r.documents[0].merged == 2


def test_documents_are_matched_by_id():
    other = prediction([("x", "准格尔旗", "Banner", [])], doc="d2")
    r = score([GOLD], other)
    assert r.entities("strict")["all"].found == 0
    assert [d.id for d in r.documents] == ["d1"]


def test_gold_scored_against_itself_is_perfect():
    """Every gold file, turned into an extraction's JSON, scores 1.0: the matching loses nothing."""
    golds = load_golds([SEED_GOLD] + ([UNSEEN_GOLD] if UNSEEN_GOLD.exists() else []))
    for g in golds:
        pred = {"documents": [{"id": g.id}],
                "entities": [{"id": e.id, "label": e.label, "type": e.type, "aliases": list(e.aliases),
                              "mentions": [{"document": g.id, "start": 0, "end": 1}]} for e in g.entities],
                "relations": [{"subject": r.subject, "predicate": r.predicate, "object": r.object,
                               "document": g.id, "evidence": r.evidence} for r in g.relations]}
        r = score([g], pred)
        assert r.entities("strict")["all"].f1 == 1.0, g.id
        assert r.relations()["all"].f1 == 1.0, g.id
        assert r.resolution["gold_entities_split"] == r.resolution["gold_entities_merged"] == 0
        assert r.problems == []


# ---------------------------------------------------------------- malformed gold files

BAD_CASES = [
    ("invalid-json.json", "line 5, column 2: invalid JSON: Expecting value at '],'"),
    ("unknown-type.json", ("entities[1].type: unknown type 'Compnay' (the core types are Region, City, Banner, "
                          "Town, Village, IndustrialPark, Company, ResearchInstitution, GovernmentAgency, Alliance, "
                          "Project, Technology, Product, Person, Place)")),
    ("unknown-predicate.json", ("relations[0].predicate: unknown predicate 'locatedAt' (the core relations are "
                               "locatedIn, operatedBy, subsidiaryOf, collaboratesWith, memberOf, usesTechnology, "
                               "develops, produces, investment, capacity; and milestone)")),
    ("missing-id.json", "relations[1].object: 'eeds' is not the id of any entity in this file"),
    ("missing-key.json", "entities[0]: missing key 'type'"),
    ("wrong-value-type.json", "entities[0].aliases: expected an array, found a string"),
    ("duplicate-id.json", "entities[2].id: duplicate id 'zgeq' (first used by entities[0])"),
    ("quantity-as-id.json", ('relations[0].object: expected a quantity {"value": ..., "unit": ...} for investment, '
                            "found a string")),
    ("milestone-unknown-stage.json", ("relations[0].object.stage: unknown stage 'Operating' (the stages are Signed, "
                                     "Approved, ConstructionStarted, Completed, InOperation, GridConnected, "
                                     "FullCapacity)")),
    ("milestone-bad-date.json", "relations[0].object.date: expected YYYY-MM-DD, YYYY-MM, YYYY or null, found '2027-13'"),
    ("milestone-planned-text.json", "relations[0].object.planned: expected true or false, found a string"),
    ("milestone-missing-planned.json", "relations[0].object: missing key 'planned'"),
    ("shared-name.json", ("entities[1].label: the name '准能集团' is also a name of entities[0] ('gnzn'); "
                         "one name, one entity (abbreviations are aliases)")),
]


@pytest.mark.parametrize("name, problem", BAD_CASES, ids=[c[0] for c in BAD_CASES])
def test_malformed_gold_is_rejected_with_file_place_and_problem(name, problem):
    path = str(BAD / name)
    result = CliRunner().invoke(main, ["eval", path])
    assert result.exit_code == 2
    assert result.output.splitlines()[0] == f"Error: {path}: {problem}"
    assert "SPEC.md" in result.output


def test_every_bad_gold_file_has_a_case():
    assert sorted(p.name for p in BAD.glob("*.json")) == sorted(c[0] for c in BAD_CASES)


def test_one_bad_file_in_a_folder_stops_the_run(tmp_path):
    shutil.copy(SEED_GOLD / "000_0f44c1ebc675fa11.json", tmp_path)
    shutil.copy(BAD / "unknown-type.json", tmp_path)
    result = CliRunner().invoke(main, ["eval", str(tmp_path)])
    assert result.exit_code == 2
    assert "unknown-type.json: entities[1].type: unknown type 'Compnay'" in result.output


def test_a_gold_without_its_document_says_where_it_looked(tmp_path):
    g = tmp_path / "gold" / "nowhere.json"
    g.parent.mkdir()
    g.write_text(json.dumps({"documents": [{"id": "nowhere", "source": "nowhere.txt"}],
                             "entities": [], "relations": []}), encoding="utf-8")
    result = CliRunner().invoke(main, ["eval", str(g)])
    assert result.exit_code == 1
    assert result.output.splitlines()[0] == (
        f"Error: {g}: its document 'nowhere' is neither in {tmp_path} nor at its source 'nowhere.txt'")
    assert "--docs DIR" in result.output


# ---------------------------------------------------------------- the seeds


def test_seeds_eval_prints_the_tables_for_all_five_documents():
    result = CliRunner().invoke(main, ["eval", str(SEED_GOLD)])
    assert result.exit_code == 0, result.output
    out = result.output
    for title in ("Entities (strict: label and type; lenient: label only)", "Relations", "Per document"):
        assert title in out
    docs = sorted(p.stem for p in SEED_GOLD.glob("*.json"))
    assert len(docs) == 5
    per_doc = out.split("Per document", 1)[1]
    assert all(d in per_doc for d in docs)
    assert "Investment amounts right: " in out and "/3" in out
    assert "Entity resolution: " in out
    assert "Errors by kind" not in out


def test_seeds_eval_as_json(tmp_path):
    result = CliRunner().invoke(main, ["eval", str(SEED_GOLD / "003_91b04151e7e4191c.json"), "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert [d["id"] for d in data["documents"]] == ["003_91b04151e7e4191c"]
    assert set(data["entities"]) == {"strict", "lenient"}
    assert data["entities"]["strict"]["all"]["gold"] == 67
    assert data["relations"]["investment"]["gold"] == 3
    assert [f["gold"] for f in data["investments"]["facts"]] == ["39亿元", "78.65亿元", "15亿元"]
    assert "problems" not in data


def test_show_errors_gives_each_error_its_sentence(seed_extraction):
    golds = load_golds([SEED_GOLD])
    r = score(golds, seed_extraction.to_json(), documents=seed_extraction.documents)
    from kg.evaluate.report import render_report

    text = render_report(r, show_errors=True)
    assert "Errors by kind" in text
    for p in r.problems:
        assert p.sentence, p  # every miss and false positive shows where it comes from
    # a missed gold entity's sentence contains the entity's name
    missed = [p for p in r.problems if p.what == "missed entity"]
    for p in missed:
        label = p.item.rsplit(" (", 1)[0]
        g = next(e for gd in golds for e in gd.entities if e.label == label)
        assert any(normalize_name(n) in normalize_name(p.sentence) for n in (g.label, *g.aliases)), p


def test_docs_option_finds_articles_elsewhere(tmp_path, seeds_dir):
    shutil.copy(SEED_GOLD / "001_304948338bd5cb19.json", tmp_path)
    result = CliRunner().invoke(main, ["eval", str(tmp_path), "--docs", str(seeds_dir)])
    assert result.exit_code == 0, result.output
    assert "001_304948338bd5cb19" in result.output


def test_a_split_entity_repeating_a_relation_is_a_duplicate_not_a_new_fact():
    g = gold([("p", "年产10万吨颗粒硅项目", "Project", ["锐驰新材年产10万吨颗粒硅项目"]),
              ("c", "内蒙古锐驰新材料科技有限公司", "Company", [])],
             [("p", "operatedBy", "c"), ("p", "capacity", {"value": 100000, "unit": "t/a"})])
    p = prediction([("x", "年产10万吨颗粒硅项目", "Project", []),
                    ("y", "锐驰新材年产10万吨颗粒硅项目", "Project", []),
                    ("z", "内蒙古锐驰新材料科技有限公司", "Company", [])],
                   [("x", "operatedBy", "z"), ("y", "operatedBy", "z"),
                    ("x", "capacity", {"value": 10, "unit": "万吨/年"}), ("y", "capacity", {"value": 100000, "unit": "t/a"})])
    r = score([g], p)
    rel = r.relations()["all"]
    assert (rel.gold, rel.predicted, rel.found) == (2, 4, 2)
    spurious = [(q.kind, q.item) for q in r.problems if q.what == "spurious relation"]
    assert sorted(k for k, _ in spurious) == ["duplicate of a matched relation"] * 2
    assert r.resolution["gold_entities_split"] == 1


def test_a_gold_file_named_twice_counts_once_but_two_files_for_one_document_are_an_error(tmp_path):
    assert len(load_golds([SEED_GOLD, SEED_GOLD / "000_0f44c1ebc675fa11.json"])) == 5
    copy = tmp_path / "again.json"
    shutil.copy(SEED_GOLD / "000_0f44c1ebc675fa11.json", copy)
    result = CliRunner().invoke(main, ["eval", str(SEED_GOLD / "000_0f44c1ebc675fa11.json"), str(copy)])
    assert result.exit_code == 2
    assert result.output.splitlines()[0] == (
        f"Error: {copy}: documents[0].id: '000_0f44c1ebc675fa11' is also described by "
        f"{SEED_GOLD / '000_0f44c1ebc675fa11.json'}")


# -- the figures the README promises --------------------------------------------------------------

def _readme_rows():
    """(label, entity F1, relation F1, investments) of each README row that reports the current extractor."""
    import re

    rows = []
    for line in (ROOT / "README.md").read_text(encoding="utf-8").splitlines():
        m = re.match(r"\| (.+?) \| (\d\.\d\d) \(P [\d.]+, R [\d.]+\) \| (\d\.\d\d) \(P [\d.]+, R [\d.]+\) \| (\d+/\d+) \|$", line)
        if m and "first run" not in m.group(1):
            rows.append((m.group(1), m.group(2), m.group(3), m.group(4)))
    return rows


@pytest.fixture(scope="module")
def current_scores():
    from kg.evaluate import evaluate

    held = ("heldout", "heldout2", "heldout3", "heldout4", "heldout5", "heldout6", "heldout7", "heldout8")
    folders = [SEED_GOLD, UNSEEN_GOLD] + [ROOT / "tests" / "data" / name / "gold" for name in held]
    out = []
    for folder in folders:
        r = evaluate([folder])
        got, total = r.investments_right
        out.append((f"{r.entities('strict')['all'].f1:.2f}", f"{r.relations()['all'].f1:.2f}", f"{got}/{total}"))
    return out


def test_the_readme_table_states_what_kg_eval_measures(current_scores):
    rows = _readme_rows()
    assert len(rows) == len(current_scores), "one README row per gold set, in eval_report's order"
    for (label, ent, rel, inv), now in zip(rows, current_scores):
        assert (ent, rel, inv) == now, f"README row {label!r} says {(ent, rel, inv)}, kg eval measures {now}"


def test_the_seeds_meet_the_targets(current_scores):
    ent, rel, inv = current_scores[0]
    got, total = inv.split("/")
    assert float(ent) >= 0.90 and float(rel) >= 0.75 and got == total


def test_a_gold_milestone_is_read_and_kept_out_of_the_core_relations():
    g = parse_gold({"documents": [{"id": "d1"}],
                    "entities": [{"id": "p", "label": "某旗十万千瓦光伏项目", "type": "Project"}],
                    "relations": [{"subject": "p", "predicate": "milestone",
                                   "object": {"stage": "GridConnected", "date": "2025-06", "planned": False},
                                   "evidence": "某旗十万千瓦光伏项目于2025年6月并网"},
                                  {"subject": "p", "predicate": "milestone",
                                   "object": {"stage": "InOperation", "date": None, "planned": True},
                                   "evidence": "该项目将于近期投产"}]})
    assert [r.object["stage"] for r in g.relations] == ["GridConnected", "InOperation"]
    pred = {"documents": [{"id": "d1"}], "entities": [{"id": "x", "label": "某旗十万千瓦光伏项目", "type": "Project",
                                                      "mentions": [{"document": "d1", "start": 0, "end": 1}]}],
            "relations": []}
    assert score([g], pred).relations()["all"].gold == 0


def test_milestones_are_right_only_with_project_stage_date_and_planned_flag():
    ms = [("Completed", "2026-06", True), ("InOperation", "2026-06", True), ("ConstructionStarted", "2024", False)]
    g = parse_gold({"documents": [{"id": "d1"}],
                    "entities": [{"id": "p", "label": "某旗五万吨示范项目", "type": "Project"}],
                    "relations": [{"subject": "p", "predicate": "milestone",
                                   "object": {"stage": s, "date": d, "planned": pl}, "evidence": "某句。"}
                                  for s, d, pl in ms]})
    pred = {"documents": [{"id": "d1"}],
            "entities": [{"id": "x", "label": "某旗五万吨示范项目", "type": "Project",
                          "mentions": [{"document": "d1", "start": 0, "end": 9}]}],
            "relations": [{"subject": "x", "predicate": "milestone", "object": o, "document": "d1", "evidence": "某句。"}
                          for o in ({"stage": "Completed", "date": "2026-06", "planned": True},        # right
                                    {"stage": "InOperation", "date": "2026", "planned": True},         # date too coarse
                                    {"stage": "ConstructionStarted", "date": "2024", "planned": True},  # flag wrong
                                    {"stage": "Signed", "date": None, "planned": False})]}              # not in gold
    r = score([g], pred)
    m = r.milestones
    assert (m.gold, m.predicted, m.found) == (3, 4, 1)
    assert r.to_json()["milestones"]["f1"] == round(2 * (1 / 4) * (1 / 3) / (1 / 4 + 1 / 3), 4)
    kinds = sorted((p.what, p.kind) for p in r.problems if "milestone" in p.what)
    assert kinds == [("missed milestone", "wrong date or planned flag")] * 2 + [("spurious milestone", "not in gold")] * 3
    assert r.relations()["all"].predicted == 0 and not r.unscored


def test_kg_eval_prints_milestone_scores_for_the_seeds():
    result = CliRunner().invoke(main, ["eval", str(SEED_GOLD)])
    assert result.exit_code == 0, result.output
    block = result.output.split("Milestones (stage, date and planned flag all right, per project)\n", 1)[1]
    row = block.splitlines()[2].split()
    assert row[0] == "milestone" and row[1] == "2"  # the two planned milestones of the lithium iron phosphate project


def test_eval_takes_publication_dates_from_a_manifest_beside_the_gold(tmp_path):
    """Relative dates resolve against the day a manifest beside the gold folder gives (as real-news batches have)."""
    (tmp_path / "texts").mkdir()
    (tmp_path / "texts" / "a1.txt").write_text("项目进展\n伊金霍洛旗年产10万吨负极材料项目今年3月开工。\n", encoding="utf-8")
    (tmp_path / "gold").mkdir()
    (tmp_path / "gold" / "a1.json").write_text(json.dumps({
        "documents": [{"id": "a1"}],
        "entities": [{"id": "p", "label": "伊金霍洛旗年产10万吨负极材料项目", "type": "Project"}],
        "relations": [{"subject": "p", "predicate": "milestone",
                       "object": {"stage": "ConstructionStarted", "date": "2025-03", "planned": False},
                       "evidence": "伊金霍洛旗年产10万吨负极材料项目今年3月开工。"}]}, ensure_ascii=False), encoding="utf-8")
    args = ["eval", str(tmp_path / "gold"), "--docs", str(tmp_path / "texts"), "--format", "json"]
    without = json.loads(CliRunner().invoke(main, args).output)
    assert without["milestones"]["found"] == 0  # 今年 cannot be resolved
    (tmp_path / "manifest.json").write_text('{"articles": [{"id": "a1", "published": "2025-08-20"}]}', encoding="utf-8")
    with_date = json.loads(CliRunner().invoke(main, args).output)
    assert with_date["milestones"]["found"] == 1
