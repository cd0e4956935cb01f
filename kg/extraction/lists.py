"""The extractor's word lists, as data: kg/extraction/lists/*.toml.

Each list is a TOML table with a one-line `source` (where its words come from, or why they are
there) and its words: `words = [...]`, or one array per core type (`[name-endings]`), or a table of
word = value pairs under `map`. Order is kept: where a list becomes a regular expression, the first
word that matches at a place wins, as it did when the words were written into the pattern.

    >>> from kg.extraction.lists import words
    >>> "位于" in words("stop-words")
    True
"""

from __future__ import annotations

import re
import tomllib
from functools import lru_cache
from importlib import resources

FOLDER = "lists"


@lru_cache(maxsize=1)
def _lists() -> dict[str, dict]:
    """Every list of every file, by name, read once per process; a list without a source is an error."""
    out: dict[str, dict] = {}
    for entry in sorted(resources.files(__package__).joinpath(FOLDER).iterdir(), key=lambda p: p.name):
        if not entry.name.endswith(".toml"):
            continue
        where = f"kg/extraction/{FOLDER}/{entry.name}"
        try:
            data = tomllib.loads(entry.read_text(encoding="utf-8"))
        except tomllib.TOMLDecodeError as e:
            raise ValueError(f"{where}: {e}") from e
        for name, table in data.items():
            if name in out:
                raise ValueError(f"{where}: a second list named {name}")
            if not isinstance(table, dict) or not str(table.get("source", "")).strip():
                raise ValueError(f"{where}: list {name} says nothing of its source (source = \"…\")")
            out[name] = {**table, "file": where}
    return out


def names() -> list[str]:
    return list(_lists())


def source(name: str) -> str:
    return _lists()[name]["source"]


def words(name: str) -> tuple[str, ...]:
    """The words of a plain list, in order."""
    return tuple(_lists()[name]["words"])


def by_type(name: str) -> dict[str, tuple[str, ...]]:
    """A list kept per core type: type -> its words, in order."""
    return {k: tuple(v) for k, v in _lists()[name].items() if k not in {"source", "file"}}


def mapping(name: str) -> dict[str, str]:
    """A list of word = value pairs."""
    return dict(_lists()[name]["map"])


def alternation(name: str) -> str:
    """The words of a list as a regular-expression alternation (escaped, in the list's order)."""
    return "|".join(re.escape(w) for w in words(name))


def cues(name: str) -> str:
    """A list of cue words as an alternation, each followed by the words that make it no cue (its `not-before`
    table: 研发 = ["中心"] reads 研发 but not 研发中心)."""
    table = _lists()[name]
    not_before = table.get("not-before", {})
    return "|".join(re.escape(w) + (f"(?!{'|'.join(map(re.escape, not_before[w]))})" if w in not_before else "")
                    for w in table["words"])


__all__ = ["alternation", "by_type", "cues", "mapping", "names", "source", "words"]
