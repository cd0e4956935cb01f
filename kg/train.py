"""Training the tagger and the relation classifier of kg/extraction/model.py on the gold annotations.

    python -m kg.train                      # all the gold there is → kg/extraction/models/
    python -m kg.train --cross-validate     # rules / model / combined on the real-news dev batches, unseen
    python -m kg.train --limit 3 --out DIR  # a quick run on three documents

The gold: seeds/gold/, tests/data/*/gold/ (articles beside the gold folder) and the real-news
batches whose manifest says `"split": "dev"` (texts in benchmarks/realnews/texts/, which git does
not hold: a gold file whose text is missing is left out and counted). Test batches are never read.
Gold files give names, not places: each name (label and aliases) is found in the text as read,
longest first. Nothing is downloaded; on 2 cores a full training takes about a minute.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import click

from .errors import DocumentError, KGError
from .evaluate import find_document, load_golds, normalize_name
from .evaluate.gold import GoldDocument
from .extraction import model as M
from .extraction.mentions import Mention

MENTION_PARAMS = {"c1": 0.05, "c2": 0.01, "max_iterations": 150, "feature.possible_transitions": True}
RELATION_PARAMS = {"c1": 0.0, "c2": 1.0, "max_iterations": 200}


def gold_folders(root: Path, realnews: bool = True) -> list[Path]:
    """Every gold folder the models may learn from; the real-news test batches are never among them."""
    folders = [root / "seeds" / "gold"]
    folders += sorted(p for p in (root / "tests" / "data").glob("*/gold") if p.is_dir())
    if realnews:
        folders += dev_batches(root)
    return [f for f in folders if f.is_dir()]


def dev_batches(root: Path) -> list[Path]:
    out = []
    for manifest in sorted((root / "benchmarks" / "realnews" / "batches").glob("*/manifest.json")):
        if json.loads(manifest.read_text(encoding="utf-8")).get("split") == "dev":  # (a test batch is not even opened)
            out.append(manifest.parent / "gold")
    return out


@dataclass
class Corpus:
    """Features and labels of every sentence of the gold documents that could be read."""

    char_x: list[list[list[str]]] = field(default_factory=list)
    char_y: list[list[str]] = field(default_factory=list)
    pair_x: list[list[str]] = field(default_factory=list)
    pair_y: list[str] = field(default_factory=list)
    documents: int = 0
    missing: list[str] = field(default_factory=list)
    characters: int = 0


def _names(gold: GoldDocument) -> list[tuple[str, str, str]]:
    """(normalised name, type, entity id), longest first."""
    out = {}
    for e in gold.entities:
        for n in (e.label, *e.aliases):
            key = normalize_name(n)
            if len(key) >= 2:
                out.setdefault(key, (e.type, e.id))
    return sorted(((k, t, i) for k, (t, i) in out.items()), key=lambda x: -len(x[0]))


def _folded(sentence: str) -> tuple[str, list[int]]:
    """The sentence as names are compared (normalize_name), with each folded character's place."""
    chars, where = [], []
    for k, c in enumerate(sentence):
        for x in normalize_name(c):
            chars.append(x)
            where.append(k)
    return "".join(chars), where


def project(sentence: str, names: list[tuple[str, str, str]]) -> list[tuple[int, int, str, str]]:
    """Where the gold names stand in a sentence: (start, end, type, entity id), longest first, no overlaps."""
    folded, where = _folded(sentence)
    taken = [False] * len(folded)
    out = []
    for name, typ, eid in names:
        pos = folded.find(name)
        while pos >= 0:
            end = pos + len(name)
            if not any(taken[pos:end]):
                taken[pos:end] = [True] * (end - pos)
                out.append((where[pos], where[end - 1] + 1, typ, eid))
            pos = folded.find(name, pos + 1)
    return sorted(out)


def _gold_relations(gold: GoldDocument) -> dict[tuple[str, str], tuple[str, str]]:
    """(subject id, object id) → (predicate, evidence), both ways round for a symmetric relation."""
    out = {}
    for r in gold.relations:
        if isinstance(r.object, str) and r.predicate in M.RELATION_TYPES:
            out[(r.subject, r.object)] = (r.predicate, r.evidence or "")
            if r.predicate in M.SYMMETRIC:
                out[(r.object, r.subject)] = (r.predicate, r.evidence or "")
    return out


