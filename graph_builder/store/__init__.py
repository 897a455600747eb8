"""Where SPARQL runs: the embedded pyoxigraph store or a remote SPARQL 1.1 endpoint.

Both stores answer ``run(query_text) -> Result`` with the same row and term types, so a
canned query gives comparable rows everywhere (see ``graph_builder.queries``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:  # results imports rdflib (0.1 s): not at import, so ``ipgov --help`` and served queries start fast
    from graph_builder.store.results import Result


class SparqlStore(Protocol):
    """Anything that answers a SPARQL 1.1 query text with a :class:`Result`."""

    def run(self, query: str) -> Result:
        """Run a SELECT, ASK, CONSTRUCT or DESCRIBE query."""
        ...  # pragma: no cover


def __getattr__(name: str) -> Any:
    if name == "Result":
        from graph_builder.store.results import Result

        return Result
    raise AttributeError(name)


__all__ = ["Result", "SparqlStore"]
