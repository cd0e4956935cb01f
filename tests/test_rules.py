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
