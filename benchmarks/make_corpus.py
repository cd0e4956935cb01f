"""A synthetic corpus of N articles made from the project's own articles, for scale benchmarks.

    python benchmarks/make_corpus.py 1000 /tmp/corpus-1000 [--seed 7]

Each copy is one of the annotated articles (seeds/ and tests/data/*/, those with a gold
file) with its sentences kept and its names and figures changed: the characters of the
named things the gold file lists (companies, projects, products, people ...) are mapped,
one copy at a time, onto other characters, the same way everywhere in the copy, so that a
short name still ends or begins its long one; numbers other than dates are scaled. The
administrative divisions and the words that say what kind of thing a name is (有限公司,
项目, 实验室 ...) are kept, so the copies still read like news about Ordos. The same N and
seed always give the same files.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
KEPT_TYPES = {"Region", "City", "Banner", "Town", "Village", "Place"}  # reference data: names kept
# characters that new names are made of (common in Chinese company and brand names)
POOL = ("华盛恒泰鑫源德润宏远兴达安康瑞丰茂隆昌永嘉祥瀚博锦晟亿融汇通金银星辰明阳晨曦海川峰岳"
        "森林青松云天宇泽浩瀚凯旋信诚聚合众创启航智远卓越精工广利成功立邦正道友谊振宁新晋"
        "长荣富贵吉庆福寿和美佳乐怡欣悦朗润清秀辉煌灿烂蓝图远航同心力行致远笃实弘毅")
NUMBER = re.compile(r"(?<![\d.])(\d+(?:\.\d+)?)(?![\d.])")
DATE_AFTER = re.compile(r"\s*(?:年|月|日|号|时|点|届|期|次|批|个月|季度|周年|版|号线)")


@dataclass
class Source:
    path: Path
    raw: str
    names: list[str]  # the names to change, longest first


def sources() -> list[Source]:
    """Every annotated article, read as the project reads it, with the names its gold file lists."""
    from kg.read import read_document

    out = []
    folders = [ROOT / "seeds", *sorted(p for p in (ROOT / "tests" / "data").iterdir() if (p / "gold").is_dir())]
    for folder in folders:
        for gold in sorted((folder / "gold").glob("*.json")):
            article = next((p for p in folder.iterdir() if p.stem == gold.stem and p.suffix in {".txt", ".html"}), None)
            if article is None:
                continue
            data = json.loads(gold.read_text(encoding="utf-8"))
            names = {n for e in data["entities"] if e["type"] not in KEPT_TYPES
                     for n in (e["label"], *e.get("aliases", [])) if len(n) >= 2}
            out.append(Source(article, read_document(article).raw, sorted(names, key=len, reverse=True)))
    return out


def changeable(name: str) -> list[int]:
    """Positions of a name that may change: Chinese characters outside the place names in it
    and outside the kind-words in it (有限公司, 产业开发区, 实验室, 项目 ...)."""
    from kg.divisions import gazetteer
    from kg.extraction.mentions import SUFFIXES

    kept = [not ("\u4e00" <= c <= "\u9fff") for c in name]
    for place in gazetteer().names_longest_first():
        for m in re.finditer(re.escape(place), name):
            kept[m.start():m.end()] = [True] * len(place)
    for word, _ in SUFFIXES:  # longest first; one-character ones only at the end
        for m in re.finditer(re.escape(word), name):
            if len(word) > 1 or m.end() == len(name):
                kept[m.start():m.end()] = [True] * len(word)
    return [i for i, k in enumerate(kept) if not k]


def copy_article(src: Source, rng: random.Random, pool: list[str]) -> str:
    positions = {n: changeable(n) for n in src.names}
    chars = sorted({n[i] for n in src.names for i in positions[n]})
    if len(pool) >= len(chars):
        new = dict(zip(chars, rng.sample(pool, len(chars))))
    else:
        new = {c: rng.choice(pool) for c in chars}
    renamed = {n: "".join(new[c] if i in positions[n] else c for i, c in enumerate(n)) for n in src.names}
    text = src.raw
    if renamed:
        pattern = re.compile("|".join(map(re.escape, src.names)))
        text = pattern.sub(lambda m: renamed[m.group(0)], text)
    factor = rng.uniform(0.5, 2.0)

    def scale(m: re.Match) -> str:
        if DATE_AFTER.match(text, m.end()) or (m.group(1).isdigit() and 1950 <= int(m.group(1)) <= 2060):
            return m.group(0)  # dates, years and counts of time stay as they are
        whole, _, frac = m.group(1).partition(".")
        value = float(m.group(1)) * factor
        return f"{value:.{len(frac)}f}" if frac else str(max(1, round(value)))

    return NUMBER.sub(scale, text)


def make_corpus(n: int, out_dir: Path, seed: int = 7, start: int = 0) -> list[Path]:
    """Articles start … n-1 of the corpus of `seed` (the same files whatever `start`)."""
    from kg.divisions import gazetteer

    srcs = sources()
    places = {c for name in gazetteer().names_longest_first() for c in name}
    pool = [c for c in dict.fromkeys(POOL) if c not in places]
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for i in range(start, n):
        src = srcs[i % len(srcs)]
        rng = random.Random(f"{seed}:{i}")
        text = copy_article(src, rng, pool) if i >= len(srcs) else src.raw  # the first round: the articles as they are
        path = out_dir / f"{i:05d}_{src.path.stem}{src.path.suffix}"
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("n", type=int, help="how many articles")
    ap.add_argument("out_dir", type=Path)
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args(argv)
    if args.n < 1:
        sys.exit("Error: N must be at least 1")
    files = make_corpus(args.n, args.out_dir, args.seed)
    chars = sum(len(p.read_text(encoding="utf-8")) for p in files)
    print(f"{len(files)} articles, {chars:,} characters in {args.out_dir}")


if __name__ == "__main__":
    main()
