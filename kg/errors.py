"""The exceptions the library raises; the CLI turns each into one `Error: ...` line."""

from __future__ import annotations


class KGError(Exception):
    """Base of every error Ordos KG reports to a user."""

    exit_code = 1
    #: What the user can do about it, printed after the message.
    hint: str | None = None

    def __init__(self, message: str, hint: str | None = None):
        super().__init__(message)
        if hint is not None:
            self.hint = hint
        if self.hint:
            self.add_note(self.hint)  # shown under the message in notebooks and tracebacks


class DocumentError(KGError):
    """A document could not be read: missing, unreadable, undecodable or empty."""


class StoreError(KGError):
    """The store is missing, not a graph, locked or unreachable."""

    exit_code = 2


class NoGraphError(StoreError):
    """There is no graph yet where one was expected."""

    hint = "build one first: kg build seeds/"


class QueryError(KGError):
    """A SPARQL query is malformed or cannot be run."""

    exit_code = 2


class GoldFormatError(KGError):
    """A gold annotation file does not follow the format of SPEC.md."""

    exit_code = 2
