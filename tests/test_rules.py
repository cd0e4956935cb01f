"""Provenance and the rule catalogue: every name and fact says which rule made it."""

from __future__ import annotations

import pytest

from kg.extraction.mentions import Mention, _mark_inner


@pytest.fixture(scope="module")
def seed_facts(seed_files):
    """What the extractor finds in the seeds, before names are resolved (mentions and facts with their rules)."""
    from kg.api import read_one
    from kg.extraction import extract_documents

    return extract_documents([read_one(p) for p in seed_files])


def test_every_name_and_fact_of_the_seeds_says_which_rule_made_it(seed_facts):
    mentions = [m for df in seed_facts for ms in df.mentions for m in ms]
    facts = [f for df in seed_facts for f in df.facts]
    assert mentions and facts
    assert [m for m in mentions if not m.rule] == []
    assert [f for f in facts if not f.rule] == []
    # the names of relation rules begin with the predicate they state
    assert {f.rule.split("/")[0] for f in facts} >= {"locatedIn", "operatedBy", "investment", "capacity"}


def test_a_name_two_rules_propose_is_kept_once_and_remembers_the_rule_that_lost():
    first = Mention("某某产业园", "IndustrialPark", 0, 2, 7, "suffix", rule="mention/park-suffix")
    second = Mention("某某产业园", "IndustrialPark", 0, 2, 7, "quoted", rule="mention/quoted-name")
    kept = _mark_inner([first, second])
    assert kept == [first]
    assert (first.rule, first.also) == ("mention/park-suffix", ["mention/quoted-name"])
    _mark_inner(kept + [second])  # seen again: remembered once
    assert first.also == ["mention/quoted-name"]


def test_kg_extract_json_names_the_rule_of_every_mention_and_relation(seed_extraction):
    data = seed_extraction.to_json()
    mentions = [m for e in data["entities"] for m in e["mentions"]]
    assert mentions and all(m["rule"] for m in mentions)
    assert data["relations"] and all(r["rule"] for r in data["relations"])
    # SPEC's keys are all still there
    assert all({"document", "start", "end"} <= m.keys() for m in mentions)
    assert all({"subject", "predicate", "object", "document", "evidence"} <= r.keys() for r in data["relations"])
    by_label = {e["label"]: e for e in data["entities"]}
    assert {m["rule"] for m in by_label["准格尔旗"]["mentions"]} == {"mention/gazetteer"}


def test_a_fact_two_rules_state_keeps_the_first_and_names_the_other(tmp_path):
    from kg import extract

    # the place opens the project's name, and the sentence also says the project lies there
    (tmp_path / "a.txt").write_text("标题\n\n白泥井镇光储一体化示范项目位于达拉特旗白泥井镇。\n", encoding="utf-8")
    data = extract([tmp_path]).to_json()
    located = [r for r in data["relations"] if r["predicate"] == "locatedIn" and r["object"].endswith("白泥井镇")]
    assert [r["rule"] for r in located] == ["locatedIn/place-opens-name"]
    assert "locatedIn/位于X" in located[0]["also"]


def test_every_evidence_record_of_the_graph_was_generated_by_a_named_rule(seed_graph):
    rows = seed_graph.rows("""
        SELECT (COUNT(?ev) AS ?n) (COUNT(?rule) AS ?named) WHERE {
          ?ev a okg:Evidence .
          OPTIONAL { ?ev prov:wasGeneratedBy ?rule . ?rule a okg:ExtractionRule ; rdfs:label ?name }
        }""")
    assert int(rows[0]["n"]) > 100 and rows[0]["named"] == rows[0]["n"]
    rule = seed_graph.rows("""
        SELECT ?name WHERE {
          ?ev okg:evidenceText ?t ; rdf:predicate okg:investment ; prov:wasGeneratedBy ?r . ?r rdfs:label ?name
        } LIMIT 1""")
    assert str(rule[0]["name"]) == "investment/总投资"


def test_kg_eval_by_rule_scores_each_rule(run):
    import json

    table = run("eval", "seeds/gold", "--by-rule")
    assert table.exit_code == 0
    line = next(x for x in table.output.splitlines() if x.startswith("mention/gazetteer "))
    assert line.split()[-5:-3] == line.split()[-5:-3]  # a row of figures
    data = json.loads(run("eval", "seeds/gold", "--by-rule", "--format", "json").output)
    by_rule = data["by_rule"]
    assert by_rule["investment/总投资"]["makes"] == ["investment"]
    # each relation is credited to exactly one rule: the rules' relation predictions add up to the total
    relation_rules = [r for r, c in by_rule.items() if set(c["makes"]) <= set(data["relations"]) - {"all"}]
    assert sum(by_rule[r]["predicted"] for r in relation_rules) == data["relations"]["all"]["predicted"]
    assert sum(by_rule[r]["right"] for r in relation_rules) == data["relations"]["all"]["right"]
    for c in by_rule.values():
        assert c["right"] <= c["predicted"] and c["found"] <= c["gold"]
    assert "by_rule" not in json.loads(run("eval", "seeds/gold", "--format", "json").output)


def test_every_stage_of_the_catalogue_is_a_step_of_the_pipeline_and_back():
    from kg.extraction import STAGES
    from kg.extraction.catalogue import catalogue

    assert [s.name for s in catalogue().stages] == list(STAGES)


