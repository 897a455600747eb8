"""A remote SPARQL 1.1 endpoint, queried through SPARQLWrapper.

Loading data into a server is ``ipgov push``'s job; this module only asks questions.
Every failure (unreachable, refused, timed out, malformed answer) becomes an
:class:`~graph_builder.errors.EndpointError` naming the endpoint.
"""

from __future__ import annotations

import re
import socket
import urllib.error
import warnings
from typing import Any

import pyoxigraph as ox

from graph_builder.errors import EndpointError
from graph_builder.namespaces import XSD
from graph_builder.store.results import Result, Term

DEFAULT_TIMEOUT = 30.0  # seconds per request; a query is sent once, not retried
_KIND = re.compile(
    r"^(?:\s*(?:#[^\n]*|PREFIX\s+[^\s:]*:\s*<[^>]*>|BASE\s*<[^>]*>))*\s*(SELECT|ASK|CONSTRUCT|DESCRIBE)\b",
    re.IGNORECASE,
)


def query_kind(query: str) -> str:
    """SELECT, ASK, CONSTRUCT or DESCRIBE: the form of a query text (SELECT when unsure).

    >>> query_kind("PREFIX a: <http://a/>\\n# note\\nASK { ?s ?p ?o }")
    'ASK'
    """
    found = _KIND.match(query)
    return found.group(1).upper() if found else "SELECT"


class RemoteStore:
    """A SPARQL 1.1 query endpoint."""

    def __init__(self, endpoint: str, timeout: float = DEFAULT_TIMEOUT) -> None:
        if not re.match(r"^https?://", endpoint):
            raise EndpointError(endpoint, "not an http(s) URL")
        self.endpoint = endpoint
        self.timeout = timeout

    def _wrapper(self, query: str, return_format: str) -> Any:
        from SPARQLWrapper import POST, SPARQLWrapper

        wrapper = SPARQLWrapper(self.endpoint)
        wrapper.setMethod(POST)  # long parameter values do not fit in a GET URL
        wrapper.setTimeout(int(max(1, self.timeout)))
        wrapper.setQuery(query)
        wrapper.setReturnFormat(return_format)
        return wrapper

    def _send(self, query: str, return_format: str) -> Any:
        from SPARQLWrapper.SPARQLExceptions import SPARQLWrapperException

        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                return self._wrapper(query, return_format).query()
        except SPARQLWrapperException as error:
            raise EndpointError(self.endpoint, _first_line(str(error))) from None
        except urllib.error.HTTPError as error:
            raise EndpointError(self.endpoint, f"HTTP {error.code} {error.reason}") from None
        except urllib.error.URLError as error:
            reason = error.reason
            if isinstance(reason, TimeoutError | socket.timeout):
                raise EndpointError(self.endpoint, f"no answer within {self.timeout:g} s") from None
            raise EndpointError(self.endpoint, f"unreachable ({reason})") from None
        except TimeoutError:
            raise EndpointError(self.endpoint, f"no answer within {self.timeout:g} s") from None
        except (ConnectionError, OSError) as error:
            raise EndpointError(self.endpoint, f"unreachable ({error})") from None

    def run(self, query: str) -> Result:
        """Run a query and return its answer as terms."""
        kind = query_kind(query)
        if kind in ("CONSTRUCT", "DESCRIBE"):
            return self._graph(query)
        response = self._send(query, "json")
        try:
            with warnings.catch_warnings():  # SPARQLWrapper warns of an unexpected content type: we say it in one line
                warnings.simplefilter("ignore")
                data = response.convert()
        except Exception as error:  # the server sent something that is not SPARQL JSON
            raise EndpointError(self.endpoint, f"answer is not SPARQL JSON results ({error})") from None
        if not isinstance(data, dict):
            raise EndpointError(self.endpoint, "answer is not SPARQL JSON results")
        if "boolean" in data:
            return Result((), [], bool(data["boolean"]))
        try:
            variables = tuple(data["head"].get("vars", []))
            rows = [
                tuple(_term(binding[v]) if v in binding else None for v in variables)
                for binding in data["results"]["bindings"]
            ]
        except (KeyError, TypeError, ValueError) as error:
            raise EndpointError(self.endpoint, f"malformed SPARQL JSON results ({error})") from None
        return Result(variables, rows)

    def _graph(self, query: str) -> Result:
        response = self._send(query, "turtle")
        try:
            body = response.response.read()
            triples = list(ox.parse(body, format=ox.RdfFormat.TURTLE))
        except (SyntaxError, ValueError, OSError) as error:
            raise EndpointError(self.endpoint, f"answer is not Turtle ({error})") from None
        rows = sorted(((t.subject, t.predicate, t.object) for t in triples), key=lambda r: tuple(map(str, r)))
        return Result(("subject", "predicate", "object"), rows)  # type: ignore[arg-type]


def check_endpoint(endpoint: str, timeout: float = 10.0) -> None:
    """Raise :class:`EndpointError` unless ``endpoint`` answers ``ASK {}`` with a boolean.

    ``ipgov push`` and ``ipgov serve`` use it to tell a live endpoint from a dead one.
    """
    result = RemoteStore(endpoint, timeout=timeout).run("ASK {}")
    if result.boolean is None:
        raise EndpointError(endpoint, "does not answer ASK queries")


def _first_line(text: str) -> str:
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return (lines[0] if lines else "refused the request")[:300]


_BOOLEAN = str(XSD.boolean)


def _term(binding: dict[str, str]) -> Term:
    kind = binding["type"]
    value = binding["value"]
    if kind == "uri":
        return ox.NamedNode(value)
    if kind == "bnode":
        return ox.BlankNode(value)
    if kind in ("literal", "typed-literal"):
        if "xml:lang" in binding:
            return ox.Literal(value, language=binding["xml:lang"])
        if "datatype" in binding:
            if binding["datatype"] == _BOOLEAN:  # Virtuoso writes booleans as 1 and 0
                value = {"1": "true", "0": "false"}.get(value, value)
            return ox.Literal(value, datatype=ox.NamedNode(binding["datatype"]))
        return ox.Literal(value)
    raise ValueError(f"unknown term type {kind!r}")
