"""SPARQL: reading query text (text.py), RDF terms and Python values (terms.py), the check that
refuses what would write or fetch (check.py), the bounded query thread without network (sandbox.py),
and the ready questions (questions.py, kg/queries/*.rq).

The queries the library asks itself live beside this file as .rq files, each opening with a
comment that says what it answers; `query_text(name)` reads one.
"""

from __future__ import annotations

from functools import cache


@cache
def query_text(name: str) -> str:
    """The text of kg/sparql/NAME.rq."""
    from importlib import resources  # not at import: `kg query` reads no query file

    return resources.files(__name__).joinpath(f"{name}.rq").read_text(encoding="utf-8")