def test_the_rules_the_code_names_are_the_catalogue():
    """Every rule name written in the extractor is in the catalogue, and every rule of the catalogue but the
    filters (which the pipeline credits with what they take away) is written in the extractor."""
    import re
    from pathlib import Path

    import kg.extraction
    from kg.extraction.catalogue import catalogue

    cat = catalogue()
    kinds = sorted({r.kind for r in cat.rules()})
    code = "\n".join(p.read_text(encoding="utf-8") for p in Path(kg.extraction.__file__).parent.glob("*.py"))
    named = set(re.findall(r'"((?:%s)/[^"\s]+)"' % "|".join(kinds), code))
    assert named - {r.name for r in cat.rules()} == set(), (
        "rules the code names that the catalogue lacks: give each a [[rule]] in kg/extraction/rules/ (see catalogue.py)")
    assert {r.name for r in cat.rules() if r.kind != "filter"} - named == set(), "rules of the catalogue no code makes"


def test_nothing_the_seeds_and_test_articles_give_is_made_outside_the_catalogue(seed_facts):
    from pathlib import Path

    from kg.api import read_one
    from kg.extraction import extract_documents
    from kg.extraction.catalogue import catalogue

    data = Path(__file__).parent / "data"
    more = extract_documents([read_one(p) for p in sorted(data.glob("heldout*/*.txt")) + sorted(data.glob("unseen/*.txt"))])
    cat = catalogue()
    for df in list(seed_facts) + more:
        assert df.unlisted == [], df.doc.id
        assert all(m.rule in cat for ms in df.mentions for m in ms)
        assert all(f.rule in cat for f in df.facts)
        assert all(rule in cat for _, rule in df.dropped)
    dropped = {rule for df in seed_facts for _, rule in df.dropped}
    assert {"filter/unsupported-name", "filter/designation"} <= dropped


def test_kg_rules_lists_the_rules_in_the_order_they_run(run):
    import json

    from kg.extraction.catalogue import catalogue

    out = run("rules")
    assert out.exit_code == 0
    names = [line.split()[0] for line in out.output.splitlines()[2:-1]]
    assert names == [r.name for r in catalogue().rules()]
    data = json.loads(run("rules", "--format", "json").output)
    assert [r["name"] for r in data["rules"]] == names
    assert {"name", "stage", "purpose", "priority", "examples", "not_on"} <= data["rules"][0].keys()
    one = run("rules", "operatedBy/由X投资建设")
    assert one.exit_code == 0 and one.output.startswith("operatedBy/由X投资建设  (relations, priority ")
    stage = run("rules", "--stage", "divisions")
    assert [line.split()[0] for line in stage.output.splitlines()[2:-1]] == [
        "locatedIn/town-in-banner", "locatedIn/banner-under-city", "locatedIn/village-in-last-town"]


def test_kg_rules_refuses_an_unknown_rule_or_stage_in_one_line(run):
    missing = run("rules", "operatedBy/nosuch")
    assert missing.exit_code == 1 and missing.output.startswith("Error: no rule named 'operatedBy/nosuch'; did you mean")
    assert run("rules", "--stage", "nowhere").exit_code == 2


def _rules():
    from kg.extraction.catalogue import catalogue

    return catalogue().rules()


@pytest.mark.parametrize("rule", _rules(), ids=lambda r: r.name)
def test_each_rule_does_what_its_examples_say(rule):
    from kg.extraction.catalogue import check

    assert rule.not_on, "a rule needs a sentence it must not fire on"
    assert rule.examples or rule.note, "a rule needs an example it yields something from, or a note saying why it has none"
    assert all(e.yields or e.removes for e in rule.examples)
    assert check(rule) == []


def _corpus_texts() -> dict[str, str]:
    """The simplified text of every article of the project: seeds, tests/data and the real-news texts present."""
    from pathlib import Path

    from kg.errors import DocumentError
    from kg.read import read_document

    root = Path(__file__).resolve().parent.parent
    paths = sorted(root.glob("seeds/*.txt")) + sorted((root / "tests" / "data").rglob("*.txt")) + sorted(
        (root / "benchmarks" / "realnews" / "texts").glob("*.txt"))
    texts = {}
    for p in paths:
        try:
            texts[str(p)] = read_document(p).text
        except DocumentError:
            continue  # a file made to be refused (tests/data/gold-bad, empty or binary test inputs)
    return texts


def test_no_example_sentence_is_copied_from_an_article():
    """Examples are written for the rules: neither a whole example nor a clause of ten characters or more of one
    occurs in any article the project has (the seeds, tests/data, the real-news texts present)."""
    import re

    corpus = "\n".join(_corpus_texts().values())
    assert len(corpus) > 60_000  # the seeds and tests/data alone (a fresh clone has no real-news texts)
    copied = []
    for rule in _rules():
        for text in [e.text for e in rule.examples] + list(rule.not_on):
            clauses = [c for c in re.split(r"[，,。；;：:！？、“”]", text) if len(c) >= 10]
            if text.rstrip("。") in corpus or any(c in corpus for c in clauses):
                copied.append(f"{rule.name}: {text}")
    assert copied == []


def test_every_word_list_says_where_its_words_come_from_and_is_used():
    from pathlib import Path

    import kg.extraction
    from kg.extraction import lists

    code = "\n".join(p.read_text(encoding="utf-8") for p in Path(kg.extraction.__file__).parent.glob("*.py"))
    assert len(lists.names()) >= 20
    for name in lists.names():
        assert len(lists.source(name)) > 20, name
        assert f'"{name}"' in code, f"the list {name} is read by no module"


def test_word_lists_keep_the_order_a_pattern_needs():
    """The lists that become patterns keep their order: a longer word before the shorter one it holds, where
    both would match at one place (负责投建 before 投建), and cues keep their exceptions (研发中心 is no cue)."""
    import re

    from kg.extraction import lists

    build = lists.words("build-verbs")
    assert build.index("负责投建") < build.index("投建") and build.index("投资建设") < build.index("建设")
    develop = re.compile(lists.cues("develop-cues"))
    assert develop.match("研发出") and not develop.match("研发中心") and not develop.match("开发区")
