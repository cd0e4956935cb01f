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


class DocumentTooLargeError(DocumentError):
    """A document is larger than the reader takes (the message names the file and the limit)."""


class StoreError(KGError):
    """The store is missing, not a graph, locked or unreachable."""

    exit_code = 2


class NoGraphError(StoreError):
    """There is no graph yet where one was expected."""

    hint = "build one first: kg build seeds/"


class DamagedStoreError(StoreError):
    """The store's files are damaged (a flipped byte, a torn copy): it must be built again."""

    hint = "build it again from the articles: kg build DIR (or restore a backup of the store)"


class QueryError(KGError):
    """A SPARQL query is malformed or cannot be run."""

    exit_code = 2


class GoldFormatError(KGError):
    """A gold annotation file does not follow the format of SPEC.md."""

    exit_code = 2


class UnknownQuestionError(KGError):
    """No ready question has that name."""

    exit_code = 2
    hint = "list them with: kg queries"


class ParameterError(KGError):
    """A ready question's parameters are missing, unknown or not understood."""

    exit_code = 2


class NameNotFoundError(KGError):
    """No entity goes by that name."""

    exit_code = 2
    hint = "look for it with: kg search TEXT"


class AmbiguousNameError(KGError):
    """Several entities go by that name equally well."""

    exit_code = 2

    def __init__(self, message: str, candidates: list, hint: str | None = None):
        super().__init__(message, hint)
        self.candidates = candidates


class ViewError(KGError):
    """A view asks for something the graph does not hold (an entity, a banner, a document)."""


class FontError(KGError):
    """No font that can draw Chinese is installed."""