def states(evidence: str, *sentence_forms: str) -> bool:
    """Whether the sentence (as analysed, as read) is the one the gold quotes as evidence; a gold
    relation without evidence is taken to be stated wherever its names meet."""
    e = normalize_name(evidence)
    if not e:
        return True
    for form in sentence_forms:
        n = normalize_name(form)
        if n and (e in n or (len(n) >= 8 and n in e) or (len(e) >= 12 and e[:12] in n)):
            return True
    return False


def collect(folders: list[Path], limit: int | None = None, progress=None) -> Corpus:
    """Read, tag and extract (rules alone) every gold document; turn each sentence into examples."""
    from .api import BuildReport, read_documents
    from .extraction import extract_document
    from .extraction.ner import tag_sentences

    corpus = Corpus()
    golds = load_golds(folders)[:limit]
    paths = []
    for g in golds:
        try:
            paths.append((g, find_document(g)))
        except DocumentError:  # a real-news text git does not hold
            corpus.missing.append(g.id)
    previous = os.environ.get(M.ENV_MODE)
    os.environ[M.ENV_MODE] = "rules"
    try:
        for g, path in paths:
            docs = read_documents([path], BuildReport())
            if not docs:
                corpus.missing.append(g.id)
                continue
            doc = docs[0]
            sentences = [s.text for s in doc.sentences]
            tokens = tag_sentences(sentences)
            facts = extract_document(doc, tokens)
            _add_document(
                corpus, g, sentences, [s.evidence for s in doc.sentences], tokens, facts.mentions, M.fact_index(facts.facts)
            )
            if progress:
                progress(g.id)
    finally:
        if previous is None:
            os.environ.pop(M.ENV_MODE, None)
        else:
            os.environ[M.ENV_MODE] = previous
    return corpus


def _add_document(corpus: Corpus, gold: GoldDocument, sentences, as_read, tokens, per_sentence, rule_facts) -> None:
    names = _names(gold)
    relations = _gold_relations(gold)
    name_ids = {n: eid for n, _, eid in names}
    corpus.documents += 1
    for i, (sentence, raw, toks, rule_ms) in enumerate(zip(sentences, as_read, tokens, per_sentence)):
        if not sentence:
            continue
        spans = project(sentence, names)
        corpus.char_x.append(M.char_features(sentence, toks, rule_ms))
        labels = ["O"] * len(sentence)
        for s, e, typ, _ in spans:
            labels[s] = "B-" + typ
            labels[s + 1 : e] = ["I-" + typ] * (e - s - 1)
        corpus.char_y.append(labels)
        corpus.characters += len(sentence)
        # pairs: the rules' names and the gold names the rules missed
        ms = list(rule_ms)
        taken = {(m.start, m.end) for m in ms}
        extra = [
            Mention(sentence[s:e], typ, i, s, e, "gold", surface=sentence[s:e]) for s, e, typ, _ in spans if (s, e) not in taken
        ]
        ms += extra
        for m in extra:
            m.inner = any(o is not m and o.start <= m.start and m.end <= o.end and o.end - o.start > m.end - m.start for o in ms)
        entity = {id(m): name_ids.get(normalize_name(m.label)) or name_ids.get(normalize_name(m.surface or m.label)) for m in ms}
        for a, b in M.candidate_pairs(ms):
            pred, evidence = relations.get((entity[id(a)], entity[id(b)]), (M.NO_RELATION, ""))
            if pred != M.NO_RELATION and not states(evidence, sentence, raw):
                continue  # related, but said elsewhere: this sentence teaches nothing either way
            corpus.pair_x.append(M.pair_features(sentence, toks, ms, a, b, rule_facts))
            corpus.pair_y.append(pred)


