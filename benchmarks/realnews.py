"""The real-news corpus: check restored texts against the manifests, and score extraction on them.

The article texts belong to their publishers and are not in git; each batch's manifest names
them (url, the search query that finds the page, sha256, length, script). Restore a text to
benchmarks/realnews/texts/<id>.txt, then:

    python benchmarks/realnews.py check              # which texts are present and intact
    python benchmarks/realnews.py score              # every batch whose texts are present
    python benchmarks/realnews.py score --split test --errors
    python benchmarks/realnews.py score --batch deva --format json
    python benchmarks/realnews.py glosses --split dev # glossed pages as saved vs with the glosses cut

Scores come per batch, per split, per script (simplified, traditional, traditional with pinyin
glosses), per entity type and predicate, and by error class, so that a fault is found by numbers.
Milestones are scored as `kg eval` scores them (stage, date and planned flag all right, per
project), relative dates resolved against each manifest's `published` date.
A batch whose texts are missing is skipped with a line saying so; nothing fails.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent / "realnews"
TEXTS = ROOT / "texts"


def manifests(batch: str | None = None, split: str | None = None) -> list[dict]:
    out = []
    for path in sorted((ROOT / "batches").glob("*/manifest.json")):
        m = json.loads(path.read_text(encoding="utf-8"))
        m["_dir"] = path.parent
        if (batch is None or m["batch"] == batch) and (split is None or m["split"] == split):
            out.append(m)
    return out


def text_state(article: dict) -> str:
    """'ok', 'missing' or 'changed' for the restored text of one manifest entry."""
    path = TEXTS / f"{article['id']}.txt"
    if not path.is_file():
        return "missing"
    return "ok" if hashlib.sha256(path.read_bytes()).hexdigest() == article["sha256"] else "changed"


def check(args) -> int:
    bad = 0
    for m in manifests(args.batch, args.split):
        states = Counter(text_state(a) for a in m["articles"])
        print(f"{m['batch']:8} {m['split']:5} {len(m['articles']):3} articles: "
              + ", ".join(f"{n} {s}" for s, n in sorted(states.items())))
        for a in m["articles"]:
            if (s := text_state(a)) != "ok":
                print(f"   {a['id']}: {s} — {a['url']}")
                bad += 1
    return 1 if bad and args.strict else 0


def _golds(m: dict, scripts: set[str] | None = None) -> list[Path]:
    return [m["_dir"] / "gold" / f"{a['id']}.json" for a in m["articles"]
            if text_state(a) == "ok" and (m["_dir"] / "gold" / f"{a['id']}.json").is_file()
            and (scripts is None or a["script"] in scripts)]


def _f(x) -> str:
    return "—" if x is None else f"{x:.2f}"


def summary(r) -> dict:
    ent, rel = r.entities("strict")["all"], r.relations()["all"]
    got, total = r.investments_right
    return {"articles": len(r.documents), "entities": ent.to_json(), "relations": rel.to_json(),
            "investments": [got, total], "milestones": r.milestones.to_json()}


def row(name: str, s: dict) -> str:
    e, r = s["entities"], s["relations"]
    got, total = s["investments"]
    m = s["milestones"]
    return (f"| {name} | {s['articles']} | {_f(e['f1'])} (P {_f(e['precision'])}, R {_f(e['recall'])}) "
            f"| {_f(r['f1'])} (P {_f(r['precision'])}, R {_f(r['recall'])}) | {got}/{total} "
            f"| {_f(m['f1'])} (P {_f(m['precision'])}, R {_f(m['recall'])}; gold {m['gold']}) |")


def _without_repeats(chosen: list[dict]) -> list[dict]:
    """Score a text once: a page reposted word for word in two batches counts in the first only."""
    seen: dict[str, str] = {}
    for m in chosen:
        kept = []
        for a in m["articles"]:
            if a["sha256"] in seen:
                print(f"{a['id']}: the same text as {seen[a['sha256']]}, scored once", file=sys.stderr)
                continue
            seen[a["sha256"]] = a["id"]
            kept.append(a)
        m["articles"] = kept
    return chosen


def score(args) -> int:
    from kg.evaluate import evaluate

    chosen = _without_repeats(manifests(args.batch, args.split))
    report: dict = {"batches": {}, "scripts": {}, "splits": {}}
    results = []
    for m in chosen:
        golds = _golds(m)
        if not golds:
            print(f"{m['batch']}: no restored texts, skipped (python benchmarks/realnews.py check)", file=sys.stderr)
            continue
        r = evaluate(golds, TEXTS)
        results.append((m, r))
        report["batches"][m["batch"]] = summary(r) | {"split": m["split"]}
    if not results:
        print("No real-news texts restored: nothing scored.", file=sys.stderr)
        return 0
    by_split = defaultdict(list)
    for m, _ in results:
        by_split[m["split"]].extend(_golds(m))
    for split, golds in by_split.items():
        report["splits"][split] = summary(evaluate(golds, TEXTS))
    by_script = defaultdict(list)
    for m, _ in results:
        for a in m["articles"]:
            g = m["_dir"] / "gold" / f"{a['id']}.json"
            if text_state(a) == "ok" and g.is_file():
                by_script[a["script"]].append(g)
    for script, golds in sorted(by_script.items()):
        report["scripts"][script] = summary(evaluate(golds, TEXTS))
    every = [g for gs in by_split.values() for g in gs]
    overall = evaluate(every, TEXTS)
    report["types"] = {t: c.to_json() for t, c in overall.entities("strict").items()}
    report["predicates"] = {p: c.to_json() for p, c in overall.relations().items()}
    report["errors"] = [[w, k, n] for (w, k), n in overall.problem_kinds().most_common()]
    if args.format == "json":
        print(json.dumps(report, ensure_ascii=False, indent=1))
        return 0
    head = ("| articles | n | entities F1 strict | relations F1 | investments right | milestones F1 |\n"
            "|---|---|---|---|---|---|")
    print(head)
    for b, s in report["batches"].items():
        print(row(f"batch {b} ({s['split']})", s))
    for sp, s in report["splits"].items():
        print(row(f"**all {sp}**", s))
    for sc, s in report["scripts"].items():
        print(row(f"script: {sc}", s))
    print("\nPer entity type (strict), all scored batches")
    for t, c in report["types"].items():
        print(f"  {t:20} gold {c['gold']:4}  predicted {c['predicted']:4}  P {_f(c['precision'])}  R {_f(c['recall'])}  F1 {_f(c['f1'])}")
    print("\nPer predicate")
    for p, c in report["predicates"].items():
        print(f"  {p:20} gold {c['gold']:4}  predicted {c['predicted']:4}  P {_f(c['precision'])}  R {_f(c['recall'])}  F1 {_f(c['f1'])}")
    print("\nError classes")
    for w, k, n in report["errors"]:
        print(f"  {n:4}  {w}: {k}")
    if args.errors:
        from kg.evaluate.report import render_report

        print()
        print(render_report(overall, show_errors=True))
    return 0


# a pinyin gloss in brackets: letters with or without tone marks, tone digits, spaces (項(xiàng)目, 綠(lv4))
_PINYIN_GLOSS = re.compile(r"[(（][a-zA-Zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňǹḿ1-5\s']{1,30}[)）]")


def glosses(args) -> int:
    """The issue's check that glosses cost nothing: every pinyin-glossed page scored as saved and as the
    same page with its glosses cut out by a plain pattern (independent of the reader's own gloss finder)."""
    import tempfile

    from kg.evaluate import evaluate

    chosen = _without_repeats(manifests(args.batch, args.split))
    golds = [g for m in chosen for g in _golds(m, {"traditional+pinyin"})]
    if not golds:
        print("No glossed pages restored: nothing scored.", file=sys.stderr)
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        cut = 0
        for g in golds:
            text = (TEXTS / f"{g.stem}.txt").read_text(encoding="utf-8")
            plain, n = _PINYIN_GLOSS.subn("", text)
            cut += n
            (Path(tmp) / f"{g.stem}.txt").write_text(plain, encoding="utf-8")
        saved, plain = summary(evaluate(golds, TEXTS)), summary(evaluate(golds, Path(tmp)))
    print("| pages | n | entities F1 strict | relations F1 | investments right | milestones F1 |\n|---|---|---|---|---|---|")
    print(row("glossed, as saved", saved))
    print(row(f"the same, {cut} glosses cut", plain))
    d_e = saved["entities"]["f1"] - plain["entities"]["f1"]
    d_r = saved["relations"]["f1"] - plain["relations"]["f1"]
    print(f"\ndifference (as saved − glosses cut): entities {d_e:+.3f}, relations {d_r:+.3f}")
    return 0


def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = p.add_subparsers(dest="command", required=True)
    for name in ("check", "score", "glosses"):
        s = sub.add_parser(name)
        s.add_argument("--batch")
        s.add_argument("--split", choices=["dev", "test"])
        if name == "check":
            s.add_argument("--strict", action="store_true", help="exit 1 when a text is missing or changed")
        elif name == "score":
            s.add_argument("--errors", action="store_true", help="list every miss and false positive")
            s.add_argument("--format", choices=["table", "json"], default="table")
    args = p.parse_args(argv)
    return {"check": check, "score": score, "glosses": glosses}[args.command](args)


if __name__ == "__main__":
    sys.exit(main())
