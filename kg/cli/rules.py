"""`kg rules` and `kg eval --by-rule`: the extractor's rules, and how well each one does."""

from __future__ import annotations


def render_by_rule(result) -> str:
    """Precision and recall of each rule, the rules with the most wrong predictions first."""
    from .eval import _num, grid

    counts = result.by_rule()
    order = sorted(counts, key=lambda r: (-(counts[r].predicted - counts[r].right), r))
    rows = [[r, ", ".join(sorted(result.rule_kinds[r])), counts[r].predicted, counts[r].right,
             counts[r].predicted - counts[r].right, _num(counts[r].precision), counts[r].gold, _num(counts[r].recall)]
            for r in order]
    out = [f"{len(result.documents)} documents; per rule of the extractor (kg rules), most wrong first", ""]
    out.append(grid(["rule", "makes", "predicted", "right", "wrong", "P", "gold of its kinds", "R"], rows, left=2))
    out += ["", "An entity counts for every rule with a mention of it in the document; a relation for the rule that "
                "stated it first (its \"rule\"). R is the share of the gold of the types and predicates the rule makes "
                "that it found."]
    return "\n".join(out)
