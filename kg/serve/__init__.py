"""`kg serve`: the graph as a read-only SPARQL 1.1 Protocol endpoint on loopback.

http.py answers the requests (negotiation, the checks of docs/security.md), workers.py runs each
query in a worker process without network and writes the result formats, page.py is the query page.
"""

from __future__ import annotations

from .http import make_server

__all__ = ["make_server"]