def train(corpus: Corpus, out: Path, sources: list[str] | None = None) -> dict:
    """Fit both models on the corpus and write them, with what they were trained on, into `out`."""
    import pycrfsuite

    out.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    trainer = pycrfsuite.Trainer(verbose=False)
    for x, y in zip(corpus.char_x, corpus.char_y):
        trainer.append(x, y)
    trainer.set_params(MENTION_PARAMS)
    trainer.train(str(out / M.MENTIONS_FILE))
    trainer = pycrfsuite.Trainer(verbose=False)
    for x, y in zip(corpus.pair_x, corpus.pair_y):
        trainer.append([x], [y])
    trainer.set_params(RELATION_PARAMS)
    trainer.train(str(out / M.RELATIONS_FILE))
    meta = {
        "trained_on": sources or [],
        "documents": corpus.documents,
        "characters": corpus.characters,
        "sentences": len(corpus.char_x),
        "pairs": len(corpus.pair_x),
        "left_out_without_text": len(corpus.missing),
        "mention_params": MENTION_PARAMS,
        "relation_params": RELATION_PARAMS,
    }
    (out / M.META_FILE).write_text(json.dumps(meta, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    meta["seconds"] = round(time.perf_counter() - started, 1)
    return meta


# ---------------------------------------------------------------- cross-validation


def _scores(gold_dirs: list[Path], mode: str, model_dir: Path):
    from .evaluate import evaluate

    os.environ[M.ENV_MODE] = mode
    os.environ[M.ENV_DIR] = str(model_dir)
    r = evaluate(gold_dirs)
    ents = r.entities("strict")["all"]
    rels = r.relations()
    entity_rels = [c for p, c in rels.items() if p in M.RELATION_TYPES]
    return (
        ents,
        rels["all"],
        (sum(c.gold for c in entity_rels), sum(c.predicted for c in entity_rels), sum(c.right for c in entity_rels)),
    )


def _prf(gold: int, predicted: int, right: int) -> tuple[float, float, float]:
    p = right / predicted if predicted else 0.0
    r = right / gold if gold else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def cross_validate(root: Path, echo=print) -> dict:
    """One fold per real-news dev batch: each is scored by models trained on everything else the
    project has (seeds, tests/data and the other dev batches); counts are pooled over the folds."""
    batches = dev_batches(root)
    base = gold_folders(root, realnews=False)
    totals: dict[str, list[int]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for held in batches:
            folders = base + [b for b in batches if b != held]
            corpus = collect(folders)
            meta = train(corpus, Path(tmp) / held.parent.name)
            echo(f"fold {held.parent.name}: trained on {corpus.documents} documents in {meta['seconds']} s")
            for mode in M.MODES:
                ents, rels, erels = _scores([held], mode, Path(tmp) / held.parent.name)
                t = totals.setdefault(mode, [0] * 9)
                for k, v in enumerate((ents.gold, ents.predicted, ents.right, rels.gold, rels.predicted, rels.right, *erels)):
                    t[k] += v
    os.environ.pop(M.ENV_MODE, None)
    os.environ.pop(M.ENV_DIR, None)
    echo("| mode | entities P | R | F1 (strict) | relations P | R | F1 | between names F1 |")
    echo("|---|---|---|---|---|---|---|---|")
    for key, t in totals.items():
        e, r, n = _prf(*t[0:3]), _prf(*t[3:6]), _prf(*t[6:9])
        echo(f"| {key} | {e[0]:.3f} | {e[1]:.3f} | {e[2]:.3f} | {r[0]:.3f} | {r[1]:.3f} | {r[2]:.3f} | {n[2]:.3f} |")
    echo(
        f"(pooled over {len(batches)} folds: {totals['rules'][0]} gold entities, {totals['rules'][3]} gold relations, "
        f"{totals['rules'][6]} of them between names)"
    )
    return totals


@click.command()
@click.option(
    "--root",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    default=".",
    show_default=True,
    help="The project folder whose gold is read.",
)
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="Where the models go (default: kg/extraction/models/, shipped with the package).",
)
@click.option("--limit", type=click.IntRange(min=1), default=None, help="Train on the first N gold documents only.")
@click.option(
    "--cross-validate", "cv", is_flag=True, help="Score rules, model and combined on the real-news dev batches, unseen."
)
def main(root: Path, out: Path | None, limit: int | None, cv: bool) -> None:
    """Train the tagger and the relation classifier on the gold annotations.

    Example: python -m kg.train --cross-validate
    """
    try:
        if cv:
            cross_validate(root, echo=click.echo)
            return
        folders = gold_folders(root)
        corpus = collect(folders, limit)
    except KGError as e:  # a gold file that does not follow SPEC.md, an article the cross-validation cannot read
        raise click.ClickException(str(e)) from e
    if not corpus.documents:
        raise click.ClickException(f"no gold document with its text under {root}")
    out = out or Path(M.__file__).with_name("models")
    meta = train(corpus, out, sources=[str(f.relative_to(root)) if f.is_relative_to(root) else str(f) for f in folders])
    size = sum(f.stat().st_size for f in out.iterdir()) // 1024
    click.echo(
        f"Trained on {corpus.documents} documents ({corpus.characters:,} characters, {len(corpus.pair_x):,} pairs) "
        f"in {meta['seconds']} s; {size} KiB in {out}"
    )
    if corpus.missing:
        click.echo(
            f"Left out {len(corpus.missing)} gold documents whose text is not here: {', '.join(corpus.missing[:8])}"
            + (" …" if len(corpus.missing) > 8 else ""),
            err=True,
        )


if __name__ == "__main__":
    main(sys.argv[1:])
