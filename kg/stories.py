"""Reposts are one story: the same article published by several sites, in either script, with
pinyin glosses or page clutter, is found by MinHash over the analysis text (simplified, without
glosses and clutter) and recorded as one story with several sources.

Each article's text is cut into shingles of five Chinese characters or digits (punctuation,
spaces and Latin letters left out); 128 hash functions keep the smallest hash of each, and
articles that share a band of four of these minima are compared: those whose signatures agree
on at least THRESHOLD of the 128 (the estimated Jaccard similarity of their shingles), and that
state the same figures, are copies of one story (a later report with new figures, or another
article written from the same template, is a story of its own). The story is named by its
earliest article (by id).
"""

from __future__ import annotations

import re
import zlib

SHINGLE = 5
PERMUTATIONS = 128
ROWS = 4  # minima per band: 32 bands
THRESHOLD = 0.9
_NUMBER = re.compile(r"\d+(?:\.\d+)?")
_PRIME = (1 << 31) - 1
_KEPT = re.compile(r"[^\u3400-\u9fff\U00020000-\U0002ffff0-9]+")


def _hash_functions():
    import numpy as np

    rng = np.random.default_rng(20261202)  # fixed: signatures are comparable across runs
    return (rng.integers(1, _PRIME, PERMUTATIONS, dtype=np.uint64),
            rng.integers(0, _PRIME, PERMUTATIONS, dtype=np.uint64))


_AB = None


class Fingerprint:
    """What two articles are compared by: the MinHash signature of a text's shingles and its figures."""

    def __init__(self, text: str):
        self.signature = signature(text)
        self.figures = frozenset(_NUMBER.findall(text))

    def same_story(self, other: "Fingerprint") -> bool:
        if self.signature is None or other.signature is None or self.figures != other.figures:
            return False
        return similarity(self.signature, other.signature) >= THRESHOLD


def signature(text: str):
    """The MinHash signature of a text (numpy array of PERMUTATIONS minima), or None for a text
    too short to have a shingle."""
    import numpy as np

    global _AB
    if _AB is None:
        _AB = _hash_functions()
    a, b = _AB
    core = _KEPT.sub("", text)
    shingles = {core[i:i + SHINGLE] for i in range(len(core) - SHINGLE + 1)}
    if not shingles:
        return None
    h = np.fromiter((zlib.crc32(s.encode("utf-8")) for s in shingles), dtype=np.uint64, count=len(shingles))
    h %= _PRIME  # below 2^31, so that a·h + b stays within 64 bits
    return ((h[:, None] * a[None, :] + b[None, :]) % _PRIME).min(axis=0)


def similarity(x, y) -> float:
    """Estimated Jaccard similarity of two texts' shingles, from their signatures."""
    return float((x == y).mean())


def stories(prints: dict[str, Fingerprint]) -> dict[str, str]:
    """{copy id: id of the story's first article} for every article that repeats another one."""
    buckets: dict[tuple[int, bytes], list[str]] = {}
    for doc_id, fp in prints.items():
        sig = fp.signature
        if sig is None:
            continue
        for band in range(PERMUTATIONS // ROWS):
            buckets.setdefault((band, sig[band * ROWS:(band + 1) * ROWS].tobytes()), []).append(doc_id)
    parent = {d: d for d in prints}

    def find(d: str) -> str:
        while parent[d] != d:
            parent[d] = parent[parent[d]]
            d = parent[d]
        return d

    compared: set[tuple[str, str]] = set()
    for ids in buckets.values():
        for i, x in enumerate(ids):
            for y in ids[i + 1:]:
                pair = (x, y) if x < y else (y, x)
                if pair in compared or find(x) == find(y):
                    continue
                compared.add(pair)
                if prints[x].same_story(prints[y]):
                    rx, ry = find(x), find(y)
                    parent[max(rx, ry)] = min(rx, ry)
    return {d: find(d) for d in prints if find(d) != d}


def find_reposts(documents) -> dict[str, str]:
    """{copy id: first article id} among read Documents (their analysis text)."""
    return stories({d.id: Fingerprint(d.text) for d in documents})
